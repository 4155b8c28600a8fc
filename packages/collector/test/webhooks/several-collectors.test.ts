import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCollector } from '@touchpoint/collector'
import type { Collector } from '@touchpoint/collector'
import { envelope, response } from '../fixtures.js'
import { post } from '../harness/http.js'
import { openTestDatabase } from '../harness/stores.js'
import type { TestDatabase } from '../harness/stores.js'
import { startReceiver } from './receiver.js'
import type { Receiver } from './receiver.js'

const ANSWERS = 2000

describe('several collectors on one PostgreSQL', () => {
  let database: TestDatabase
  let collectors: Collector[]
  let receiver: Receiver
  beforeAll(async () => {
    database = await openTestDatabase('postgres')
    receiver = await startReceiver()
    // Each with its own pool and its own worker, as on two machines; they look often, to race.
    collectors = await Promise.all(
      [1, 2].map(() => startCollector({ databaseUrl: database.url, port: 0, ratePerMinute: 0, allowPrivateWebhooks: true, webhookWorker: { pollMs: 20 } })),
    )
  })
  afterAll(async () => {
    await Promise.all(collectors.map((c) => c.close()))
    await receiver?.close()
    await database?.close()
  })

  it(`share ${ANSWERS} deliveries: each received, none twice at the same time`, { timeout: 120_000 }, async () => {
    const created = await (
      await fetch(`${collectors[0]!.url}/v1/webhooks`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ url: receiver.url() }) })
    ).json()
    receiver.secret('/hook', created.secret)
    // The receiver takes a moment per request, so that attempts overlap.
    receiver.behave(() => new Promise((r) => setTimeout(() => r(200), Math.random() * 3)))
    const answers = Array.from({ length: ANSWERS }, (_, i) => response({ surveyId: `survey-${i % 8}` }))
    for (let i = 0; i < ANSWERS; i += 20) {
      const res = await post(collectors[(i / 20) % 2]!.url, envelope(answers.slice(i, i + 20)))
      expect((await res.json()).accepted).toBe(20)
    }
    const ids = new Set(answers.map((a) => a.id))
    const received = () => new Set(receiver.accepted().map((r) => r.json.id as string))
    await expect.poll(() => received().size, { timeout: 90_000, interval: 200 }).toBe(ANSWERS)
    expect([...received()].every((id) => ids.has(id))).toBe(true)
    expect(receiver.overlaps).toEqual([])
    expect(receiver.received.every((r) => r.signed)).toBe(true)
    // The last ones are marked delivered once their 200 is back at the worker, a moment after the receiver counted them.
    const status = () => database.db.query<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM webhook_deliveries GROUP BY 1')
    await expect.poll(status, { timeout: 10_000 }).toEqual([{ status: 'delivered', n: ANSWERS }])
  })
})
