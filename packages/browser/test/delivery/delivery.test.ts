import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Envelope, EventPayload } from '@touchpoint/core'
import { start } from '../../src/delivery/index.js'
import type { Runtime } from '../../src/runtime.js'
import { idbStore, memoryStore } from '../../src/store.js'
import type { Store } from '../../src/store.js'
import type { AnswerRecord, Collector, EventRecord, InitOptions, QueueRecord } from '../../src/types.js'
import { freshIndexedDB, quiet, tick } from '../helpers.js'

type Reply = number | { status: number; headers?: Record<string, string>; body?: string } | Error

let replies: Reply[]
let posts: { body: string; headers: Headers; keepalive?: boolean }[]
let events: [string, any][]
let stops: (() => void)[]

beforeEach(() => {
  replies = []
  posts = []
  events = []
  stops = []
  vi.stubGlobal('fetch', async (input: Request | string, init?: RequestInit) => {
    const req = new Request(input, init)
    posts.push({ body: await req.text(), headers: req.headers, keepalive: init?.keepalive })
    const reply = replies.length > 1 ? replies.shift()! : (replies[0] ?? 200)
    if (reply instanceof Error) throw reply
    const { status, headers, body = '{}' } = typeof reply === 'number' ? { status: reply, headers: {} } : reply
    return new Response(status === 204 ? null : body, { status, headers })
  })
})

afterEach(() => {
  stops.forEach((f) => f())
  vi.useRealTimers()
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

const record = (n: number, patch: Partial<AnswerRecord> = {}): AnswerRecord => ({
  v: 4,
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  payload: { id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, surveyId: 's', score: n } as never,
  attempts: 0,
  nextAttemptAt: 0,
  firstQueuedAt: Date.now() - 1000 + n,
  ...patch,
})

/** A prompt event in the queue, as the prompt's chunk writes it. */
const eventRecord = (n: number, patch: Partial<EventPayload> = {}): EventRecord => {
  const id = `00000000-0000-4000-9000-${String(n).padStart(12, '0')}`
  return {
    v: 3,
    id,
    payload: { id, kind: 'shown', surveyId: 's', type: 'nps', touchpoint: 's', at: new Date().toISOString(), trigger: 'show', locale: 'en', ...patch },
    attempts: 0,
    nextAttemptAt: 0,
    firstQueuedAt: Date.now() - 1000 + n,
  }
}

/** The delivery chunk on a stand-in runtime. */
async function delivery(records: unknown[], options: Partial<InitOptions> = {}, collector: Partial<Collector> = {}, stores?: { state: Store; queue: Store }) {
  const state = stores?.state ?? memoryStore()
  const queue = stores?.queue ?? memoryStore()
  for (const r of records) await queue.set((r as QueueRecord).id, r)
  const rt = {
    options: () => ({ collector: 'https://collect.test/in', ...options }),
    state: () => state,
    queue: () => queue,
    collector: () => ({ url: 'https://collect.test/in', headers: {}, ...collector }),
    emit: (event: string, payload: unknown) => events.push([event, payload]),
    log: () => {},
    report: vi.fn(),
  } as unknown as Runtime
  const d = start(rt)
  stops.push(d.stop)
  return { d, queue, rt, left: async () => (await queue.entries<AnswerRecord>()).map(([, r]) => r) }
}

const sentIds = () => posts.map((p) => (JSON.parse(p.body) as Envelope).responses.map((r) => r.id))

describe('sending', () => {
  it('deletes a batch on 2xx and reports it delivered', async () => {
    replies = [202]
    const { d, left } = await delivery([record(1), record(2)])
    await d.flush()
    expect(await left()).toEqual([])
    expect(events).toEqual([['delivered', { ids: [record(1).id, record(2).id], status: 202 }]])
    const envelope = JSON.parse(posts[0]!.body)
    expect(envelope).toMatchObject({ v: 1, responses: [{ score: 1 }, { score: 2 }] })
    expect(Date.parse(envelope.sentAt)).not.toBeNaN()
  })

  it('sends the ids as Idempotency-Key, JSON as content type, and the collector headers', async () => {
    const { d } = await delivery([record(1), record(2)], {}, { headers: { Authorization: 'Bearer k' } })
    await d.flush()
    const h = posts[0]!.headers
    expect(h.get('Idempotency-Key')).toBe(`${record(1).id},${record(2).id}`)
    expect(h.get('Content-Type')).toBe('application/json')
    expect(h.get('Authorization')).toBe('Bearer k')
  })

  it('sends events beside the answers in the same batch, and leaves "events" out when there are none', async () => {
    const { d, left } = await delivery([record(1), eventRecord(2), record(3), eventRecord(4, { kind: 'dismissed' })])
    await d.flush()
    expect(posts).toHaveLength(1)
    const envelope = JSON.parse(posts[0]!.body) as Envelope
    expect(envelope.responses.map((r) => r.id)).toEqual([record(1).id, record(3).id])
    expect(envelope.events!.map((e) => [e.id, e.kind])).toEqual([[eventRecord(2).id, 'shown'], [eventRecord(4).id, 'dismissed']])
    expect(posts[0]!.headers.get('Idempotency-Key')).toBe([record(1), eventRecord(2), record(3), eventRecord(4)].map((r) => r.id).join(','))
    expect(events).toEqual([['delivered', { ids: [record(1).id, eventRecord(2).id, record(3).id, eventRecord(4).id], status: 200 }]])
    expect(await left()).toEqual([])

    posts.length = 0
    const answersOnly = await delivery([record(5)])
    await answersOnly.d.flush()
    expect(Object.keys(JSON.parse(posts[0]!.body))).toEqual(['v', 'sentAt', 'responses'])
  })

  it('sends events alone with an empty responses list', async () => {
    const { d, left } = await delivery([eventRecord(1)])
    await d.flush()
    expect(JSON.parse(posts[0]!.body)).toMatchObject({ v: 1, responses: [], events: [{ id: eventRecord(1).id, kind: 'shown' }] })
    expect(await left()).toEqual([])
  })

  it('drops the events a 2xx lists in events.rejected, and keeps none of the batch', async () => {
    const errors = quiet('error')
    const body = JSON.stringify({
      accepted: 1, duplicates: 0, rejected: [],
      events: { accepted: 1, duplicates: 0, rejected: [{ id: eventRecord(2).id, reason: 'at is before the year 2000' }] },
    })
    replies = [{ status: 200, body }]
    const { d, left } = await delivery([record(1), eventRecord(2), eventRecord(3)])
    await d.flush()
    expect(await left()).toEqual([])
    expect(events).toEqual([
      ['delivered', { ids: [record(1).id, eventRecord(3).id], status: 200 }],
      ['dropped', { ids: [eventRecord(2).id], reason: 'rejected', status: 200, reasons: { [eventRecord(2).id]: 'at is before the year 2000' } }],
    ])
    expect(errors).toHaveBeenCalledWith('[touchpoint]', expect.stringMatching(/^1 prompt event dropped: the collector at .* rejected it: .*: at is before the year 2000$/))
  })

  it('sends in batches of batchSize, oldest first', async () => {
    const { d, left } = await delivery(Array.from({ length: 45 }, (_, i) => record(i)), { batchSize: 20 })
    await d.flush()
    expect(sentIds().map((b) => b.length)).toEqual([20, 20, 5])
    expect(sentIds()[0]![0]).toBe(record(0).id)
    expect(await left()).toEqual([])
  })

  it('halves batches the collector finds too large (413) instead of dropping them', async () => {
    replies = [413, 200]
    const { d, left } = await delivery([record(1), record(2), record(3), record(4)], { batchSize: 4 })
    await d.flush()
    expect(sentIds().map((b) => b.length)).toEqual([4, 2, 2])
    expect(await left()).toEqual([])
  })

  it('sends what transform makes of the batch', async () => {
    const transform = vi.fn((b: Envelope) => ({ items: b.responses.map((r) => ({ nps: r.score })) }))
    const { d } = await delivery([record(7)], {}, { transform })
    await d.flush()
    expect(JSON.parse(posts[0]!.body)).toEqual({ items: [{ nps: 7 }] })
    expect(transform).toHaveBeenCalledWith(expect.objectContaining({ v: 1, responses: [expect.objectContaining({ score: 7 })] }))
  })

  it('sends a string from transform as it is', async () => {
    const { d } = await delivery([record(1), record(2)], {}, { transform: (b) => b.responses.map((r) => r.score).join('\n') })
    await d.flush()
    expect(posts[0]!.body).toBe('1\n2')
  })

  it('keeps the answers and reports the error when transform throws', async () => {
    const { d, left, rt } = await delivery([record(1)], {}, { transform: () => {
      throw new Error('oops')
    } })
    await d.flush()
    expect(posts).toEqual([])
    expect(rt.report).toHaveBeenCalledWith(expect.objectContaining({ message: 'oops' }), 'collector.transform threw: ')
    expect((await left())[0]).toMatchObject({ attempts: 1, lastError: 'transform threw' })
  })
})

describe('status matrix', () => {
  it.each([408, 429, 500, 502, 503, 504])('keeps the batch on %i and backs off', async (status) => {
    vi.useFakeTimers({ toFake: ['Date'] })
    replies = [status]
    const { d, left } = await delivery([record(1)])
    const before = Date.now()
    await d.flush()
    const [r] = await left()
    expect(r).toMatchObject({ attempts: 1, lastError: `HTTP ${status}` })
    expect(r!.nextAttemptAt).toBeGreaterThanOrEqual(before)
    expect(r!.nextAttemptAt).toBeLessThan(before + 1000)
    expect(events).toEqual([])
  })

  it('counts a request slower than timeout as failed, and keeps the batch', async () => {
    // A server that never answers: only the timeout's signal ends the request (ky passes a Request).
    vi.stubGlobal('fetch', (input: Request, init?: RequestInit) => {
      const signal = init?.signal ?? input.signal
      return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)))
    })
    const { d, left } = await delivery([record(1)], { timeout: 20 })
    await d.flush()
    expect((await left())[0]).toMatchObject({ attempts: 1, lastError: expect.stringMatching(/time/i) })
    expect(events).toEqual([])
  })

  it('keeps the batch on a network error', async () => {
    replies = [new TypeError('Failed to fetch')]
    const { d, left } = await delivery([record(1)])
    await d.flush()
    expect((await left())[0]).toMatchObject({ attempts: 1, lastError: 'Failed to fetch' })
  })

  it.each([400, 401, 403, 404, 422])('drops the batch on %i, reports it, and moves on', async (status) => {
    replies = [status, 200]
    const errors = quiet('error')
    const { d, left } = await delivery([record(1), record(2)], { batchSize: 1 })
    await d.flush()
    expect(await left()).toEqual([])
    expect(events).toEqual([
      ['dropped', { ids: [record(1).id], reason: 'rejected', status }],
      ['delivered', { ids: [record(2).id], status: 200 }],
    ])
    expect(errors).toHaveBeenCalledOnce()
    expect(errors.mock.calls[0]!.join(' ')).toMatch(new RegExp(`^\\[touchpoint\\] 1 answer dropped: the collector at https://collect.test/in answered HTTP ${status}; check `))
  })
})

describe("the collector's answer", () => {
  const ingest = (rejected: { id: string | null; reason: string }[], accepted = 0) =>
    ({ status: 200, body: JSON.stringify({ accepted, duplicates: 0, rejected }) })

  it('drops the answers it rejected, with its reason for each, and delivers only the others', async () => {
    replies = [ingest([{ id: record(2).id, reason: 'score 11 is outside the nps scale 0–10' }], 2)]
    const errors = quiet('error')
    const { d, left } = await delivery([record(1), record(2), record(3)])
    await d.flush()
    expect(await left()).toEqual([])
    expect(events).toEqual([
      ['delivered', { ids: [record(1).id, record(3).id], status: 200 }],
      ['dropped', { ids: [record(2).id], reason: 'rejected', status: 200, reasons: { [record(2).id]: 'score 11 is outside the nps scale 0–10' } }],
    ])
    expect(errors.mock.calls.map((c) => c.join(' '))).toEqual([
      `[touchpoint] 1 answer dropped: the collector at https://collect.test/in rejected it: ${record(2).id}: score 11 is outside the nps scale 0–10`,
    ])
  })

  it('reports nothing delivered when it rejected the whole batch', async () => {
    replies = [ingest([{ id: record(1).id, reason: 'a' }, { id: record(2).id, reason: 'b' }])]
    quiet('error')
    const { d, left } = await delivery([record(1), record(2)])
    await d.flush()
    expect(await left()).toEqual([])
    expect(events).toEqual([['dropped', { ids: [record(1).id, record(2).id], reason: 'rejected', status: 200, reasons: { [record(1).id]: 'a', [record(2).id]: 'b' } }]])
  })

  it.each([
    ['no body', { status: 204 }],
    ['an empty body', { status: 200, body: '' }],
    ['text', { status: 200, body: 'OK' }],
    ['another JSON shape', { status: 201, body: '{"ok":true}' }],
    ['rejected that is not a list', { status: 200, body: '{"rejected":"none"}' }],
    ['ids it never got, or none', { status: 200, body: JSON.stringify({ rejected: [{ id: null, reason: 'no id' }, { id: 'other', reason: 'x' }] }) }],
  ])('takes a 2xx with %s as all delivered', async (_, reply) => {
    replies = [reply]
    const errors = quiet('error')
    const { d, left } = await delivery([record(1), record(2)])
    await d.flush()
    expect(await left()).toEqual([])
    expect(events).toEqual([['delivered', { ids: [record(1).id, record(2).id], status: reply.status }]])
    expect(errors).not.toHaveBeenCalled()
  })
})

describe('what leaves the page', () => {
  // Answers are trimmed and redacted when queued (show.ts, with outgoing.ts): what is queued is sent.
  // Records of versions 1 to 3 (an older SDK's, or queued while outgoing.ts could not be loaded)
  // were not: the delivery chunk loads outgoing.ts for them and shapes them before they leave.
  const visit = (n: number, page: object, visitor: object = { anonymousId: 'a' }, v = 2) =>
    record(n, { v, payload: { ...record(n).payload, trigger: 'show', locale: 'en', page, visitor } } as never)
  const sent = () => (JSON.parse(posts[0]!.body) as Envelope).responses[0]!

  it("sends a current record's answer as it was queued", async () => {
    const page = { url: 'https://x.test/reset/4f9a2c1e8b7d6a5f4e3d', path: '/reset/4f9a2c1e8b7d6a5f4e3d' }
    const { d } = await delivery([visit(1, page, undefined, 4)])
    await d.flush()
    expect(sent().page).toEqual(page)
  })

  it('redacts emails, tokens and ids in the page paths of an older record', async () => {
    const { d, left } = await delivery([visit(1, { url: 'https://x.test/reset/4f9a2c1e8b7d6a5f4e3d', path: '/reset/4f9a2c1e8b7d6a5f4e3d', referrer: 'https://x.test/u/jane@example.com' })])
    replies = [503]
    await d.flush()
    expect(sent().page).toEqual({ url: 'https://x.test/reset/:token', path: '/reset/:token', referrer: 'https://x.test/u/:email' })
    // Upgraded in place: shaped once, kept shaped.
    expect((await left())[0]).toMatchObject({ v: 4, payload: { page: { path: '/reset/:token' } } })
  })

  it("sends an older record's paths untouched with redactPaths: false", async () => {
    const page = { url: 'https://x.test/reset/4f9a2c1e8b7d6a5f4e3d', path: '/reset/4f9a2c1e8b7d6a5f4e3d' }
    const { d } = await delivery([visit(1, page)], { redactPaths: false })
    await d.flush()
    expect(sent().page).toEqual(page)
  })

  it('keeps every field of an older record within the protocol limits, in requests and in beacons', async () => {
    replies = [503]
    const beacons: string[] = []
    Object.defineProperty(navigator, 'sendBeacon', { value: (_: string, body: string) => (beacons.push(body), true), configurable: true })
    const { d } = await delivery([visit(1, { url: 'https://x.test/a/' + 'x'.repeat(10_000), path: '/a/' + 'x'.repeat(10_000) }, { anonymousId: 'a', userId: 'u'.repeat(300) })])
    await d.flush()
    dispatchEvent(new Event('pagehide'))
    for (const body of [posts[0]!.body, beacons[0]!]) {
      const r = (JSON.parse(body) as Envelope).responses[0]!
      expect(r.page).toEqual({ url: 'https://x.test/a/…', path: '/a/…' })
      expect(r.visitor).toEqual({ anonymousId: 'a' })
    }
  })

  it('redacts and trims events as it does answers', async () => {
    const page = { url: 'https://x.test/u/jane@example.com?x=1', path: '/u/jane@example.com/' + 'x'.repeat(3000), referrer: 'https://x.test/reset/4f9a2c1e8b7d6a5f4e3d' }
    const { d } = await delivery([eventRecord(1, { page, visitor: { anonymousId: 'a', userId: 'u'.repeat(300) }, trigger: 'event:' + 'e'.repeat(300) })])
    await d.flush()
    const e = (JSON.parse(posts[0]!.body) as Envelope).events![0]!
    expect(e.page).toEqual({ url: 'https://x.test/u/:email?x=1', path: '/u/:email/…', referrer: 'https://x.test/reset/:token' })
    expect(e.visitor).toEqual({ anonymousId: 'a' })
    expect(e.trigger).toHaveLength(200)
    expect(Object.keys(e)).not.toContain('comment')
  })

  it('hands transform the redacted, trimmed envelope', async () => {
    const transform = vi.fn((b: Envelope) => b)
    const { d } = await delivery([visit(1, { url: 'https://x.test/u/jane@example.com', path: '/u/jane@example.com' })], {}, { transform })
    await d.flush()
    expect(transform.mock.calls[0]![0].responses[0]!.page).toEqual({ url: 'https://x.test/u/:email', path: '/u/:email' })
  })
})

describe('console output', () => {
  it('prints the bare facts when the wording chunk cannot be loaded (offline)', async () => {
    vi.resetModules()
    vi.doMock('../../src/delivery/messages.js', () => {
      throw new Error('offline')
    })
    try {
      const { start: fresh } = await import('../../src/delivery/index.js')
      const errors = quiet('error')
      const { rt } = await delivery([])
      const d = fresh(rt)
      stops.push(d.stop)
      await rt.queue().set(record(1).id, record(1))
      replies = [404]
      await d.flush()
      expect(errors.mock.calls.map((c) => c.join(' '))).toEqual([`[touchpoint] ${record(1).id} dropped: rejected`])
    } finally {
      vi.doUnmock('../../src/delivery/messages.js')
    }
  })

  it('says once per dropped batch why answers were given up, debug or not', async () => {
    const errors = quiet('error')
    const { d } = await delivery([record(1, { firstQueuedAt: Date.now() - 40 * 864e5, lastError: 'HTTP 503' }), record(2), record(3)], { batchSize: 1 })
    replies = [404]
    await d.flush()
    expect(errors.mock.calls.map((c) => c.join(' '))).toEqual([
      '[touchpoint] 1 answer dropped: older than maxQueueAge (30 days), last error HTTP 503; check that the collector at https://collect.test/in is reachable and answers 2xx',
      '[touchpoint] 1 answer dropped: the collector at https://collect.test/in answered HTTP 404; check the collector URL (init option collector)',
      '[touchpoint] 1 answer dropped: the collector at https://collect.test/in answered HTTP 404; check the collector URL (init option collector)',
    ])
  })

  it('warns once per page load about a collector that keeps failing, never more', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    vi.resetModules()
    // A fresh module: "once per page load" is the delivery chunk's own state.
    const { start: fresh } = await import('../../src/delivery/index.js')
    const warnings = quiet('warn')
    replies = [503]
    const { rt } = await delivery([record(1)])
    const d = fresh(rt)
    stops.push(d.stop)
    await d.flush()
    await d.flush(true)
    expect(warnings).not.toHaveBeenCalled()
    for (let i = 0; i < 6; i++) await d.flush(true)
    // The wording is a chunk of its own, printed once it has arrived.
    await vi.waitFor(() =>
      expect(warnings.mock.calls.map((c) => c.join(' '))).toEqual([
        '[touchpoint] the collector at https://collect.test/in keeps failing: 3 attempts, last error HTTP 503; answers stay queued and are retried',
      ]),
    )
    // Another instance on the same page (after destroy and init) does not warn again.
    const again = fresh(rt)
    stops.push(again.stop)
    await again.flush(true)
    expect(warnings).toHaveBeenCalledOnce()
  })
})

describe('retries', () => {
  it('retries after 503 three times, then delivers, on its own backoff timer', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    replies = [503, 503, 503, 200]
    quiet('warn')
    const { d, left } = await delivery([record(1)])
    await d.flush()
    // Backoff after n failures is under 2^(n-1) s: 10 s covers each of the three.
    for (let i = 0; i < 3; i++) await vi.advanceTimersByTimeAsync(10_000)
    expect(posts).toHaveLength(4)
    expect(await left()).toEqual([])
    expect(events).toEqual([['delivered', { ids: [record(1).id], status: 200 }]])
  })

  it('sends nothing more once stopped while a send was under way, and reports nothing', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    replies = [503]
    const { d, rt } = await delivery([record(1)])
    const flushing = d.flush()
    // The request has left; stop() comes before its answer (a 503) does.
    await vi.waitFor(() => expect(posts).toHaveLength(1))
    d.stop()
    await flushing
    await vi.advanceTimersByTimeAsync(120_000)
    await d.flush(true)
    expect(posts).toHaveLength(1)
    expect(rt.report).not.toHaveBeenCalled()
  })

  it('does not carry a flush(true) that joined a pass that failed over to the next flush', async () => {
    const { d, queue, rt } = await delivery([record(1, { attempts: 1, nextAttemptAt: Date.now() + 60_000 })])
    const entries = queue.entries.bind(queue)
    // The queue cannot be read (IndexedDB failing) while a flush(true) joins the pass.
    queue.entries = (async () => {
      await tick()
      void d.flush(true)
      throw new Error('the queue could not be read')
    }) as typeof entries
    await d.flush()
    expect(rt.report).toHaveBeenCalledTimes(1)
    queue.entries = entries
    // The answer still waits out its backoff.
    await d.flush()
    expect(posts).toEqual([])
  })

  it('hears nothing once stopped: the page hidden, shown or left, back online, another tab waking it', async () => {
    replies = [503]
    const beacon = vi.fn(() => true)
    Object.defineProperty(navigator, 'sendBeacon', { value: beacon, configurable: true })
    const { d } = await delivery([record(1)])
    await d.flush()
    // The answer is pending: leaving the page sends it by beacon, until stop().
    dispatchEvent(new Event('pagehide'))
    expect(beacon).toHaveBeenCalledTimes(1)
    d.stop()
    posts.length = 0
    dispatchEvent(new Event('pagehide'))
    for (const hidden of [true, false]) {
      Object.defineProperty(document, 'hidden', { value: hidden, configurable: true })
      document.dispatchEvent(new Event('visibilitychange'))
    }
    dispatchEvent(new Event('online'))
    const channel = new BroadcastChannel('touchpoint')
    channel.postMessage('force')
    await tick(20)
    channel.close()
    expect(beacon).toHaveBeenCalledTimes(1)
    expect(posts).toEqual([])
  })

  it('sends no further batch, and no further pass, once stopped during a send (consent denied)', async () => {
    let answer!: () => void
    vi.stubGlobal('fetch', async (input: Request | string, init?: RequestInit) => {
      const req = new Request(input, init)
      posts.push({ body: await req.text(), headers: req.headers })
      // The first request is answered when the test says; any after it at once.
      if (posts.length === 1) await new Promise<void>((r) => (answer = r))
      return new Response('{}', { status: 200 })
    })
    const { d, rt, queue } = await delivery([record(1), record(2), record(3)], { batchSize: 1 })
    let reads = 0
    const entries = queue.entries.bind(queue)
    queue.entries = ((...a) => (reads++, entries(...a))) as typeof entries
    const flushing = d.flush()
    await vi.waitFor(() => expect(posts).toHaveLength(1))
    // An answer queued meanwhile asks for another pass after this one.
    void d.flush()
    d.stop()
    const readsAtStop = reads
    answer()
    await flushing
    await tick(20)
    expect(sentIds()).toEqual([[record(1).id]])
    // No pass began after stop(): the queue was not read again.
    expect(reads).toBe(readsAtStop)
    expect(rt.report).not.toHaveBeenCalled()
  })

  it('waits what Retry-After asks, even when flushed by hand', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    replies = [{ status: 429, headers: { 'Retry-After': '30' } }, 200]
    const { d, left } = await delivery([record(1)])
    const t0 = Date.now()
    await d.flush()
    expect((await left())[0]!.nextAttemptAt).toBeGreaterThanOrEqual(t0 + 30_000)
    await vi.advanceTimersByTimeAsync(20_000)
    await d.flush(true)
    expect(posts).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(11_000)
    expect(posts).toHaveLength(2)
    expect(await left()).toEqual([])
  })

  it('sends a record whose retry time is further off than any wait it sets: the clock went back', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    // Failed while the device clock was 40 days ahead; the clock has been put right since.
    const { d, left, queue } = await delivery([record(1, { attempts: 1, nextAttemptAt: Date.now() + 40 * 864e5 })])
    const reads = vi.spyOn(queue, 'entries')
    await d.flush()
    expect(sentIds()).toEqual([[record(1).id]])
    expect(await left()).toEqual([])
    // And no timer beyond what setTimeout can hold (it would fire at once, again and again).
    reads.mockClear()
    await vi.advanceTimersByTimeAsync(1000)
    expect(reads).not.toHaveBeenCalled()
  })

  it('ends a Retry-After pause the clock went back during: it cannot last longer than any Retry-After', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    replies = [{ status: 429, headers: { 'Retry-After': '60' } }, 200]
    const beacons: string[] = []
    Object.defineProperty(navigator, 'sendBeacon', { value: (_: string, body: string) => (beacons.push(body), true), configurable: true })
    const { d, queue, left } = await delivery([record(1)])
    await d.flush()
    // The device clock is put back a day during the 60 s pause (a time zone or NTP fix). The
    // pause now ends a day off: no answer would leave this page, not even by beacon.
    vi.setSystemTime(Date.now() - 864e5)
    dispatchEvent(new Event('pagehide'))
    expect(beacons).toHaveLength(1)
    const reads = vi.spyOn(queue, 'entries')
    await d.flush(true)
    expect(posts).toHaveLength(2)
    expect(await left()).toEqual([])
    // And nothing spins.
    reads.mockClear()
    await vi.advanceTimersByTimeAsync(1000)
    expect(reads).not.toHaveBeenCalled()
  })

  it('tries again after the longest backoff when a pass breaks off (its retry could not be written: disk full)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    replies = [503, 200]
    const { d, queue, left, rt } = await delivery([record(1)])
    const tx = queue.tx.bind(queue)
    let full = true
    vi.spyOn(queue, 'tx').mockImplementation(async (...a) => {
      if (full) throw new DOMException('the disk is full', 'QuotaExceededError')
      return tx(...a)
    })
    await d.flush()
    expect(posts).toHaveLength(1)
    expect(rt.report).toHaveBeenCalledWith(expect.objectContaining({ name: 'QuotaExceededError' }), 'delivery failed: ')
    full = false
    await vi.advanceTimersByTimeAsync(5 * 60_000 - 1)
    expect(posts).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(posts).toHaveLength(2)
    expect(await left()).toEqual([])
  })

  it('honours Retry-After as an HTTP date', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const at = new Date(Date.now() + 90_000)
    replies = [{ status: 503, headers: { 'Retry-After': at.toUTCString() } }]
    const { d, left } = await delivery([record(1)])
    await d.flush()
    expect((await left())[0]!.nextAttemptAt).toBeGreaterThanOrEqual(Math.floor(at.getTime() / 1000) * 1000 - 1000)
  })

  it('sends records in backoff when flushed by hand (no Retry-After)', async () => {
    replies = [503, 200]
    const { d, left } = await delivery([record(1)])
    await d.flush()
    await d.flush()
    expect(posts).toHaveLength(1)
    await d.flush(true)
    expect(posts).toHaveLength(2)
    expect(await left()).toEqual([])
  })
})

describe('limits', () => {
  it('drops the oldest beyond maxQueueSize and reports each eviction', async () => {
    quiet('error')
    const { d, left } = await delivery([record(1), record(2), record(3), record(4)], { maxQueueSize: 2 })
    replies = [503]
    await d.flush()
    expect((await left()).map((r) => r.payload.score).sort()).toEqual([3, 4])
    expect(events).toEqual([['dropped', { ids: [record(1).id, record(2).id], reason: 'queue full' }]])
  })

  it('drops answers older than maxQueueAge days', async () => {
    quiet('error')
    const { d, left } = await delivery([record(1, { firstQueuedAt: Date.now() - 8 * 864e5 }), record(2)], { maxQueueAge: 7 })
    await d.flush()
    expect(await left()).toEqual([])
    expect(events[0]).toEqual(['dropped', { ids: [record(1).id], reason: 'expired' }])
    expect(sentIds()).toEqual([[record(2).id]])
  })
})

describe('schema versions', () => {
  it('sends records written by the version 1 queue and leaves unknown versions in place', async () => {
    const v1 = { v: 1, id: record(1).id, payload: record(1).payload, queuedAt: Date.now() }
    const future = { v: 9, id: 'future', anything: true }
    replies = [503]
    const { d, queue } = await delivery([v1, future])
    await d.flush()
    expect(await queue.get(v1.id)).toMatchObject({ v: 4, attempts: 1, firstQueuedAt: v1.queuedAt })
    expect(await queue.get('future')).toEqual(future)
    expect(sentIds()).toEqual([[record(1).id]])
  })
})

describe('when the page is hidden', () => {
  it('sends pending answers by beacon, under 64 KiB each, and keeps them queued', async () => {
    replies = [503]
    const beacons: string[] = []
    Object.defineProperty(navigator, 'sendBeacon', { value: (_: string, body: string) => (beacons.push(body), true), configurable: true })
    const big = Array.from({ length: 30 }, (_, i) => record(i, { payload: { ...record(i).payload, comment: 'x'.repeat(4000) } }))
    const { d, left } = await delivery(big)
    await d.flush()
    dispatchEvent(new Event('pagehide'))
    expect(beacons.length).toBeGreaterThan(1)
    for (const b of beacons) expect(new TextEncoder().encode(b).length).toBeLessThan(64 * 1024)
    expect(beacons.flatMap((b) => (JSON.parse(b) as Envelope).responses.map((r) => r.id)).sort()).toEqual(big.map((r) => r.id).sort())
    expect(await left()).toHaveLength(30)
  })

  it('sends no beacon while the Retry-After the collector asked for lasts, and does after it', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    replies = [{ status: 429, headers: { 'Retry-After': '60' } }]
    const beacons: string[] = []
    Object.defineProperty(navigator, 'sendBeacon', { value: (_: string, body: string) => (beacons.push(body), true), configurable: true })
    const { d } = await delivery([record(1)])
    await d.flush()
    dispatchEvent(new Event('pagehide'))
    expect(beacons).toEqual([])
    vi.setSystemTime(Date.now() + 61_000)
    dispatchEvent(new Event('pagehide'))
    expect(beacons.map((b) => (JSON.parse(b) as Envelope).responses.map((r) => r.id))).toEqual([[record(1).id]])
  })

  it('uses a keepalive fetch when the collector needs headers', async () => {
    replies = [503]
    const beacon = vi.fn(() => true)
    Object.defineProperty(navigator, 'sendBeacon', { value: beacon, configurable: true })
    const { d } = await delivery([record(1)], {}, { headers: { 'X-Api-Key': 'k' } })
    await d.flush()
    posts.length = 0
    Object.defineProperty(document, 'hidden', { value: true, configurable: true })
    document.dispatchEvent(new Event('visibilitychange'))
    Object.defineProperty(document, 'hidden', { value: false, configurable: true })
    await tick()
    expect(beacon).not.toHaveBeenCalled()
    expect(posts).toHaveLength(1)
    expect(posts[0]!.keepalive).toBe(true)
    expect(posts[0]!.headers.get('X-Api-Key')).toBe('k')
  })
})

describe('one flusher per origin', () => {
  /**
   * Stores in IndexedDB, with the flush lease held by another tab (this test environment has no
   * Web Locks), and the wake-ups that tab hears on the channel.
   */
  async function anotherTabFlushing() {
    freshIndexedDB()
    const stores = { state: idbStore('touchpoint', 'state'), queue: idbStore('touchpoint-queue', 'responses') }
    await stores.state.set('touchpoint-flush', { tab: 'other-tab', until: Date.now() + 10_000 })
    const channel = new BroadcastChannel('touchpoint')
    const woken: unknown[] = []
    channel.onmessage = (e) => woken.push(e.data)
    return { stores, woken, close: () => channel.close() }
  }

  it('wakes the tab holding the flush lock instead of sending itself', async () => {
    const { stores, woken, close } = await anotherTabFlushing()
    const { d, left } = await delivery([record(1)], {}, {}, stores)
    await d.flush()
    await vi.waitFor(() => expect(woken).toEqual(['flush']))
    expect(posts).toEqual([])
    expect(await left()).toHaveLength(1)
    close()
  })

  it('passes flush(true) on to the tab holding the flush lock, which then sends what waits out a backoff', async () => {
    const { stores, woken, close } = await anotherTabFlushing()
    const { d } = await delivery([record(1)], {}, {}, stores)
    await d.flush(true)
    await d.flush()
    await vi.waitFor(() => expect(woken).toEqual(['force', 'flush']))
    close()
  })

  it.each(['while the lock is asked for', 'while the queue is read'])(
    'passes on a flush(true) that joined one that could not send %s, and the flush after it is not forced',
    async (when) => {
      const { stores, woken, close } = await anotherTabFlushing()
      const { d, left } = await delivery([record(1, { attempts: 1, nextAttemptAt: Date.now() + 60_000 })], {}, {}, stores)
      const entries = stores.queue.entries.bind(stores.queue)
      let joined: Promise<void> | undefined
      if (when === 'while the queue is read') stores.queue.entries = (async () => ((joined ??= d.flush(true)), entries())) as typeof entries
      else joined = Promise.resolve()
      await Promise.all([d.flush(), when === 'while the lock is asked for' && d.flush(true), joined])
      await vi.waitFor(() => expect(woken).toEqual(['force']))
      // The other tab is gone: this one sends what is due, and nothing waits out its backoff early.
      stores.queue.entries = entries
      await stores.state.set('touchpoint-flush', undefined)
      await d.flush()
      expect(posts).toEqual([])
      expect(await left()).toHaveLength(1)
      close()
    },
  )

  it('takes the lock before it sends from a queue that consent moved to disk while it sent from memory', async () => {
    const { stores, woken, close } = await anotherTabFlushing()
    await stores.queue.set(record(2).id, record(2))
    const memory = memoryStore()
    const { d, rt } = await delivery([record(1)], {}, {}, { state: stores.state, queue: memory })
    // As the pass reads the queue in memory, consent moves it to disk, and asks for a flush.
    const entries = memory.entries.bind(memory)
    let joined: Promise<void> | undefined
    memory.entries = (async () => {
      const read = await entries()
      rt.queue = () => stores.queue
      joined = d.flush()
      return read
    }) as typeof entries
    await d.flush()
    await joined
    // The answer in memory is sent; the one on disk is the other tab's to send, which is woken.
    expect(sentIds()).toEqual([[record(1).id]])
    await vi.waitFor(() => expect(woken).toEqual(['flush']))
    close()
  })

  it('does not pass a wake-up on when it cannot send either: the tab that can heard it too', async () => {
    const { stores, woken: heard, close } = await anotherTabFlushing()
    await delivery([record(1)], {}, {}, stores)
    let read!: () => void
    const woken = new Promise<void>((r) => (read = r))
    const entries = stores.queue.entries.bind(stores.queue)
    stores.queue.entries = (async () => (await entries()).concat(read() ?? [])) as typeof entries
    const asking = new BroadcastChannel('touchpoint')
    asking.postMessage('flush')
    // Woken, this tab read the queue, found the lock taken, and said nothing.
    await woken
    await new Promise((r) => setTimeout(r, 100))
    expect(heard).toEqual(['flush'])
    asking.close()
    close()
  })

  it('sends what waits out a backoff when another tab asks for a forced flush', async () => {
    const waiting = { ...record(1), attempts: 1, nextAttemptAt: Date.now() + 60_000 }
    const { left } = await delivery([waiting])
    const channel = new BroadcastChannel('touchpoint')
    channel.postMessage('flush')
    await tick()
    expect(posts).toEqual([])
    channel.postMessage('force')
    await vi.waitFor(() => expect(posts).toHaveLength(1))
    await vi.waitFor(async () => expect(await left()).toEqual([]))
    channel.close()
  })
})
