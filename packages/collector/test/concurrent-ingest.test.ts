import { afterAll, describe, expect, it } from 'vitest'
import { openPostgres, startCollector } from '@touchpoint/collector'
import type { Collector, Database } from '@touchpoint/collector'
import { envelope, response, shuffled } from './fixtures.js'
import { getJson, post } from './harness/http.js'
import { STORES, useCollector } from './harness/stores.js'

describe.each(STORES)('two collectors on one %s database', (store) => {
  const t = useCollector(store)
  const own: { db?: Database; c?: Collector } = {}
  afterAll(async () => {
    await own.c?.close()
    if (own.db !== t.db) await own.db?.close()
  })

  // What a retry through a load balancer produces: the same answers, at once, in other orders,
  // to two collectors with connections of their own. Each request takes ids in a different
  // order; inserted as they came, two of them would each hold ids the other waits for.
  it('store the same 500 answers sent four times at once in different orders, each once, without a 500', async () => {
    own.db = t.databaseUrl ? await openPostgres(t.databaseUrl) : t.db
    // On one machine the four statements barely overlap (each takes a few milliseconds); a
    // millisecond per row makes them overlap fully, as they do under load. PGlite runs one
    // statement at a time: its collectors can only wait for each other.
    if (store === 'postgres') {
      await t.db.query(`CREATE FUNCTION test_slow() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(0.001); RETURN NEW; END $$;
        CREATE TRIGGER test_slow BEFORE INSERT ON responses FOR EACH ROW EXECUTE FUNCTION test_slow()`)
    }
    own.c = await startCollector({ port: 0, ratePerMinute: 0, db: own.db })
    const collectors = [t.url, own.c.url, t.url, own.c.url]
    for (let round = 0; round < 3; round++) {
      await t.db.query('TRUNCATE responses')
      const answers = Array.from({ length: 500 }, (_, i) => response({ score: i % 11, comment: i % 7 ? undefined : `comment ${i}` }))
      const results = await Promise.all(
        collectors.map(async (url) => {
          const res = await post(url, envelope(shuffled(answers)))
          return { status: res.status, body: await res.json() }
        }),
      )
      expect(results.map((r) => r.status), JSON.stringify(results.find((r) => r.status !== 200))).toEqual([200, 200, 200, 200])
      expect(results.reduce((n, r) => n + r.body.accepted, 0)).toBe(500)
      expect(results.reduce((n, r) => n + r.body.duplicates, 0)).toBe(1500)
      expect(await t.count()).toBe(500)
      // Both read the same figures, from the daily counts and from the answers.
      const [a, b, exact] = await Promise.all([getJson(t.url, '/v1/stats?distribution=true'), getJson(own.c.url, '/v1/stats?distribution=true'), getJson(own.c.url, '/v1/stats?distribution=true&from=2000-01-01T00:00:00Z')])
      expect(a.body.results).toEqual(b.body.results)
      expect(a.body.results).toEqual(exact.body.results)
      expect(a.body.results[0].n).toBe(500)
    }
  })
})
