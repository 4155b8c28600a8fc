import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ingest, openPostgres } from '@touchpoint/collector'
import type { Database } from '@touchpoint/collector'
import { insertWebhook } from '../../src/webhooks/store.js'
import { startWebhookWorker } from '../../src/webhooks/worker.js'
import type { WebhookWorker } from '../../src/webhooks/worker.js'
import { response } from '../fixtures.js'
import { openTestDatabase } from '../harness/stores.js'
import type { TestDatabase } from '../harness/stores.js'
import { startReceiver } from './receiver.js'
import type { Receiver } from './receiver.js'

// A backlog in the outbox (answers stored while no worker ran) on a PostgreSQL server with a
// 1-second bound per transaction, where each delivery made costs 3 ms (a trigger that sleeps:
// a slow or busy server, at a scale that runs in seconds). Turning the whole backlog into
// deliveries at once takes about 2 s: that transaction can never finish in time.
const BATCHES = [250, 250, 100]
const PER_DELIVERY_MS = 3
const BOUND_MS = 1000

describe('a backlog in the outbox, on PostgreSQL', () => {
  let database: TestDatabase
  let receiver: Receiver
  const pools: Database[] = []
  const workers: WebhookWorker[] = []
  beforeAll(async () => {
    database = await openTestDatabase('postgres')
    receiver = await startReceiver()
  })
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()))
    await Promise.all(pools.map((p) => p.close()))
    await receiver?.close()
    await database?.close()
  })

  it('is sent in bounded transactions, each answer once and in order, and the answers behind it too', { timeout: 60_000 }, async () => {
    const { db } = database
    const secret = 'whsec_backlog'
    const hook = await insertWebhook(db, randomUUID(), secret, { url: receiver.url('/hook'), events: ['answer'], filter: {}, format: 'json', enabled: true })
    receiver.secret('/hook', secret)
    const at = (b: number, i: number) => new Date(Date.UTC(2026, 10, 20, 10, b, 0, i)).toISOString()
    const batches = BATCHES.map((n, b) => Array.from({ length: n }, (_, i) => response({ surveyId: `s${i % 4}`, answeredAt: at(b, i) })))
    for (const b of batches) expect(await ingest(db, b)).toMatchObject({ accepted: b.length })
    // An answer after the backlog, which must not wait behind it for ever.
    const after = response({ surveyId: 'later' })
    await ingest(db, [after])
    const expected = [...batches.flat(), after].map((a) => a.id)
    expect(await db.query('SELECT sum(cardinality(response_ids))::int AS n FROM webhook_outbox')).toEqual([{ n: expected.length }])
    await db.query(`CREATE FUNCTION slow_delivery() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_sleep(${PER_DELIVERY_MS / 1000}); RETURN NEW; END $$`)
    await db.query('CREATE TRIGGER slow_delivery BEFORE INSERT ON webhook_deliveries FOR EACH ROW EXECUTE FUNCTION slow_delivery()')

    // Two collectors, each with its own pool and worker, at 100 answers per transaction.
    for (const _ of [1, 2]) {
      const pool = await openPostgres(database.url!, 4, BOUND_MS)
      pools.push(pool)
      workers.push(startWebhookWorker({ db: pool, allowPrivate: true, pollMs: 20, outboxAnswers: 100 }))
    }
    const received = () => new Set(receiver.accepted().map((r) => r.json.id as string))
    await expect.poll(() => received().size, { timeout: 40_000, interval: 100 }).toBe(expected.length)
    expect([...received()].sort()).toEqual([...expected].sort())
    expect(receiver.overlaps).toEqual([])
    // One delivery per answer, made in the order of the outbox and of each batch's answers.
    const made = await db.query<{ response_id: string }>('SELECT response_id FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY seq', [hook.id])
    expect(made.map((r) => r.response_id)).toEqual(expected)
    expect(await db.query('SELECT count(*)::int AS n FROM webhook_outbox')).toEqual([{ n: 0 }])
  })
})
