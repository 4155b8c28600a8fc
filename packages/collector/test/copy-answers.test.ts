import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { copyAnswers, ingest, ingestEvents } from '@touchpoint/collector'
import { insertWebhook } from '../src/webhooks/store.js'
import { event, response } from './fixtures.js'
import { openTestDatabase, STORES } from './harness/stores.js'

// received_at to the microsecond, written in UTC: the text of a timestamptz follows the session's
// time zone, which the test server takes from the machine's.
const everything = "SELECT *, (received_at AT TIME ZONE 'UTC')::text AS received FROM responses ORDER BY id"

describe('copyAnswers', () => {
  it('moves every answer from the embedded store to PostgreSQL, field for field, and can run again', async () => {
    const [from, to] = await Promise.all([openTestDatabase('pglite'), openTestDatabase('postgres')])
    try {
      const answers = Array.from({ length: 7 }, (_, i) =>
        response({ score: i, comment: i % 2 ? `Crème ${i}` : undefined, visitor: { anonymousId: `a${i}`, attributes: { plan: 'pro', n: i } }, context: { plan: 'pro', n: i } } as never),
      )
      await ingest(from.db, answers)
      await ingestEvents(from.db, [event(), event({ kind: 'dismissed' })])
      await ingest(to.db, answers.slice(0, 2))
      const progress: number[][] = []
      expect(await copyAnswers(from.db, to.db, { pageSize: 3, onProgress: (c, s) => progress.push([c, s]) })).toEqual({ copied: 5, skipped: 2, events: { copied: 2, skipped: 0 } })
      expect(progress.at(-1)).toEqual([5, 2])
      const [source, target] = await Promise.all([from.db.query(everything), to.db.query(everything)])
      // Answers sent to both kept the target's own received_at; compare the copied ones in full.
      const copied = (rows: Record<string, unknown>[]) => rows.filter((r) => !answers.slice(0, 2).some((a) => a.id === r.id))
      expect(copied(target)).toEqual(copied(source))
      expect(target).toHaveLength(7)
      // The folded comments (a generated column) were made again, and the counts follow the copies.
      expect(await to.db.query(`SELECT comment_folded FROM responses WHERE comment IS NOT NULL ORDER BY 1 LIMIT 1`)).toEqual([{ comment_folded: 'creme 1' }])
      expect(await to.db.query(`SELECT sum(n)::int AS n FROM event_counts`)).toEqual([{ n: 2 }])
      expect(await copyAnswers(from.db, to.db)).toEqual({ copied: 0, skipped: 7, events: { copied: 0, skipped: 2 } })
    } finally {
      await Promise.all([from.close(), to.close()])
    }
  })

  it.each(STORES)('sends none of the copied answers to the webhooks on %s, however recent, and the answers after the copy as usual', async (store) => {
    const [from, to] = await Promise.all([openTestDatabase('pglite'), openTestDatabase(store)])
    try {
      // The webhook is older than every answer to copy: the source received them after it was made.
      const hook = await insertWebhook(to.db, randomUUID(), 'whsec_test', { url: 'https://hooks.example.com/x', events: ['answer'], filter: {}, format: 'json', enabled: true })
      const [clock] = await from.db.query<{ later: boolean }>('SELECT now() > $1::timestamptz AS later', [hook.createdAt])
      expect(clock!.later).toBe(true)
      const answers = Array.from({ length: 5 }, (_, i) => response({ score: i }))
      await ingest(from.db, answers)
      expect(await copyAnswers(from.db, to.db, { pageSize: 2 })).toMatchObject({ copied: 5, skipped: 0 })
      expect(await to.db.query('SELECT count(*)::int AS n FROM responses')).toEqual([{ n: 5 }])
      expect(await to.db.query('SELECT * FROM webhook_outbox')).toEqual([])
      // The mark was the copy's transactions' own: an answer stored next, on the same connection
      // for the embedded store, goes to the webhook.
      const next = response()
      await ingest(to.db, [next])
      expect(await to.db.query('SELECT webhook_id, response_ids FROM webhook_outbox')).toEqual([{ webhook_id: hook.id, response_ids: [next.id] }])
    } finally {
      await Promise.all([from.close(), to.close()])
    }
  })
})
