import { describe, expect, it } from 'vitest'
import { ces, csat, nps } from '@touchpoint/core'
import { CES5, HAND_COMPUTED as FIXTURE, response } from './fixtures.js'
import { getJson, seed } from './harness/http.js'
import { STORES, useCollector } from './harness/stores.js'

/** What every row says of prompts when no event was sent. */
const NO_EVENTS = { shown: 0, dismissed: 0, responseRate: null }
const CHECKOUT = { type: 'nps', scale: { min: 0, max: 10 }, n: 7, score: 14.29, promoters: 3, passives: 2, detractors: 2, distribution: [1, 0, 0, 0, 0, 0, 1, 1, 1, 2, 1], ...NO_EVENTS }
const DELIVERY = { type: 'csat', scale: { min: 1, max: 5 }, n: 6, score: 50, mean: 3.17, distribution: [1, 1, 1, 2, 1], ...NO_EVENTS }
const SUPPORT7 = { type: 'ces', scale: { min: 1, max: 7 }, n: 6, mean: 4.67, easy: 66.67, distribution: [1, 0, 0, 1, 2, 1, 1], ...NO_EVENTS }
const SUPPORT5 = { type: 'ces', scale: CES5, n: 3, mean: 4, easy: 66.67, distribution: [0, 0, 1, 1, 1], ...NO_EVENTS }
const ONBOARDING = { type: 'nps', scale: { min: 0, max: 10 }, n: 3, score: -66.67, promoters: 0, passives: 1, detractors: 2, distribution: [0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 0], ...NO_EVENTS }

/** Answers on both sides of the time-bucket edges (UTC): a month end, a Sunday/Monday, a day. */
const TIMED = [
  ['2026-10-31T23:59:59.999Z', 10],
  ['2026-11-01T00:00:00.000Z', 0],
  ['2026-11-16T00:00:00.000Z', 9], // a Monday
  ['2026-11-22T23:59:59.999Z', 8], // the Sunday of that week
  ['2026-11-22T23:30:00.000-02:00', 7], // 01:30 UTC on Monday 23rd: days and weeks are UTC
] as const

describe.each(STORES)('GET /v1/stats on %s', (store) => {
  const t = useCollector(store)
  const results = async (query = '') => {
    const { status, body } = await getJson(t.url, `/v1/stats${query}`)
    expect(status, JSON.stringify(body)).toBe(200)
    return body.results
  }

  it('computes NPS, CSAT and CES of everything, one row per type and scale', async () => {
    await seed(t.url, FIXTURE)
    const all = { type: 'nps', scale: { min: 0, max: 10 }, n: 10, score: -10, promoters: 3, passives: 3, detractors: 4, distribution: [1, 0, 0, 1, 0, 0, 2, 2, 1, 2, 1], ...NO_EVENTS }
    const without = ({ distribution: _, ...row }: { distribution: number[] }) => row
    expect(await results()).toEqual([all, DELIVERY, SUPPORT7, SUPPORT5].map(without))
    expect(await results('?distribution=true')).toEqual([all, DELIVERY, SUPPORT7, SUPPORT5])
  })

  it('groups by touchpoint and stage', async () => {
    await seed(t.url, FIXTURE)
    expect(await results('?groupBy=touchpoint,stage&distribution=true')).toEqual([
      { touchpoint: 'checkout', stage: 'purchase', ...CHECKOUT },
      { touchpoint: 'delivery', stage: 'retention', ...DELIVERY },
      { touchpoint: 'onboarding', stage: null, ...ONBOARDING },
      { touchpoint: 'support', stage: 'retention', ...SUPPORT7 },
      { touchpoint: 'support', stage: 'retention', ...SUPPORT5 },
    ])
  })

  it('groups by survey', async () => {
    await seed(t.url, FIXTURE)
    expect((await results('?groupBy=survey')).map((r: { survey: string; n: number }) => [r.survey, r.n])).toEqual([
      ['checkout-nps', 7],
      ['delivery-csat', 6],
      ['onboarding-nps', 3],
      ['support-ces', 6],
      ['support-ces5', 3],
    ])
  })

  it.each([
    ['survey', '?survey=delivery-csat', [DELIVERY]],
    ['touchpoint', '?touchpoint=support', [SUPPORT7, SUPPORT5]],
    ['stage', '?stage=purchase', [CHECKOUT]],
    ['several fields at once', '?touchpoint=support&stage=retention&survey=support-ces5', [SUPPORT5]],
    ['a value nothing has', '?touchpoint=nowhere', []],
    ['a value that looks like SQL', `?touchpoint=${encodeURIComponent("checkout' OR '1'='1")}`, []],
  ])('filters by %s', async (_, query, expected) => {
    await seed(t.url, FIXTURE)
    expect(await results(`${query}&distribution=true`)).toEqual(expected)
  })

  it('buckets answers by UTC day, week (from Monday) and month', async () => {
    await seed(t.url, TIMED.map(([answeredAt, score]) => response({ answeredAt, score })))
    const by = async (g: string) => (await results(`?groupBy=${g}`)).map((r: Record<string, unknown>) => [r[g], r.n, r.score])
    expect(await by('day')).toEqual([
      ['2026-10-31', 1, 100],
      ['2026-11-01', 1, -100],
      ['2026-11-16', 1, 100],
      ['2026-11-22', 1, 0],
      ['2026-11-23', 1, 0],
    ])
    expect(await by('week')).toEqual([
      ['2026-10-26', 2, 0],
      ['2026-11-16', 2, 50],
      ['2026-11-23', 1, 0],
    ])
    expect(await by('month')).toEqual([
      ['2026-10-01', 1, 100],
      ['2026-11-01', 4, 0],
    ])
  })

  it.each([
    ['from a date, from its first instant', '?from=2026-11-01', 4],
    ['to a date, to its last instant', '?to=2026-11-22', 4],
    ['from and to the same date: that day', '?from=2026-11-22&to=2026-11-22', 1],
    ['to an instant, inclusive', '?to=2026-11-01T00:00:00.000Z', 2],
    ['from an instant with an offset', '?from=2026-11-23T03:29:59%2B02:00', 1],
  ])('filters by time %s', async (_, query, n) => {
    await seed(t.url, TIMED.map(([answeredAt, score]) => response({ answeredAt, score })))
    const rows = await results(query)
    expect(rows.reduce((s: number, r: { n: number }) => s + r.n, 0)).toBe(n)
  })

  it('agrees with the SDK metrics on random answers', async () => {
    let seedValue = 42
    const random = (k: number) => ((seedValue = (seedValue * 16807) % 2147483647) % k)
    const nps10 = Array.from({ length: 301 }, () => random(11))
    const csat5 = Array.from({ length: 299 }, () => 1 + random(5))
    const ces7 = Array.from({ length: 257 }, () => 1 + random(7))
    const ces5 = Array.from({ length: 263 }, () => 1 + random(5))
    await seed(t.url, [
      ...nps10.map((score) => response({ type: 'nps', score })),
      ...csat5.map((score) => response({ type: 'csat', score })),
      ...ces7.map((score) => response({ type: 'ces', score })),
      ...ces5.map((score) => response({ type: 'ces', scale: CES5, score })),
    ])
    const [n, c, e7, e5] = await results()
    const close = (ours: number, core: number | null) => expect(Math.abs(ours - core!)).toBeLessThanOrEqual(0.005)
    const sdk = { nps: nps(nps10), csat: csat(csat5), ces7: ces(ces7, 7), ces5: ces(ces5, 5) }
    expect([n.promoters, n.passives, n.detractors, n.n]).toEqual([sdk.nps.promoters, sdk.nps.passives, sdk.nps.detractors, 301])
    close(n.score, sdk.nps.score)
    close(c.score, sdk.csat.score)
    close(c.mean, sdk.csat.mean)
    close(e7.mean, sdk.ces7.mean)
    close(e7.easy, sdk.ces7.easy)
    close(e5.mean, sdk.ces5.mean)
    close(e5.easy, sdk.ces5.easy)
  })

  it('answers with the filter and the grouping it used', async () => {
    const { body } = await getJson(t.url, '/v1/stats?touchpoint=checkout&groupBy=day')
    expect(body).toEqual({ filter: { touchpoint: 'checkout' }, groupBy: ['day'], groups: ['survey', 'touchpoint', 'stage', 'day', 'week', 'month', 'device', 'locale'], results: [], unanswered: [], truncated: false })
  })

  it.each([
    ['?groupBy=hour', 'groupBy must be a comma-separated list of survey, touchpoint, stage, day, week, month, device, locale or context.<key> (a key of 1–64 letters, digits or _ . : -) (got "hour")'],
    ['?groupBy=touchpoint;DROP TABLE responses', 'groupBy must be a comma-separated list of survey, touchpoint, stage, day, week, month, device, locale or context.<key> (a key of 1–64 letters, digits or _ . : -) (got "touchpoint;DROP TABLE responses")'],
    ['?groupBy=day,day', 'groupBy names "day" twice'],
    [`?groupBy=${[...'abcdefghijk'].map((k) => `context.${k}`).join(',')}`, 'groupBy takes at most 10 groupings (got 11)'],
    ['?distribution=yes', 'distribution must be true or false (got "yes")'],
    ['?stage=checkout', 'stage must be one of awareness, consideration, purchase, retention, advocacy (got "checkout")'],
    ['?from=yesterday', 'from must be a real date like 2026-11-01 or an ISO 8601 date-time like 2026-11-01T09:00:00Z, in the years 0000–9999 (got "yesterday")'],
    ['?to=2026-11-01T10:00', 'to must be a real date like 2026-11-01 or an ISO 8601 date-time like 2026-11-01T09:00:00Z, in the years 0000–9999 (got "2026-11-01T10:00")'],
    ['?from=2026-11-02&to=2026-11-01', 'from (2026-11-02) must come before to (2026-11-01)'],
    ['?touchpont=checkout', 'unknown parameter "touchpont": /v1/stats takes survey, touchpoint, stage, from, to, device, locale, groupBy, distribution, minAnswers, context.<key>'],
    ['?touchpoint=a&touchpoint=b', 'parameter "touchpoint" is given twice'],
    // PostgreSQL holds no NUL in a text: refused before it reaches a query.
    ['?touchpoint=%00', 'parameter "touchpoint" must not contain NUL (\\u0000) characters'],
    [`?groupBy=${encodeURIComponent(`day,\u001b[2J${'x'.repeat(5000)}`)}`, `groupBy must be a comma-separated list of survey, touchpoint, stage, day, week, month, device, locale or context.<key> (a key of 1–64 letters, digits or _ . : -) (got "\\u001b[2J${'x'.repeat(53)}…")`],
    ['?groupBy=context.a,context.a', 'groupBy names "context.a" twice'],
    ['?context.plan=pro%00', 'parameter "context.plan" must not contain NUL (\\u0000) characters'],
  ])('answers %s with 400, saying why', async (query, error) => {
    const { status, body } = await getJson(t.url, `/v1/stats${query}`)
    expect(status).toBe(400)
    expect(body).toEqual({ error })
  })

  it('refuses hundreds of groupings with 400, rather than a query that PostgreSQL refuses (500)', async () => {
    await seed(t.url, [response({ context: { a: 'x' } })])
    const groupBy = Array.from({ length: 600 }, (_, i) => `context.${i.toString(36)}`).join(',')
    expect(await getJson(t.url, `/v1/stats?groupBy=${groupBy}&minAnswers=2`)).toMatchObject({ status: 400, body: { error: 'groupBy takes at most 10 groupings (got 600)' } })
  })

  it('filters on any context key, __proto__ too, rather than dropping the filter and counting every answer', async () => {
    await seed(t.url, [response({ context: JSON.parse('{ "__proto__": "b" }') }), response({ context: { plan: 'b' } }), response()])
    const { body } = await getJson(t.url, '/v1/stats?context.__proto__=b')
    expect(body.filter).toEqual(JSON.parse('{ "context": { "__proto__": "b" } }'))
    expect(body.results.map((r: { n: number }) => r.n)).toEqual([1])
    expect((await (await fetch(`${t.url}/v1/export?context.__proto__=zzz`)).text()).split('\r\n').filter(Boolean)).toHaveLength(1)
    expect((await getJson(t.url, '/v1/comments?context.__proto__=zzz')).body.filter).toEqual(JSON.parse('{ "context": { "__proto__": "zzz" } }'))
  })

  it.each(['/v1/comments', '/v1/export', '/v1/stats/context-keys', '/v1/stats/fatigue'])('%s refuses a NUL in a parameter with 400 too', async (path) => {
    const query = path === '/v1/stats/fatigue' ? 'days=1%00' : path === '/v1/stats/context-keys' ? 'from=%00' : 'locale=a%00'
    const { status, body } = await getJson(t.url, `${path}?${query}`)
    expect(status).toBe(400)
    expect(body.error).toMatch(/^parameter "\w+" must not contain NUL/)
  })
})
