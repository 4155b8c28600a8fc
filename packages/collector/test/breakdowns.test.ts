import { describe, expect, it } from 'vitest'
import { stats } from '@touchpoint/collector'
import type { Filter, Group } from '@touchpoint/collector'
import { envelope, event, response } from './fixtures.js'
import { getJson, post } from './harness/http.js'
import { STORES, useCollector } from './harness/stores.js'
import { MAX_CONTEXT_KEY_NAMES } from '../src/context-keys.js'

const checkout = (score: number, device: string, locale: string | undefined, context?: object) =>
  response({ score, device: device as never, locale: locale as never, context, touchpoint: 'checkout', stage: 'purchase', surveyId: 'checkout-nps' } as never)
const delivery = (score: number, context?: object) =>
  response({ type: 'csat', score, device: 'mobile', touchpoint: 'delivery', stage: 'retention', surveyId: 'delivery-csat', context } as never)
const times = (n: number, patch: Record<string, unknown>) => Array.from({ length: n }, () => event(patch))

/**
 * checkout (NPS): 5 answers — 10 mobile en-US pro, 9 mobile it-IT pro, 3 desktop en-US free,
 * 8 desktop en-US team, 0 desktop without locale or context; shown 8 times (mobile en-US 2,
 * mobile fr-FR 1, desktop en-US 5), dismissed twice (desktop en-US).
 * delivery (CSAT): 3 answers (5 4 4, mobile), shown only twice: the rate is capped at 100.
 * search (CES): shown 4 times, never answered.
 */
const ANSWERS = [
  checkout(10, 'mobile', 'en-US', { plan: 'pro' }),
  checkout(9, 'mobile', 'it-IT', { plan: 'pro' }),
  checkout(3, 'desktop', 'en-US', { plan: 'free' }),
  checkout(8, 'desktop', 'en-US', { plan: 'team', seats: 5 }),
  checkout(0, 'desktop', undefined),
  delivery(5),
  delivery(4),
  delivery(4, { plan: 'pro' }),
]
const CHECKOUT = { surveyId: 'checkout-nps', touchpoint: 'checkout', stage: 'purchase' }
const EVENTS = [
  ...times(2, { ...CHECKOUT, device: 'mobile', locale: 'en-US' }),
  ...times(1, { ...CHECKOUT, device: 'mobile', locale: 'fr-FR' }),
  ...times(5, { ...CHECKOUT, device: 'desktop', locale: 'en-US' }),
  ...times(2, { ...CHECKOUT, kind: 'dismissed', device: 'desktop', locale: 'en-US' }),
  ...times(2, { surveyId: 'delivery-csat', type: 'csat', touchpoint: 'delivery', stage: 'retention', device: 'mobile' }),
  ...times(4, { surveyId: 'search-ces', type: 'ces', touchpoint: 'search', stage: 'consideration', device: 'desktop' }),
]

const nps = (n: number, promoters: number, passives: number, detractors: number) => ({
  type: 'nps', scale: { min: 0, max: 10 }, n, score: Math.round(((promoters - detractors) * 10000) / n) / 100, promoters, passives, detractors,
})
const reach = (shown: number | null, dismissed: number | null, responseRate: number | null) => ({ shown, dismissed, responseRate })

describe.each(STORES)('breakdowns and response rates in GET /v1/stats on %s', (store) => {
  const t = useCollector(store)
  const get = async (query: string) => {
    const { status, body } = await getJson(t.url, `/v1/stats?${query}`)
    expect(status, JSON.stringify(body)).toBe(200)
    return body
  }
  const seedAll = async () => {
    const body = await (await post(t.url, envelope(ANSWERS, EVENTS))).json()
    expect([body.accepted, body.events.accepted]).toEqual([ANSWERS.length, EVENTS.length])
  }

  it('gives the response rate per touchpoint: answers ÷ shown, capped at 100, and the touchpoints never answered', async () => {
    await seedAll()
    const body = await get('groupBy=touchpoint')
    expect(body.results).toEqual([
      // 5 answers of 8 prompts
      { touchpoint: 'checkout', ...nps(5, 2, 1, 2), ...reach(8, 2, 62.5) },
      // 3 answers of 2 prompts: 150 %, capped
      { touchpoint: 'delivery', type: 'csat', scale: { min: 1, max: 5 }, n: 3, score: 100, mean: 4.33, ...reach(2, 0, 100) },
    ])
    expect(body.unanswered).toEqual([{ touchpoint: 'search', type: 'ces', ...reach(4, 0, 0) }])
  })

  it('breaks down by device, with the rate per device', async () => {
    await seedAll()
    expect((await get('touchpoint=checkout&groupBy=device')).results).toEqual([
      { device: 'desktop', ...nps(3, 0, 1, 2), ...reach(5, 2, 60) },
      { device: 'mobile', ...nps(2, 2, 0, 0), ...reach(3, 0, 66.67) },
    ])
  })

  it('filters by device', async () => {
    await seedAll()
    const body = await get('device=mobile&groupBy=touchpoint')
    expect(body.results).toEqual([
      { touchpoint: 'checkout', ...nps(2, 2, 0, 0), ...reach(3, 0, 66.67) },
      { touchpoint: 'delivery', type: 'csat', scale: { min: 1, max: 5 }, n: 3, score: 100, mean: 4.33, ...reach(2, 0, 100) },
    ])
    expect(body.unanswered).toEqual([])
  })

  it('breaks down by locale, answers without one last, prompts of a locale never answered apart', async () => {
    await seedAll()
    const body = await get('touchpoint=checkout&groupBy=locale')
    expect(body.results).toEqual([
      { locale: 'en-US', ...nps(3, 1, 1, 1), ...reach(7, 2, 42.86) },
      { locale: 'it-IT', ...nps(1, 1, 0, 0), ...reach(0, 0, null) },
      { locale: null, ...nps(1, 0, 0, 1), ...reach(0, 0, null) },
    ])
    expect(body.unanswered).toEqual([{ locale: 'fr-FR', type: 'nps', ...reach(1, 0, 0) }])
  })

  it('folds the locales with fewer answers than minAnswers into "other", their prompts too', async () => {
    await seedAll()
    const body = await get('touchpoint=checkout&groupBy=locale&minAnswers=2')
    expect(body.results).toEqual([
      { locale: 'en-US', ...nps(3, 1, 1, 1), ...reach(7, 2, 42.86) },
      // it-IT's answer, and fr-FR's prompt
      { locale: 'other', folded: { locale: 1 }, ...nps(1, 1, 0, 0), ...reach(1, 0, 100) },
      { locale: null, ...nps(1, 0, 0, 1), ...reach(0, 0, null) },
    ])
    expect(body.unanswered).toEqual([])
  })

  it('filters by locale', async () => {
    await seedAll()
    expect((await get('locale=it-IT')).results).toEqual([{ ...nps(1, 1, 0, 0), ...reach(0, 0, null) }])
  })

  it('breaks down by a context key, without a rate (events carry no context)', async () => {
    await seedAll()
    expect((await get('touchpoint=checkout&groupBy=context.plan')).results).toEqual([
      { 'context.plan': 'free', ...nps(1, 0, 0, 1), ...reach(null, null, null) },
      { 'context.plan': 'pro', ...nps(2, 2, 0, 0), ...reach(null, null, null) },
      { 'context.plan': 'team', ...nps(1, 0, 1, 0), ...reach(null, null, null) },
      { 'context.plan': null, ...nps(1, 0, 0, 1), ...reach(null, null, null) },
    ])
  })

  it('folds the context values with fewer answers than minAnswers into "other"', async () => {
    await seedAll()
    expect((await get('touchpoint=checkout&groupBy=context.plan&minAnswers=2')).results).toEqual([
      { 'context.plan': 'pro', ...nps(2, 2, 0, 0), ...reach(null, null, null) },
      // free (3) and team (8): after the values, before the answers without one
      { 'context.plan': 'other', folded: { 'context.plan': 2 }, ...nps(2, 0, 1, 1), ...reach(null, null, null) },
      { 'context.plan': null, ...nps(1, 0, 0, 1), ...reach(null, null, null) },
    ])
  })

  it('keeps a real value written "other" apart from the values folded together, in a breakdown and per day, on both sources', async () => {
    // plan "other" 3 answers (9 9 9), and three plans of one answer each (0, 10, 10); the locale "other" as well.
    const day = (d: number) => `2026-11-${d}T10:00:00.000Z`
    const answer = (score: number, plan: string, d: number) => ({ ...checkout(score, 'desktop', plan === 'other' ? 'other' : `x-${plan}`, { plan }), answeredAt: day(d) })
    const answers = [answer(9, 'other', 20), answer(9, 'other', 20), answer(9, 'other', 21), answer(0, 'free', 20), answer(10, 'team', 21), answer(10, 'edu', 21)]
    const events = [...times(6, { ...CHECKOUT, device: 'desktop', locale: 'other' }), ...times(4, { ...CHECKOUT, device: 'desktop', locale: 'x-free' })]
    await post(t.url, envelope(answers, events))
    expect((await get('groupBy=context.plan&minAnswers=2')).results).toEqual([
      { 'context.plan': 'other', ...nps(3, 3, 0, 0), ...reach(null, null, null) },
      { 'context.plan': 'other', folded: { 'context.plan': 3 }, ...nps(3, 2, 0, 1), ...reach(null, null, null) },
    ])
    expect((await get('groupBy=locale&minAnswers=2')).results).toEqual([
      { locale: 'other', ...nps(3, 3, 0, 0), ...reach(6, 0, 50) },
      { locale: 'other', folded: { locale: 3 }, ...nps(3, 2, 0, 1), ...reach(4, 0, 75) },
    ])
    expect((await get('groupBy=day,context.plan&minAnswers=2')).results.map((r: Record<string, unknown>) => [r.day, r['context.plan'], r.folded, r.n])).toEqual([
      ['2026-11-20', 'other', undefined, 2],
      // free on the 20th; team and edu on the 21st
      ['2026-11-20', 'other', { 'context.plan': 1 }, 1],
      ['2026-11-21', 'other', undefined, 1],
      ['2026-11-21', 'other', { 'context.plan': 2 }, 2],
    ])
    // With 4, the real "other" (3 answers) is one of the small values: 4 of them, on one row with the device they share.
    expect((await get('groupBy=locale,device&minAnswers=4')).results.map((r: Record<string, unknown>) => [r.locale, r.device, r.folded, r.n])).toEqual([
      ['other', 'desktop', { locale: 4 }, 6],
    ])
    for (const groupBy of [['context.plan'], ['locale', 'day'], ['touchpoint', 'context.plan']] as Group[][]) {
      const counted = await stats(t.db, {}, groupBy, { minAnswers: 2, source: 'answer_dimensions' })
      expect(counted).toEqual(await stats(t.db, {}, groupBy, { minAnswers: 2, source: 'responses' }))
    }
  })

  it('says on each folded row how many values that row counts, not the whole result: per touchpoint, per type, per day', async () => {
    // checkout (NPS): en-US twice, fr-FR and de-DE once; delivery (CSAT): es-ES once, on another day.
    const answer = (locale: string) => checkout(9, 'desktop', locale, { plan: locale })
    const answers = [answer('en-US'), answer('en-US'), answer('fr-FR'), { ...answer('de-DE'), answeredAt: '2026-11-21T10:00:00.000Z' }, { ...delivery(5), locale: 'es-ES', answeredAt: '2026-11-21T10:00:00.000Z' }]
    // Search prompts shown on pt-BR, never answered.
    const events = times(2, { surveyId: 'search-ces', type: 'ces', touchpoint: 'search', stage: 'consideration', locale: 'pt-BR' })
    await post(t.url, envelope(answers, events))
    const rows = async (query: string) => (await get(query)).results.map((r: Record<string, unknown>) => [r.touchpoint ?? r.day ?? r.type, r.locale ?? r['context.plan'], r.folded, r.n])
    expect(await rows('groupBy=touchpoint,locale&minAnswers=2')).toEqual([
      ['checkout', 'en-US', undefined, 2],
      ['checkout', 'other', { locale: 2 }, 2],
      ['delivery', 'other', { locale: 1 }, 1],
    ])
    // One group, two types: each row its own values.
    expect(await rows('groupBy=locale&minAnswers=2')).toEqual([
      ['nps', 'en-US', undefined, 2],
      ['nps', 'other', { locale: 2 }, 2],
      ['csat', 'other', { locale: 1 }, 1],
    ])
    expect(await rows('groupBy=day,context.plan&minAnswers=2&touchpoint=checkout')).toEqual([
      ['2026-11-20', 'en-US', undefined, 2],
      ['2026-11-20', 'other', { 'context.plan': 1 }, 1],
      ['2026-11-21', 'other', { 'context.plan': 1 }, 1],
    ])
    // The prompts of a folded locale never answered: a folded group that counts no value with answers.
    expect((await get('groupBy=touchpoint,locale&minAnswers=2')).unanswered).toEqual([
      { touchpoint: 'search', locale: 'other', folded: { locale: 0 }, type: 'ces', ...reach(2, 0, 0) },
    ])
    for (const groupBy of [['touchpoint', 'locale'], ['locale'], ['day', 'context.plan']] as Group[][]) {
      const counted = await stats(t.db, {}, groupBy, { minAnswers: 2, source: 'answer_dimensions' })
      expect(counted).toEqual(await stats(t.db, {}, groupBy, { minAnswers: 2, source: 'responses' }))
    }
  })

  it('filters by a context key, numbers as text', async () => {
    await seedAll()
    expect((await get('context.plan=pro&groupBy=touchpoint')).results).toEqual([
      { touchpoint: 'checkout', ...nps(2, 2, 0, 0), ...reach(null, null, null) },
      { touchpoint: 'delivery', type: 'csat', scale: { min: 1, max: 5 }, n: 1, score: 100, mean: 4, ...reach(null, null, null) },
    ])
    expect((await get('context.seats=5')).results).toEqual([{ ...nps(1, 0, 1, 0), ...reach(null, null, null) }])
  })

  it('counts the same from the answers as from the daily counts, whatever the breakdown', async () => {
    await seedAll()
    const cases: [Filter, Group[]][] = [
      [{}, ['device']],
      [{}, ['locale', 'touchpoint']],
      [{ touchpoint: 'checkout' }, ['context.plan', 'day']],
      [{ device: 'mobile' }, ['touchpoint']],
      [{ context: { plan: 'pro' } }, ['stage']],
      [{ locale: 'en-US', from: '2026-11-01', to: '2026-11-30' }, ['week']],
    ]
    for (const [filter, groupBy] of cases) {
      const counted = await stats(t.db, filter, groupBy, { distribution: true, source: 'answer_dimensions' })
      expect(counted.length).toBeGreaterThan(0)
      expect(counted).toEqual(await stats(t.db, filter, groupBy, { distribution: true, source: 'responses' }))
    }
  })

  it('counts prompts from the events themselves for a period with a time of day', async () => {
    await seedAll()
    const byDay = await get('groupBy=touchpoint,device&from=2026-11-20')
    const byInstant = await get('groupBy=touchpoint,device&from=2026-11-20T00:00:00Z')
    expect(byInstant).toEqual({ ...byDay, filter: { from: '2026-11-20T00:00:00Z' } })
    expect(byInstant.results.find((r: { device: string }) => r.device === 'desktop')).toMatchObject(reach(5, 2, 60))
  })

  it('reads an empty locale as none, alike for whole days and for a time of day', async () => {
    // The SDK never sends "", but any client may: answers and prompts are filed the same way.
    const answers = [checkout(9, 'mobile', ''), checkout(10, 'mobile', 'en')]
    const events = [...times(1, { ...CHECKOUT, device: 'mobile', locale: '' }), ...times(1, { ...CHECKOUT, device: 'mobile', locale: 'en' })]
    await post(t.url, envelope(answers, events))
    const byDay = await get('groupBy=locale&from=2026-11-20')
    const byInstant = await get('groupBy=locale&from=2026-11-20T00:00:00Z')
    expect(byInstant).toEqual({ ...byDay, filter: { from: '2026-11-20T00:00:00Z' } })
    expect(byDay.results.map((r: { locale: string | null; n: number; shown: number }) => [r.locale, r.n, r.shown])).toEqual([['en', 1, 1], [null, 1, 1]])
    expect(byDay.unanswered).toEqual([])
  })

  it.each([
    ['groupBy=context.bad key', 'groupBy must be a comma-separated list of survey, touchpoint, stage, day, week, month, device, locale or context.<key> (a key of 1–64 letters, digits or _ . : -) (got "context.bad key")'],
    ['device=phone', 'device must be one of mobile, tablet, desktop (got "phone")'],
    ['context.=x', '"context." names no context key: keys are 1–64 letters, digits or _ . : -'],
    ['minAnswers=-1', 'minAnswers must be a whole number from 0 to 1000000 (got "-1")'],
    // Digits only, as written: not a hexadecimal, an exponent, a space or nothing read as a number.
    ['minAnswers=0x10', 'minAnswers must be a whole number from 0 to 1000000 (got "0x10")'],
    ['minAnswers=1e3', 'minAnswers must be a whole number from 0 to 1000000 (got "1e3")'],
    ['minAnswers=', 'minAnswers must be a whole number from 0 to 1000000 (got "")'],
  ])('answers %s with 400, saying why', async (query, error) => {
    const { status, body } = await getJson(t.url, `/v1/stats?${query}`)
    expect([status, body]).toEqual([400, { error }])
  })
})

describe.each(STORES)('GET /v1/stats/context-keys on %s', (store) => {
  const t = useCollector(store)
  it('lists the context keys the answers of a period have', async () => {
    await post(t.url, envelope([
      response({ answeredAt: '2026-11-20T10:00:00.000Z', context: { plan: 'pro', seats: 5 } } as never),
      response({ answeredAt: '2026-11-21T10:00:00.000Z', context: { orderId: 'A-1' } } as never),
      response({ answeredAt: '2026-11-22T10:00:00.000Z' }),
    ]))
    const keys = async (q = '') => (await getJson(t.url, `/v1/stats/context-keys${q}`)).body.keys
    expect(await keys()).toEqual(['orderId', 'plan', 'seats'])
    expect(await keys('?from=2026-11-21')).toEqual(['orderId'])
    expect(await keys('?to=2026-11-20')).toEqual(['plan', 'seats'])
  })

  it("finds a period's keys behind more than a hundred older key names, and lists a hundred at most", async () => {
    // 120 key names answered on October 1st, 20 to an answer; one more, later in the alphabet, in November.
    const old = Array.from({ length: 120 }, (_, i) => `k${String(i).padStart(3, '0')}`)
    const answers = Array.from({ length: 6 }, (_, a) =>
      response({ answeredAt: '2026-10-01T10:00:00.000Z', context: Object.fromEntries(old.slice(a * 20, a * 20 + 20).map((k) => [k, 'x'])) } as never))
    await post(t.url, envelope([...answers, response({ answeredAt: '2026-11-21T10:00:00.000Z', context: { zone: 'eu' } } as never)]))
    const keys = async (q = '') => (await getJson(t.url, `/v1/stats/context-keys${q}`)).body.keys
    expect(await keys('?from=2026-11-01')).toEqual(['zone'])
    expect(await keys('?from=2026-11-01T12:00:00Z')).toEqual(['zone'])
    expect(await keys()).toEqual(old.slice(0, 100))
    expect(await keys('?to=2026-10-01')).toEqual(old.slice(0, 100))
  })

  it('reads at most MAX_CONTEXT_KEY_NAMES key names for one request, whatever names clients have sent', async () => {
    // Counted straight into the table, as answers with that many key names would be.
    const row = (name: string, day: string) => `('context.${name}', '${day}', 's', 't', 'x', 'nps', 0, 10, 9, 'v', 1)`
    const old = Array.from({ length: MAX_CONTEXT_KEY_NAMES - 1 }, (_, i) => row(`k${String(i).padStart(5, '0')}`, '2026-10-01'))
    await t.db.query(`INSERT INTO answer_dimensions VALUES ${[...old, row('y', '2026-11-21'), row('z', '2026-11-21')].join(',')}`)
    const keys = async (q: string) => (await getJson(t.url, `/v1/stats/context-keys${q}`)).body.keys
    // The last name read is "y"; "z", one further, is not.
    expect(await keys('?from=2026-11-01')).toEqual(['y'])
  })

  it('honours a time of day in from and to, as stats do, rather than counting whole days', async () => {
    await post(t.url, envelope([
      response({ answeredAt: '2026-11-20T08:00:00.000Z', context: { early: 'x' } } as never),
      response({ answeredAt: '2026-11-20T10:00:00.000Z', context: { plan: 'pro' } } as never),
      response({ answeredAt: '2026-11-21T10:00:00.000Z', context: { orderId: 'A-1' } } as never),
      response({ answeredAt: '2026-11-22T10:00:00.000Z', context: { late: 'y' } } as never),
      response({ answeredAt: '2026-11-22T12:00:00.000Z', context: { later: 'z' } } as never),
    ]))
    const keys = async (q: string) => {
      const { status, body } = await getJson(t.url, `/v1/stats/context-keys${q}`)
      expect(status).toBe(200)
      return body.keys
    }
    // Within one day.
    expect(await keys('?from=2026-11-20T09:00:00Z&to=2026-11-20T11:00:00Z')).toEqual(['plan'])
    expect(await keys('?from=2026-11-20T10:00:00.001Z&to=2026-11-20T23:59:59Z')).toEqual([])
    // Part days at both ends, a whole day between them.
    expect(await keys('?from=2026-11-20T09:00:00Z&to=2026-11-22T11:00:00Z')).toEqual(['late', 'orderId', 'plan'])
    // A time at one end only; an offset is read as the instant it names.
    expect(await keys('?from=2026-11-20T09:00:00Z')).toEqual(['late', 'later', 'orderId', 'plan'])
    expect(await keys('?to=2026-11-22T11:00:00%2B02:00')).toEqual(['early', 'orderId', 'plan'])
    expect(await keys('?from=2026-11-21T00:00:00Z&to=2026-11-21T23:59:59.999Z')).toEqual(['orderId'])
    // Answers far apart, the part days in other centuries.
    expect(await keys('?from=0000-01-01T12:00:00Z&to=9999-12-31T12:00:00Z')).toEqual(['early', 'late', 'later', 'orderId', 'plan'])
    const stats = await getJson(t.url, '/v1/stats?groupBy=context.plan&from=2026-11-20T10:00:00.001Z&to=2026-11-20T23:59:59Z')
    expect(stats.body.results).toEqual([])
  })
})
