import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { ResponsePayload } from '@touchpoint/core'
import { copyAnswers } from '@touchpoint/collector'
import { expandOutbox } from '../../src/webhooks/store.js'
import { startWebhookWorker } from '../../src/webhooks/worker.js'
import type { WebhookWorker, WebhookWorkerOptions } from '../../src/webhooks/worker.js'
import { envelope, response } from '../fixtures.js'
import { post } from '../harness/http.js'
import { openTestDatabase, STORES, useCollector } from '../harness/stores.js'
import { startReceiver, testClock, travel as travelTo } from './receiver.js'
import type { Receiver } from './receiver.js'

const HOUR = 3600e3

describe.each(STORES)('webhook deliveries on %s', (store) => {
  // The collector serves the API and ingest; each test runs a worker of its own. Retry times,
  // leases and the 24 hours follow the database's clock, which no test can move: `travel` moves
  // the deliveries' stored times back instead, which is the same to the worker.
  const t = useCollector(store, { allowPrivateWebhooks: true, webhookWorker: false })
  let receiver: Receiver
  let clock: ReturnType<typeof testClock>
  let workers: WebhookWorker[]
  const worker = (o: Partial<WebhookWorkerOptions> = {}) => {
    const w = startWebhookWorker({ db: t.db, allowPrivate: true, pollMs: 0, now: clock.now, random: () => 0.5, ...o })
    workers.push(w)
    return w
  }

  /** Creates a webhook over the API and tells the receiver its secret. */
  const hook = async (body: Record<string, unknown>, path = '/hook') => {
    const res = await fetch(`${t.url}/v1/webhooks`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ url: receiver.url(path), ...body }),
    })
    const created = await res.json()
    expect(res.status, JSON.stringify(created)).toBe(201)
    receiver.secret(path, created.secret)
    return created as { id: string; secret: string }
  }
  const travel = (ms: number) => travelTo(t.db, ms)
  const deliveries = async (id: string) => (await (await fetch(`${t.url}/v1/webhooks/${id}/deliveries`)).json()).deliveries
  const send = async (...responses: ResponsePayload[]) => {
    const res = await post(t.url, envelope(responses))
    expect(await res.json()).toMatchObject({ accepted: responses.length })
  }

  beforeAll(async () => {
    receiver = await startReceiver()
  })
  afterAll(() => receiver.close())
  beforeEach(async () => {
    await t.db.query('TRUNCATE webhooks CASCADE')
    receiver.received.length = 0
    receiver.behave(() => 200)
    clock = testClock()
    workers = []
  })
  afterEach(async () => {
    receiver.release()
    await Promise.all(workers.map((w) => w.stop()))
  })

  it('sends each answer a webhook takes once, signed, as the answer plus event, webhook and delivery', async () => {
    const w = await hook({ events: ['answer'] })
    const answers = [
      response({ comment: 'Fast checkout', visitor: { anonymousId: 'a-1', userId: 'u-42', attributes: { plan: 'pro' } }, context: { orderId: 'A-1042', total: 42.5 } }),
      response({ score: 3 }),
    ]
    await send(...answers)
    // The batch again (a retry by the SDK): duplicates, which send nothing.
    expect(await (await post(t.url, envelope(answers))).json()).toMatchObject({ duplicates: 2 })
    await worker().runDue()

    expect(receiver.received).toHaveLength(2)
    for (const r of receiver.received) {
      expect(r.signed).toBe(true)
      expect(r.event).toBe('answer')
      expect(r.json).toEqual({ event: 'answer', webhook: w.id, delivery: r.delivery, ...answers.find((a) => a.id === r.json.id) })
    }
    expect(receiver.received.map((r) => r.json.id).sort()).toEqual(answers.map((a) => a.id).sort())
    const listed = await deliveries(w.id)
    expect(listed.map((d: any) => [d.status, d.attempts, d.lastStatus])).toEqual([['delivered', 1, 200], ['delivered', 1, 200]])
    expect(new Set(listed.map((d: any) => d.id))).toEqual(new Set(receiver.received.map((r) => r.delivery)))
    // Delivery ids are UUIDs of version 7: ordered by time, as the database likes its keys.
    for (const d of listed) expect(d.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })

  const FILTERS: [string, Record<string, unknown>][] = [
    ['all', {}],
    ['survey', { survey: 'checkout-nps' }],
    ['touchpoint', { touchpoint: 'delivery' }],
    ['stage', { stage: 'retention' }],
    ['detractors', { type: 'nps', scores: [0, 6] }],
    ['alerts', { type: 'nps', scores: [0, 6], withComment: true }],
    ['silent', { withComment: false }],
    ['csat-low', { type: 'csat', scores: [1, 2], touchpoint: 'delivery' }],
    // 1–4 on 7 points is "neutral" or harder; a 4 on 5 points is "agree", easy.
    ['ces7-hard', { type: 'ces', scale: 7, scores: [1, 4] }],
    ['ces5', { type: 'ces', scale: 5 }],
  ]
  /** The answers of the filter tests, and which of them each filter of FILTERS takes. */
  const filtered = () => ({
    answers: {
      promoter: response({ surveyId: 'checkout-nps', score: 10 }),
      detractor: response({ surveyId: 'checkout-nps', score: 6 }),
      angry: response({ surveyId: 'checkout-nps', score: 0, comment: 'Payment failed twice' }),
      csat: response({ type: 'csat', surveyId: 'delivery-csat', score: 2, touchpoint: 'delivery', stage: 'retention', comment: 'Late' }),
      ces: response({ type: 'ces', surveyId: 'support-ces', score: 2, touchpoint: 'support', stage: undefined }),
      ces5: response({ type: 'ces', scale: { min: 1, max: 5 }, surveyId: 'support-ces5', score: 4, touchpoint: 'support', stage: undefined }),
    },
    taken: {
      all: ['angry', 'ces', 'ces5', 'csat', 'detractor', 'promoter'],
      survey: ['angry', 'detractor', 'promoter'],
      touchpoint: ['csat'],
      stage: ['csat'],
      detractors: ['angry', 'detractor'],
      alerts: ['angry'],
      silent: ['ces', 'ces5', 'detractor', 'promoter'],
      'csat-low': ['csat'],
      'ces7-hard': ['ces'],
      ces5: ['ces5'],
    },
  })
  /** Which of `answers` each webhook of FILTERS was sent, by name. */
  const sentTo = (answers: Record<string, ResponsePayload>) =>
    Object.fromEntries(
      FILTERS.map(([name]) => [
        name,
        receiver.received
          .filter((r) => r.path === `/${name}`)
          .map((r) => Object.entries(answers).find(([, x]) => x.id === r.json.id)![0])
          .sort(),
      ]),
    )

  it('sends only the answers that match the filter', async () => {
    for (const [name, filter] of FILTERS) await hook({ filter }, `/${name}`)
    const { answers, taken } = filtered()
    await send(...Object.values(answers))
    await worker().runDue()
    expect(sentTo(answers)).toEqual(taken)
  })

  it('checks the filter again as a delivery goes: one changed since the answer was stored leaves it out, unsent', async () => {
    // Stored while every webhook took every answer (its receiver down, say); then each
    // webhook's filter is changed, before the deliveries go.
    const ids = new Map<string, string>()
    for (const [name] of FILTERS) ids.set(name, (await hook({}, `/${name}`)).id)
    const { answers, taken } = filtered()
    await send(...Object.values(answers))
    await expandOutbox(t.db)
    for (const [name, filter] of FILTERS) {
      const res = await fetch(`${t.url}/v1/webhooks/${ids.get(name)}`, { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ filter }) })
      expect(res.status).toBe(200)
    }
    await worker().runDue()
    // What goes is what the filter takes now, as for an answer stored after the change.
    expect(sentTo(answers)).toEqual(taken)
    const left = (await deliveries(ids.get('alerts')!)).filter((d: any) => d.responseId !== answers.angry.id)
    expect(left).toHaveLength(5)
    for (const d of left) {
      expect(d).toMatchObject({ status: 'failed', lastStatus: null, lastError: "not sent: the answer no longer matches the webhook's filter, changed after it was stored" })
    }
  })

  it('reads a CES range made before filters named a scale on both scales, as it did', async () => {
    // The API now refuses such a filter; one stored earlier is written here as it was.
    const w = await hook({}, '/legacy')
    await t.db.query(`UPDATE webhooks SET filter = '{"type": "ces", "scores": [1, 4]}' WHERE id = $1`, [w.id])
    const { answers } = filtered()
    await send(...Object.values(answers))
    await worker().runDue()
    expect(receiver.received.map((r) => r.json.id).sort()).toEqual([answers.ces.id, answers.ces5.id].sort())
  })

  it('writes a Slack message for the slack format', async () => {
    await hook({ format: 'slack', filter: { type: 'nps', scores: [0, 6], withComment: true } })
    await send(response({ score: 3, comment: 'Payment failed twice', device: 'mobile', visitor: { anonymousId: 'a', attributes: { plan: 'pro' } } }))
    await worker().runDue()
    expect(receiver.received.map((r) => [r.signed, r.json])).toEqual([[true, { text: "NPS 3 at checkout (purchase): 'Payment failed twice' — plan pro, mobile" }]])
  })

  it('retries after a 500, a timeout and a refused connection, with the same delivery id, until the receiver takes it', async () => {
    const w = await hook({})
    const run = worker({ timeoutMs: 2000 })
    await send(response())

    receiver.behave(() => 500)
    const before = Date.now()
    await run.runDue()
    const took = Date.now() - before
    let [d] = await deliveries(w.id)
    expect(d).toMatchObject({ status: 'pending', attempts: 1, lastStatus: 500, lastError: 'the receiver answered 500' })
    // Not due yet: nothing is sent however often the worker looks.
    await run.runDue()
    expect(receiver.received).toHaveLength(1)
    // 5 s × (1 + 0.5) / 2 after the attempt (which took at most `took`), by the database's clock.
    expect(Date.parse(d.nextAttemptAt) - Date.parse(d.lastAttemptAt)).toBeGreaterThanOrEqual(3750)
    expect(Date.parse(d.nextAttemptAt) - Date.parse(d.lastAttemptAt)).toBeLessThanOrEqual(3750 + took + 1)

    await travel(HOUR)
    receiver.behave(() => 'hang')
    await run.runDue()
    ;[d] = await deliveries(w.id)
    expect(d).toMatchObject({ status: 'pending', attempts: 2, lastStatus: null, lastError: 'no answer within 2 s' })
    expect(receiver.received).toHaveLength(2)

    await travel(HOUR)
    await receiver.pause()
    await run.runDue()
    ;[d] = await deliveries(w.id)
    expect(d).toMatchObject({ status: 'pending', attempts: 3, lastStatus: null, lastError: 'connection refused' })

    await travel(HOUR)
    await receiver.resume()
    receiver.behave(() => 204)
    await run.runDue()
    ;[d] = await deliveries(w.id)
    expect(d).toMatchObject({ status: 'delivered', attempts: 4, lastStatus: 204, lastError: null, nextAttemptAt: null })
    // Each attempt the receiver could see, it saw once, always as the same delivery.
    expect(receiver.received.map((r) => r.answer)).toEqual([500, 'hang', 204])
    expect(new Set(receiver.received.map((r) => r.delivery))).toEqual(new Set([d.id]))
    expect(receiver.received.every((r) => r.signed)).toBe(true)
    await run.runDue()
    expect(receiver.received).toHaveLength(3)
  })

  it('turns the webhook off when the receiver answers 410, and sends again once it is turned on', async () => {
    const w = await hook({})
    const run = worker()
    receiver.behave(() => 410)
    await send(response())
    await run.runDue()
    const off = await (await fetch(`${t.url}/v1/webhooks/${w.id}`)).json()
    expect(off).toMatchObject({ enabled: false, disabledReason: expect.stringContaining('410 Gone'), failed: 1, pending: 0 })
    // Answers that come while it is off are not for it.
    await send(response())
    await run.runDue()
    expect(receiver.received).toHaveLength(1)

    receiver.behave(() => 200)
    const on = await fetch(`${t.url}/v1/webhooks/${w.id}`, { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: '{"enabled":true}' })
    expect(await on.json()).toMatchObject({ enabled: true, disabledReason: null })
    await send(response())
    await run.runDue()
    expect(receiver.received.map((r) => r.answer)).toEqual([410, 200])
  })

  it('gives up after 24 hours of failures, and sends again when retried', async () => {
    const w = await hook({})
    const run = worker()
    receiver.behave(() => 503)
    await send(response())
    let d
    for (let i = 0; i < 200; i++) {
      await run.runDue()
      ;[d] = await deliveries(w.id)
      if (d.status !== 'pending') break
      const [due] = await t.db.query<{ ms: number }>('SELECT extract(epoch FROM next_attempt_at - now())::float8 * 1000 AS ms FROM webhook_deliveries WHERE id = $1', [d.id])
      await travel(Math.max(0, due!.ms))
    }
    expect(d).toMatchObject({ status: 'failed', lastStatus: 503, nextAttemptAt: null })
    // Backoff doubling from 5 s up to an hour (here 3.75 s to 45 min, the jitter in the middle):
    // about 40 attempts in a day, the last at the 24-hour mark.
    expect(d.attempts).toBeGreaterThan(35)
    expect(d.attempts).toBeLessThan(50)
    expect(Date.parse(d.lastAttemptAt) - Date.parse(d.createdAt)).toBeGreaterThanOrEqual(24 * HOUR - 1000)
    expect(receiver.received).toHaveLength(d.attempts)

    // Failed: the worker leaves it alone…
    await travel(HOUR)
    await run.runDue()
    expect(receiver.received).toHaveLength(d.attempts)
    // …until it is retried from the dashboard (the API).
    receiver.behave(() => 200)
    const retried = await fetch(`${t.url}/v1/webhooks/${w.id}/deliveries/${d.id}/retry`, { method: 'POST' })
    expect(await retried.json()).toMatchObject({ id: d.id, status: 'pending' })
    await run.runDue()
    ;[d] = await deliveries(w.id)
    expect(d).toMatchObject({ status: 'delivered', lastStatus: 200 })
    expect(receiver.received.at(-1)!.delivery).toBe(d.id)
    const again = await fetch(`${t.url}/v1/webhooks/${w.id}/deliveries/${d.id}/retry`, { method: 'POST' })
    expect(again.status).toBe(409)
  })

  it('keeps answer order per survey, holding a survey back while its oldest delivery waits for a retry', async () => {
    await hook({})
    const run = worker()
    const at = (i: number) => new Date(Date.UTC(2026, 10, 20, 10, i)).toISOString()
    const a = Array.from({ length: 6 }, (_, i) => response({ surveyId: 'a', answeredAt: at(i), comment: `a${i}` }))
    const b = Array.from({ length: 6 }, (_, i) => response({ surveyId: 'b', answeredAt: at(i), comment: `b${i}` }))
    // Shuffled in the batch: answer order is answeredAt.
    receiver.behave((r) => (r.json.comment === 'a0' && !receiver.received.some((x) => x.json.comment === 'a0') ? 500 : 200))
    await send(...[...a, ...b].reverse())
    await run.runDue()
    const order = (survey: string) => receiver.accepted().filter((r) => r.json.surveyId === survey).map((r) => r.json.comment)
    expect(order('b')).toEqual(['b0', 'b1', 'b2', 'b3', 'b4', 'b5'])
    // a0 failed once: the rest of survey a waited behind it.
    expect(order('a')).toEqual([])
    await travel(HOUR)
    await run.runDue()
    expect(order('a')).toEqual(['a0', 'a1', 'a2', 'a3', 'a4', 'a5'])
  })

  it('lets a delivery the receiver refuses with a 4xx stop holding back the others', async () => {
    const w = await hook({})
    const run = worker()
    receiver.behave((r) => (r.json.comment === 'poison' ? 422 : 200))
    const at = (i: number) => new Date(Date.UTC(2026, 10, 20, 10, i)).toISOString()
    await send(response({ answeredAt: at(0), comment: 'poison' }), response({ answeredAt: at(1), comment: 'next' }))
    await run.runDue()
    expect(receiver.accepted().map((r) => r.json.comment)).toEqual(['next'])
    const listed = await deliveries(w.id)
    expect(listed.map((d: any) => [d.status, d.lastStatus])).toEqual([['delivered', 200], ['pending', 422]])
  })

  it('never lets a slow receiver hold up another webhook, nor ingest', async () => {
    await hook({}, '/slow')
    await hook({}, '/fast')
    receiver.behave((r) => (r.path === '/slow' ? 'hang' : 200))
    const run = worker({ timeoutMs: 60_000 })
    await send(...Array.from({ length: 10 }, (_, i) => response({ surveyId: `s${i}` })))
    const round = run.runDue()
    await expect.poll(() => receiver.accepted('/fast').length).toBe(10)
    // The slow one has every attempt it may make at once in flight, none answered.
    expect(receiver.received.filter((r) => r.path === '/slow' && r.answer === 'hang')).toHaveLength(4)
    // Answers still go in, at once.
    await send(response())
    receiver.behave(() => 200)
    receiver.release(200)
    await round
    await run.runDue()
    const { webhooks } = await (await fetch(`${t.url}/v1/webhooks`)).json()
    expect(webhooks.map((w: any) => w.pending)).toEqual([0, 0])
    expect(new Set(receiver.received.filter((r) => r.path === '/slow').map((r) => r.delivery)).size).toBe(11)
  })

  it('leaves another collector\'s live lease alone, however far ahead its own clock is: each delivery is sent once', async () => {
    const w = await hook({})
    receiver.behave(() => 'hang')
    await send(response())
    // Two collectors on one database, their clocks 5 minutes apart; the first holds the
    // delivery, its receiver not answering yet (a lease of 70 s).
    const holder = worker({ timeoutMs: 60_000 })
    const ahead = worker({ now: () => clock.now() + 5 * 60e3 })
    const round = holder.runDue()
    await expect.poll(() => receiver.received.length).toBe(1)
    await ahead.runDue()
    expect(receiver.received).toHaveLength(1)
    receiver.behave(() => 200)
    receiver.release(200)
    await round
    await ahead.runDue()
    await holder.runDue()
    expect(receiver.received.map((r) => r.answer)).toEqual(['hang'])
    expect(receiver.overlaps).toEqual([])
    const [d] = await deliveries(w.id)
    expect(d).toMatchObject({ status: 'delivered', attempts: 1, lastStatus: 200 })
  })

  it('sends on a collector whose clock is a day behind, and frees a lease taken on one a day ahead when it runs out', async () => {
    const w = await hook({})
    const DAY = 24 * HOUR
    await send(response())
    // Behind: what the database made due now is due for it too.
    await worker({ now: () => clock.now() - DAY }).runDue()
    expect(receiver.accepted().length).toBe(1)

    receiver.behave(() => 'hang')
    await send(response())
    const ahead = worker({ now: () => clock.now() + DAY, timeoutMs: 60_000, leaseMs: 70_000 })
    const round = ahead.runDue()
    await expect.poll(() => receiver.received.length).toBe(2)
    const other = worker()
    // Its lease is 70 s long on the database's clock, not a day and 70 s: live 10 s before…
    await travel(60_000)
    await other.runDue()
    expect(receiver.received).toHaveLength(2)
    // …and another collector takes the delivery over once it has run out.
    await travel(10_001)
    receiver.behave(() => 200)
    await other.runDue()
    expect(receiver.received.map((r) => r.answer)).toEqual([200, 'hang', 200])
    expect(new Set(receiver.received.slice(1).map((r) => r.delivery)).size).toBe(1)
    receiver.release(200)
    await round
    expect((await deliveries(w.id)).map((d: any) => [d.status, d.attempts])).toEqual([['delivered', 2], ['delivered', 1]])
  })

  it('checks the address at each send, on the address it connects to', async () => {
    // The API checked the name when the webhook was made; by send time it points elsewhere (DNS rebinding).
    const w = await hook({}, '/hook')
    await t.db.query(`UPDATE webhooks SET url = $1`, [`https://receiver.test:${receiver.port}/hook`])
    await send(response())
    const strict = worker({ allowPrivate: false, resolve: async () => [{ address: '127.0.0.1', family: 4 }] })
    await strict.runDue()
    expect(receiver.received).toHaveLength(0)
    let [d] = await deliveries(w.id)
    expect(d.lastError).toBe(
      'receiver.test resolves to 127.0.0.1, which is not a public address: webhooks reach public addresses only, unless the collector runs with --allow-private-webhooks (TOUCHPOINT_ALLOW_PRIVATE_WEBHOOKS=1)',
    )
    await strict.stop()
    // With private targets allowed, the connection goes to the address the name resolved to.
    await t.db.query(`UPDATE webhooks SET url = $1`, [`http://receiver.test:${receiver.port}/hook`])
    await travel(HOUR)
    await worker({ resolve: async () => [{ address: '127.0.0.1', family: 4 }] }).runDue()
    ;[d] = await deliveries(w.id)
    expect(d.status).toBe('delivered')
    expect(receiver.received).toHaveLength(1)
  })

  it('writes the delivery with the answer, whatever inserts it, and only for answers from its creation on', async () => {
    const w = await hook({})
    // Written in the answer's own transaction…
    await t.db.transaction(async (q) => {
      const [r] = await q<{ id: string }>(`INSERT INTO responses (id, survey_id, type, scale_min, scale_max, score, touchpoint, answered_at) VALUES (gen_random_uuid(), 's', 'nps', 0, 10, 3, 'checkout', now()) RETURNING id`)
      expect(await q('SELECT response_ids FROM webhook_outbox')).toEqual([{ response_ids: [r!.id] }])
      await q('DELETE FROM responses')
      await q('DELETE FROM webhook_outbox')
    })
    // …and rolled back with it: no delivery without its answer.
    await expect(
      t.db.transaction(async (q) => {
        await q(`INSERT INTO responses (id, survey_id, type, scale_min, scale_max, score, touchpoint, answered_at) VALUES (gen_random_uuid(), 's', 'nps', 0, 10, 3, 'checkout', now())`)
        throw new Error('rolled back')
      }),
    ).rejects.toThrow('rolled back')
    expect(await deliveries(w.id)).toEqual([])
    // Stored by hand: delivered all the same.
    await t.db.query(`INSERT INTO responses (id, survey_id, type, scale_min, scale_max, score, touchpoint, answered_at) VALUES (gen_random_uuid(), 's', 'nps', 0, 10, 3, 'checkout', now())`)
    expect(await deliveries(w.id)).toHaveLength(1)
    // Copied in from another collector: old answers, not replayed.
    const other = await openTestDatabase('pglite')
    await other.db.query(`INSERT INTO responses (id, survey_id, type, scale_min, scale_max, score, touchpoint, answered_at, received_at)
      VALUES (gen_random_uuid(), 's', 'nps', 0, 10, 3, 'checkout', now(), now() - interval '1 day')`)
    expect(await copyAnswers(other.db, t.db)).toEqual({ copied: 1, skipped: 0, events: { copied: 0, skipped: 0 } })
    await other.close()
    expect(await deliveries(w.id)).toHaveLength(1)
  })

  it('turns the outbox into one delivery per answer, once and in order, however many collectors do it at once', async () => {
    const w = await hook({})
    const at = (i: number) => new Date(Date.UTC(2026, 10, 20, 10, i)).toISOString()
    const batches = [0, 1, 2].map((b) => Array.from({ length: 5 }, (_, i) => response({ surveyId: `s${i % 2}`, answeredAt: at(10 * b + 4 - i) })))
    for (const b of batches) await send(...b)
    expect(await t.db.query('SELECT cardinality(response_ids) AS n FROM webhook_outbox ORDER BY seq')).toEqual([{ n: 5 }, { n: 5 }, { n: 5 }])
    const made = await Promise.all([expandOutbox(t.db, { rows: 1 }), expandOutbox(t.db, { rows: 1 }), expandOutbox(t.db, { rows: 1 })])
    expect(made.reduce((a, b) => a + b.made, 0)).toBe(15)
    expect(await t.db.query('SELECT count(*)::int AS n FROM webhook_outbox')).toEqual([{ n: 0 }])
    const order = await t.db.query<{ response_id: string }>('SELECT response_id FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY seq', [w.id])
    // Batch by batch, each in answer order.
    expect(order.map((r) => r.response_id)).toEqual(batches.flatMap((b) => [...b].reverse().map((a) => a.id)))
  })

  it('takes a bounded number of answers per transaction, a large row in parts, still once and in order', async () => {
    const w = await hook({})
    // Outbox rows 97 to 101: their order is that of numbers, not of text.
    await t.db.query(`SELECT setval(pg_get_serial_sequence('webhook_outbox', 'seq'), 96)`)
    const sizes = [7, 1, 1, 12, 3]
    const at = (b: number, i: number) => new Date(Date.UTC(2026, 10, 20, 10, b, i)).toISOString()
    const batches = sizes.map((n, b) => Array.from({ length: n }, (_, i) => response({ surveyId: `s${i % 3}`, answeredAt: at(b, i) })))
    for (const b of batches) await send(...b)
    const outbox = async () => (await t.db.query<{ seq: string; n: number }>('SELECT seq::int AS seq, cardinality(response_ids) AS n FROM webhook_outbox ORDER BY seq')).map((r) => [r.seq, r.n])
    expect(await outbox()).toEqual([[97, 7], [98, 1], [99, 1], [100, 12], [101, 3]])
    const expected = batches.flatMap((b) => b.map((a) => a.id))
    const made = () => t.db.query<{ response_id: string }>('SELECT response_id FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY seq', [w.id])
    // One transaction of 5 answers: the first 5 of the 7 of the first row, whose 2 others stay at the head.
    expect(await expandOutbox(t.db, { answers: 5, rounds: 1 })).toEqual({ made: 5, done: false, busy: false })
    expect(await outbox()).toEqual([[97, 2], [98, 1], [99, 1], [100, 12], [101, 3]])
    // The next two: those 2, the two rows after and the first answer of the 12; then 5 more of them.
    expect(await expandOutbox(t.db, { answers: 5, rounds: 2 })).toEqual({ made: 10, done: false, busy: false })
    expect(await outbox()).toEqual([[100, 6], [101, 3]])
    expect((await made()).map((r) => r.response_id)).toEqual(expected.slice(0, 15))
    // The rest by three collectors at once, 4 answers a time: each answer once, in order.
    const rest = await Promise.all([1, 2, 3].map(() => expandOutbox(t.db, { answers: 4 })))
    expect(rest.reduce((a, b) => a + b.made, 0)).toBe(9)
    expect(await outbox()).toEqual([])
    expect((await made()).map((r) => r.response_id)).toEqual(expected)
    // Sent as any delivery is.
    await worker().runDue()
    expect(receiver.accepted().map((r) => r.json.id).sort()).toEqual([...expected].sort())
  })

  it('keeps ended deliveries 30 days', async () => {
    const w = await hook({})
    await send(response())
    const run = worker()
    await run.runDue()
    expect(await deliveries(w.id)).toHaveLength(1)
    await run.stop()
    // The worker purges once an hour by its own clock; what it deletes, by the database's.
    const later = worker()
    clock.advance(HOUR)
    await travel(29 * 24 * HOUR)
    await later.runDue()
    expect(await deliveries(w.id)).toHaveLength(1)
    clock.advance(HOUR)
    await travel(2 * 24 * HOUR)
    await later.runDue()
    expect(await deliveries(w.id)).toHaveLength(0)
  })
})
