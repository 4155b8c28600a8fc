import { describe, expect, it } from 'vitest'
import { envelope, event } from './fixtures.js'
import { getJson, post } from './harness/http.js'
import { STORES, useCollector } from './harness/stores.js'

// The collector's clock is fixed, so that "the last 30 days" is the same period on any day.
const NOW = Date.parse('2026-11-30T12:00:00.000Z')
const at = (iso: string) => ({ at: iso })
const visitor = (anonymousId: string) => ({ visitor: { anonymousId } })

/**
 * v1: 3 prompts, dismissed the 2nd (1 seen before it); v2: 1 prompt, dismissed; v3: one prompt
 * before the period (2026-10-31T12:00Z); v4: 12 prompts, counted in the "10 or more" bucket;
 * one prompt without a visitor.
 */
const EVENTS = [
  event({ ...visitor('v1'), ...at('2026-11-10T10:00:00Z') }),
  event({ ...visitor('v1'), ...at('2026-11-11T10:00:00Z') }),
  event({ ...visitor('v1'), ...at('2026-11-11T10:01:00Z'), kind: 'dismissed' }),
  event({ ...visitor('v1'), ...at('2026-11-12T10:00:00Z') }),
  event({ ...visitor('v2'), ...at('2026-11-20T10:00:00Z') }),
  event({ ...visitor('v2'), ...at('2026-11-20T10:00:00Z'), kind: 'dismissed' }),
  event({ ...visitor('v3'), ...at('2026-10-31T11:59:59Z') }),
  ...Array.from({ length: 12 }, (_, i) => event({ ...visitor('v4'), ...at(`2026-11-${String(i + 1).padStart(2, '0')}T08:00:00Z`) })),
  event({ visitor: undefined, ...at('2026-11-20T10:00:00Z') }),
]

describe.each(STORES)('GET /v1/stats/fatigue on %s', (store) => {
  const t = useCollector(store, { now: () => NOW })

  it('gives prompts per visitor over the last 30 days, and dismissals by prompts already seen', async () => {
    expect((await (await post(t.url, envelope([], EVENTS))).json()).events.accepted).toBe(EVENTS.length)
    const { status, body } = await getJson(t.url, '/v1/stats/fatigue')
    expect(status).toBe(200)
    expect(body).toEqual({
      from: '2026-10-31T12:00:00.000Z',
      to: '2026-11-30T12:00:00.000Z',
      days: 30,
      visitors: 3,
      distribution: [
        { prompts: 1, visitors: 1 },
        { prompts: 3, visitors: 1 },
        { prompts: 10, visitors: 1 },
      ],
      dismissals: [
        // first prompts: v1, v2, v4; v2 dismissed it
        { alreadySeen: 0, shown: 3, dismissed: 1, dismissalRate: 33.33 },
        // second prompts: v1 (dismissed), v4
        { alreadySeen: 1, shown: 2, dismissed: 1, dismissalRate: 50 },
        { alreadySeen: 2, shown: 2, dismissed: 0, dismissalRate: 0 },
        ...[3, 4, 5, 6, 7, 8].map((alreadySeen) => ({ alreadySeen, shown: 1, dismissed: 0, dismissalRate: 0 })),
        // v4's 10th, 11th and 12th
        { alreadySeen: 9, shown: 3, dismissed: 0, dismissalRate: 0 },
      ],
    })
  })

  it('takes a shorter period', async () => {
    await post(t.url, envelope([], EVENTS))
    const { body } = await getJson(t.url, '/v1/stats/fatigue?days=15')
    // From 2026-11-15T12:00Z: only v2's prompt.
    expect([body.from, body.visitors, body.distribution]).toEqual(['2026-11-15T12:00:00.000Z', 1, [{ prompts: 1, visitors: 1 }]])
  })

  it.each([
    ['?days=0', 'days must be a whole number from 1 to 365 (got "0")'],
    ['?days=0x1e', 'days must be a whole number from 1 to 365 (got "0x1e")'],
    ['?days=', 'days must be a whole number from 1 to 365 (got "")'],
    ['?touchpoint=checkout', 'unknown parameter "touchpoint": /v1/stats/fatigue takes days'],
  ])('answers %s with 400', async (query, error) => {
    expect(await getJson(t.url, `/v1/stats/fatigue${query}`).then((r) => [r.status, r.body])).toEqual([400, { error }])
  })
})

describe('GET /v1/stats/fatigue with an admin token', () => {
  const token = 'a'.repeat(40)
  const t = useCollector('pglite', { adminToken: token, now: () => NOW })
  it('needs the token, as other reads do', async () => {
    expect((await getJson(t.url, '/v1/stats/fatigue')).status).toBe(401)
    expect((await getJson(t.url, '/v1/stats/fatigue', token)).status).toBe(200)
  })
})
