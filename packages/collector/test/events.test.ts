import { describe, expect, it } from 'vitest'
import { envelope, event, response } from './fixtures.js'
import { post } from './harness/http.js'
import { STORES, useCollector } from './harness/stores.js'

describe.each(STORES)('events in POST /v1/responses on %s', (store) => {
  const t = useCollector(store)
  const stored = async () => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM events'))[0]!.n
  const counted = async () => (await t.db.query<{ n: number }>('SELECT coalesce(sum(n), 0)::int AS n FROM event_counts'))[0]!.n

  it('stores events sent without answers, once each, and counts them per day', async () => {
    const events = [event(), event({ kind: 'dismissed' })]
    const first = await (await post(t.url, envelope([], events))).json()
    expect(first).toEqual({ accepted: 0, duplicates: 0, rejected: [], events: { accepted: 2, duplicates: 0, rejected: [] } })
    const again = await (await post(t.url, envelope([], events))).json()
    expect(again.events).toEqual({ accepted: 0, duplicates: 2, rejected: [] })
    expect([await stored(), await counted()]).toEqual([2, 2])
    expect(await t.db.query('SELECT kind, touchpoint, device, locale, n FROM event_counts ORDER BY kind')).toEqual([
      { kind: 'dismissed', touchpoint: 'checkout', device: 'desktop', locale: 'en-US', n: 1 },
      { kind: 'shown', touchpoint: 'checkout', device: 'desktop', locale: 'en-US', n: 1 },
    ])
  })

  it('answers without events when the envelope has none, as before', async () => {
    expect(await (await post(t.url, envelope([response()]))).json()).toEqual({ accepted: 1, duplicates: 0, rejected: [] })
  })

  it('rejects a bad event with its reason and keeps the others, and the answers', async () => {
    const good = event()
    const scored = event({ score: 9 })
    const commented = event({ kind: 'dismissed', comment: 'no thanks' })
    const kind = event({ kind: 'answered' })
    const at = event({ at: '2026-11-20 10:00' })
    const res = await post(t.url, envelope([response()], [scored, good, commented, kind, at]))
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({
      accepted: 1,
      duplicates: 0,
      rejected: [],
      events: {
        accepted: 1,
        duplicates: 0,
        rejected: [
          { id: scored.id, reason: 'an event must not hold a score: answers carry scores and comments, events only say that a prompt was shown' },
          { id: commented.id, reason: 'an event must not hold a comment: answers carry scores and comments, events only say that a prompt was dismissed' },
          { id: kind.id, reason: 'kind must be shown or dismissed (got "answered")' },
          { id: at.id, reason: 'at must be an ISO 8601 date-time on a real calendar day, such as 2026-11-22T09:59:58.120Z (got "2026-11-20 10:00")' },
        ],
      },
    })
    expect(await stored()).toBe(1)
  })

  it('rejects an event nested too deep alone', async () => {
    const deep = event({ page: { url: JSON.parse(`${'['.repeat(40)}1${']'.repeat(40)}`) } })
    const good = event()
    const body = await (await post(t.url, envelope([], [deep, good]))).json()
    expect(body.events.accepted).toBe(1)
    expect(body.events.rejected).toEqual([{ id: deep.id, reason: expect.stringMatching(/^the record nests arrays and objects more than 32 levels deep/) }])
  })

  it.each([
    ['events that is not an array', { v: 1, sentAt: '2026-11-20T10:00:00Z', responses: [], events: {} }, 'events, when present, must be an array of events'],
    ['too many events', { v: 1, sentAt: '2026-11-20T10:00:00Z', responses: [], events: Array(1001).fill(0) }, 'at most 1000 events per request (got 1001): send smaller batches'],
  ])('answers %s with 400', async (_, body, error) => {
    const res = await post(t.url, body)
    expect([res.status, await res.json()]).toEqual([400, { error }])
  })

  it('stores the context of an answer, and refuses one that breaks its limits', async () => {
    const ok = response({ context: { orderId: 'A-1', plan: 'pro', seats: 5, trial: false } } as never)
    const many = response({ context: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, i])) } as never)
    const long = response({ context: { note: 'x'.repeat(201) } } as never)
    const nested = response({ context: { plan: { tier: 'pro' } } } as never)
    const key = response({ context: { 'bad key': 1 } } as never)
    const body = await (await post(t.url, envelope([ok, many, long, nested, key]))).json()
    expect(body.rejected).toEqual([
      { id: many.id, reason: "context must have at most 20 keys (got 21): list fewer keys in the survey's context" },
      { id: long.id, reason: 'context.note must be a text of at most 200 characters, a number or a boolean (got a text of 201 characters)' },
      { id: nested.id, reason: 'context.plan must be a text of at most 200 characters, a number or a boolean (got {"tier":"pro"})' },
      { id: key.id, reason: 'context key "bad key" must be 1–64 letters, digits or _ . : -' },
    ])
    expect(await t.db.query('SELECT context FROM responses')).toEqual([{ context: { orderId: 'A-1', plan: 'pro', seats: 5, trial: false } }])
  })
})
