import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertWebhook } from '../../src/webhooks/store.js'
import { envelope, response } from '../fixtures.js'
import { post } from '../harness/http.js'
import { useCollector } from '../harness/stores.js'

// Only PostgreSQL has other sessions: the embedded store runs one statement at a time.
describe('deleting webhooks while answers come in, on PostgreSQL', () => {
  const t = useCollector('postgres', { webhookWorker: false })
  // Two sessions that delete, and one that watches (outside any transaction, which would see
  // the activity of its first look only).
  const admins: pg.Client[] = []
  beforeAll(async () => {
    for (const _ of [1, 2, 3]) {
      const c = new pg.Client(t.databaseUrl)
      await c.connect()
      admins.push(c)
    }
  })
  afterAll(async () => {
    await Promise.all(admins.map((c) => c.end()))
  })

  /** Waits until an insert of answers waits for a lock that session `by` holds. */
  const blockedBy = (by: pg.Client) =>
    expect
      .poll(
        async () =>
          (
            await admins[2]!.query(
              `SELECT count(*)::int AS n FROM pg_stat_activity
               WHERE query LIKE 'INSERT INTO responses%' AND $1 = ANY (pg_blocking_pids(pid))`,
              [(by as unknown as { processID: number }).processID],
            )
          ).rows[0].n,
        { timeout: 20_000, interval: 20 },
      )
      .toBeGreaterThan(0)

  it('stores every answer of a batch sent while two webhooks it matches are being deleted', async () => {
    const [first, second] = admins as [pg.Client, pg.Client, pg.Client]
    const hooks = [crypto.randomUUID(), crypto.randomUUID()].sort()
    for (const id of hooks) await insertWebhook(t.db, id, 'whsec_test', { url: 'https://hooks.example.com/', events: ['answer'], filter: {}, format: 'json', enabled: true })
    // Two deletions under way (the dashboard deleting one webhook after the other, a script
    // cleaning up): each holds its webhook until it commits.
    await first.query('BEGIN')
    await first.query('DELETE FROM webhooks WHERE id = $1', [hooks[0]])
    await second.query('BEGIN')
    await second.query('DELETE FROM webhooks WHERE id = $1', [hooks[1]])
    const batch = [response(), response()]
    const sent = post(t.url, envelope(batch)).then(async (res) => ({ status: res.status, body: await res.json() }))
    await blockedBy(first)
    await first.query('COMMIT')
    await blockedBy(second)
    await second.query('COMMIT')
    expect(await sent).toEqual({ status: 200, body: { accepted: 2, duplicates: 0, rejected: [] } })
    expect(await t.count()).toBe(2)
    // Nothing is left to deliver for the webhooks that are gone.
    expect(await t.db.query('SELECT count(*)::int AS n FROM webhook_outbox')).toEqual([{ n: 0 }])
  })
})
