import { describe, expect, it } from 'vitest'
import { CONTEXT_KEY, ConfigError, RESPONSE_LIMITS, validateConfig } from '@touchpoint/core'
import { designSurvey } from './fixtures.js'

const good = designSurvey

/** The one error validateConfig reports for a survey made of `good` plus `patch`. */
function problemsOf(patch: Record<string, unknown>): string[] {
  const { config, errors } = validateConfig({ surveys: [{ ...good, ...patch }] })
  expect(config.surveys).toHaveLength(errors.length ? 0 : 1)
  return errors.flatMap((e) => e.problems)
}

describe('validateConfig', () => {
  it('accepts the documented example unchanged', () => {
    const input = { surveys: [good], globalCooldownDays: 7 }
    const { config, errors } = validateConfig(input)
    expect(errors).toEqual([])
    expect(config).toEqual(input)
    expect(config.surveys[0]).toBe(good)
  })

  it.each([
    { on: 'pageview' },
    { on: 'pageview', url: [{ startsWith: '/shop' }, { matches: '^/p/\\d+$', not: { contains: 'admin' } }] },
    { on: 'event', event: 'chat_closed', where: { rating: { gte: 3 }, channel: ['web', 'app'] }, count: 2 },
    { on: 'click', selector: '#help button' },
    { on: 'exit_intent' },
    { on: 'scroll', percent: 75 },
    { on: 'dwell', seconds: 30 },
    { on: 'idle', seconds: 20 },
    { on: 'visit', count: 3 },
  ])('accepts a $on trigger', (trigger) => {
    expect(problemsOf({ triggers: [trigger] })).toEqual([])
  })

  it.each([
    { status: 'live' },
    { status: 'paused' },
    { status: 'draft' },
    { startsAt: '2026-12-01T09:00:00Z', endsAt: '2027-01-01T00:00:00.000+01:00' },
    { startsAt: '2028-02-29T23:59:59.5-05:30' },
    { endsAt: '2026-12-01T09:00Z' },
    { maxResponses: 500 },
  ])('accepts lifecycle fields %j', (patch) => {
    expect(problemsOf(patch)).toEqual([])
  })

  it.each([
    { context: [] },
    { context: ['orderId', 'plan'] },
    { context: ['order.id', 'ns:plan', 'a-b_c', 'x'.repeat(64)] },
    { context: Array.from({ length: 20 }, (_, i) => `k${i}`) },
  ])('accepts context keys %j', (patch) => {
    expect(problemsOf(patch)).toEqual([])
  })

  // Lengths are counted in characters (code points), as the JSON Schema's maxLength counts them:
  // an emoji is one character, though it is two UTF-16 units in a JavaScript string.
  const rateUs = 'Rate us ' + '⭐'.repeat(10) + '🙂'.repeat(250) // 268 characters, 518 UTF-16 units
  it.each([
    { question: rateUs },
    { question: { en: rateUs } },
    { followUp: rateUs },
    { labels: { min: '🙂'.repeat(500), max: { en: '😡'.repeat(500) } } },
    { touchpoint: '🛒'.repeat(64) },
    { audience: { locale: ['🙂'.repeat(35)], url: { contains: '🙂'.repeat(2000) } } },
    { triggers: [{ on: 'event', event: '🙂'.repeat(100) }, { on: 'click', selector: `.${'🙂'.repeat(499)}` }] },
  ])('counts an emoji as one character: accepts %#', (patch) => {
    expect(problemsOf(patch)).toEqual([])
  })

  it.each([
    [{ question: '🙂'.repeat(501) }, `question must be a text of 1–500 characters (got "${'🙂'.repeat(60)}…", 501 characters)`],
    [{ touchpoint: '🛒'.repeat(65) }, `touchpoint must be a text of 1–64 characters (got "${'🛒'.repeat(65)}")`],
    [{ audience: { locale: ['🙂'.repeat(36)] } }, `audience.locale[0] must be a text of 1–35 characters (got "${'🙂'.repeat(36)}")`],
    [{ triggers: [{ on: 'event', event: '🙂'.repeat(101) }] }, `triggers[0].event must be a text of 1–100 characters (got "${'🙂'.repeat(60)}…", 101 characters)`],
  ])('counts an emoji as one character: refuses %#', (patch, problem) => {
    expect(problemsOf(patch)).toEqual([problem])
  })

  it('cuts a long text it quotes between characters, never inside an emoji', () => {
    const [problem] = problemsOf({ question: 'x' + '🙂'.repeat(600) })
    expect(problem).toBe(`question must be a text of 1–500 characters (got "x${'🙂'.repeat(59)}…", 601 characters)`)
  })

  it('holds context to RESPONSE_LIMITS and CONTEXT_KEY, which collectors use', () => {
    const { contextKeys, contextKey } = RESPONSE_LIMITS
    const names = Array.from({ length: contextKeys }, (_, i) => String(i).padEnd(contextKey, 'x'))
    expect(problemsOf({ context: names })).toEqual([])
    expect(problemsOf({ context: [...names, 'more'] })).toHaveLength(1)
    expect(problemsOf({ context: [`${names[0]}x`] })).toHaveLength(1)
    for (const k of ['orderId', 'a.b:c-d_e', names[0]!, `${names[0]}x`, '', 'order id', 'é', 'a/b']) {
      expect(problemsOf({ context: [k] }).length === 0, k).toBe(CONTEXT_KEY.test(k))
    }
  })

  it.each([
    [{ id: '' }, 'id must be 1–64 letters, digits or . _ : - (got "")'],
    [{ type: 'nsp' }, 'type must be one of nps, csat, ces (got "nsp")'],
    [{ stage: 'buy' }, 'stage must be one of awareness, consideration, purchase, retention, advocacy (got "buy")'],
    [{ triggers: [] }, 'triggers must be a non-empty array of triggers (got [])'],
    [{ triggers: undefined }, 'triggers must be a non-empty array of triggers (got nothing)'],
    [{ triggers: [{ on: 'pagview' }] }, 'triggers[0].on must be one of pageview, event, click, exit_intent, scroll, dwell, idle, visit (got "pagview")'],
    [{ triggers: [{ on: 'event' }] }, 'triggers[0].event is required for "event" (got nothing)'],
    [{ triggers: [{ on: 'event', event: 'x', count: 0 }] }, 'triggers[0].count must be a whole number ≥ 1 (got 0)'],
    [{ triggers: [{ on: 'scroll', percent: 150 }] }, 'triggers[0].percent must be a number from 1 to 100 (got 150)'],
    [{ triggers: [{ on: 'dwell', seconds: '30' }] }, 'triggers[0].seconds must be a number ≥ 1 (got "30")'],
    [{ triggers: [{ on: 'click', selector: '.x', percent: 3 }] }, 'triggers[0].percent is not a known field (expected one of on, delaySeconds, selector)'],
    [{ triggers: [{ on: 'pageview', delaySeconds: -1 }] }, 'triggers[0].delaySeconds must be a number ≥ 0 (got -1)'],
    [{ triggers: [{ on: 'pageview', url: { matches: '(' } }] }, 'triggers[0].url.matches must be a valid regular expression (got "(")'],
    [{ triggers: [{ on: 'pageview', url: { begins: '/' } }] }, 'triggers[0].url.begins is not a known field (expected one of equals, contains, startsWith, endsWith, matches, not)'],
    [{ audience: { sampleRate: 2 } }, 'audience.sampleRate must be a number from 0 to 1 (got 2)'],
    [{ audience: { device: ['phone'] } }, 'audience.device[0] must be one of mobile, tablet, desktop (got "phone")'],
    [{ audience: { attributes: { plan: { gt: 'x' } } } }, 'audience.attributes.plan.gt must be a number (got "x")'],
    [{ audience: { attributes: { plan: { like: 'x' } } } }, 'audience.attributes.plan.like is not a known field (expected one of equals, oneOf, exists, gt, gte, lt, lte)'],
    [{ frequency: { maxShows: 1.5 } }, 'frequency.maxShows must be a whole number ≥ 1 (got 1.5)'],
    [{ question: '' }, 'question must be a text of 1–500 characters (got "")'],
    // A long text is named by its length, not quoted whole: the editor shows it.
    [{ question: 'Why? '.repeat(130) }, `question must be a text of 1–500 characters (got "${'Why? '.repeat(12)}…", 650 characters)`],
    [{ question: 7 }, 'question must be a text or a { "locale": "text" } map (got 7)'],
    // followUp also takes true and false: the message lists every form.
    [{ followUp: 3 }, 'followUp must be true, false, a text or a { "locale": "text" } map (got 3)'],
    [{ followUp: {} }, 'followUp must be true, false, a text or a { "locale": "text" } map (got {})'],
    [{ followUp: { en: 3 } }, 'followUp.en must be a text of 1–500 characters (got 3)'],
    [{ question: { en: 3 } }, 'question.en must be a text of 1–500 characters (got 3)'],
    [{ scale: 5 }, 'scale is only for type "ces" (got 5)'],
    [{ type: 'ces', scale: 10 }, 'scale must be 5 or 7 (got 10)'],
    [{ type: 'csat', style: 'hearts' }, 'style must be one of numbers, stars, emoji (got "hearts")'],
    [{ audiance: {} }, expect.stringMatching(/^audiance is not a known field/)],
    [{ status: 'stopped' }, 'status must be one of live, paused, draft (got "stopped")'],
    [{ startsAt: '2026-12-01' }, 'startsAt must be an ISO 8601 date-time with a zone, e.g. "2026-12-01T09:00:00Z" (got "2026-12-01")'],
    [{ startsAt: '2026-12-01T09:00:00' }, 'startsAt must be an ISO 8601 date-time with a zone, e.g. "2026-12-01T09:00:00Z" (got "2026-12-01T09:00:00")'],
    [{ endsAt: '2026-02-30T09:00:00Z' }, 'endsAt must be an ISO 8601 date-time with a zone, e.g. "2026-12-01T09:00:00Z" (got "2026-02-30T09:00:00Z")'],
    [{ endsAt: '2026-12-01T24:00:00Z' }, 'endsAt must be an ISO 8601 date-time with a zone, e.g. "2026-12-01T09:00:00Z" (got "2026-12-01T24:00:00Z")'],
    [{ endsAt: 1767225600000 }, 'endsAt must be an ISO 8601 date-time with a zone, e.g. "2026-12-01T09:00:00Z" (got 1767225600000)'],
    [{ startsAt: '2026-12-01T10:00:00+01:00', endsAt: '2026-12-01T09:00:00Z' }, 'endsAt must be after startsAt (2026-12-01T10:00:00+01:00) (got "2026-12-01T09:00:00Z")'],
    [{ maxResponses: 0 }, 'maxResponses must be a whole number ≥ 1 (got 0)'],
    [{ maxResponses: 2.5 }, 'maxResponses must be a whole number ≥ 1 (got 2.5)'],
    [{ context: 'orderId' }, 'context must be a list of at most 20 key names, e.g. ["orderId", "plan"] (got "orderId")'],
    [{ context: { orderId: true } }, 'context must be a list of at most 20 key names, e.g. ["orderId", "plan"] (got {"orderId":true})'],
    [{ context: Array.from({ length: 21 }, (_, i) => `k${i}`) }, expect.stringMatching(/^context must be a list of at most 20 key names/)],
    [{ context: ['order id'] }, 'context[0] must be a name of 1–64 letters, digits or . _ : - (got "order id")'],
    [{ context: ['plan', ''] }, 'context[1] must be a name of 1–64 letters, digits or . _ : - (got "")'],
    [{ context: ['x'.repeat(65)] }, expect.stringMatching(/^context\[0\] must be a name of 1–64 letters/)],
    [{ context: [42] }, 'context[0] must be a name of 1–64 letters, digits or . _ : - (got 42)'],
    [{ context: ['plan', 'plan'] }, 'context[1] is listed twice: remove one "plan" (got "plan")'],
  ])('rejects %j: %s', (patch, problem) => {
    expect(problemsOf(patch)).toEqual([problem])
  })

  it('skips only the bad survey and names it, its field and the allowed values', () => {
    const { config, errors } = validateConfig({
      surveys: [good, { ...good, id: 'broken', triggers: [{ on: 'pagview' }] }, { ...good, id: 'other' }],
    })
    expect(config.surveys.map((s) => s.id)).toEqual(['checkout-nps', 'other'])
    expect(errors).toHaveLength(1)
    expect(errors[0]).toBeInstanceOf(ConfigError)
    expect(errors[0]!.surveyId).toBe('broken')
    expect(errors[0]!.message).toBe(
      'survey "broken": triggers[0].on must be one of pageview, event, click, exit_intent, scroll, dwell, idle, visit (got "pagview")',
    )
  })

  it('refuses a text under no language, which no visitor would be shown once another language is there', () => {
    const { errors } = validateConfig({ surveys: [{ ...good, question: { en: 'How was it?', '': 'Com’è andata?' }, labels: { min: { ' ': 'Hard' } } }] })
    expect(errors[0]!.problems).toEqual([
      'question has a text without its language: give it one ("it", "pt-BR"), or remove it (got "Com’è andata?")',
      'labels.min has a text without its language: give it one ("it", "pt-BR"), or remove it (got "Hard")',
    ])
  })

  it('lists every problem of a survey in one error', () => {
    const { errors } = validateConfig({ surveys: [{ id: 'x', type: 'bad', triggers: [] }] })
    expect(errors).toHaveLength(1)
    expect(errors[0]!.problems).toHaveLength(2)
  })

  it('skips a second survey with an id already used', () => {
    const { config, errors } = validateConfig({ surveys: [good, good] })
    expect(config.surveys).toHaveLength(1)
    expect(errors[0]!.message).toBe('survey "checkout-nps": id is used by an earlier survey')
  })

  it('names a survey without an id by its position', () => {
    const { errors } = validateConfig({ surveys: [{ type: 'nps', triggers: [{ on: 'pageview' }] }] })
    expect(errors[0]!.message).toMatch(/^survey "#0": id must be/)
  })

  it.each([
    [null, 'config: the config has to be an object: { "surveys": [ … ] } (got null)'],
    [42, 'config: the config has to be an object: { "surveys": [ … ] } (got 42)'],
    ['surveys', 'config: the config has to be an object: { "surveys": [ … ] } (got "surveys")'],
    // A bare list of surveys is not taken for the surveys field: the config around it is missing.
    [[], 'config: the config has to be an object: { "surveys": [ … ] } (got an array)'],
    [[{ id: 'x', type: 'nps', triggers: [{ on: 'pageview' }] }], 'config: the config has to be an object: { "surveys": [ … ] } (got an array)'],
    [{}, 'config: surveys must be an array of surveys (got nothing)'],
    [{ surveys: {} }, 'config: surveys must be an array of surveys (got {})'],
  ])('reports a config that is not { surveys: [] }: %j', (input, message) => {
    const { config, errors } = validateConfig(input)
    expect(config.surveys).toEqual([])
    expect(errors).toHaveLength(1)
    expect(errors[0]!.surveyId).toBeUndefined()
    expect(errors[0]!.message).toBe(message)
  })

  it('reports a bad globalCooldownDays but keeps the surveys', () => {
    const { config, errors } = validateConfig({ surveys: [good], globalCooldownDays: -3 })
    expect(config).toEqual({ surveys: [good] })
    expect(errors[0]!.message).toBe('config: globalCooldownDays must be a number ≥ 0 (got -3)')
  })
})

describe('validateConfig with unknownFields: "warn"', () => {
  const warn = (input: unknown) => validateConfig(input, { unknownFields: 'warn' })

  it.each([
    [{ folowUp: true }, 'folowUp is not a known field (did you mean followUp?)', {}],
    [{ audience: { ...good.audience, sampelRate: 0.1 } }, 'audience.sampelRate is not a known field (did you mean sampleRate?)', { audience: good.audience }],
    [{ frequency: { recontactDays: 90, maxShow: 2 } }, 'frequency.maxShow is not a known field (did you mean maxShows?)', { frequency: { recontactDays: 90 } }],
    [{ triggers: [{ on: 'event', event: 'x', cout: 2 }] }, 'triggers[0].cout is not a known field (did you mean count?)', { triggers: [{ on: 'event', event: 'x' }] }],
    [{ triggers: [{ on: 'pageview', url: { startsWith: '/a', endWith: '/b' } }] }, 'triggers[0].url.endWith is not a known field (did you mean endsWith?)', { triggers: [{ on: 'pageview', url: { startsWith: '/a' } }] }],
    [{ labels: { min: 'No', mx: 'Yes' } }, 'labels.mx is not a known field (did you mean max?)', { labels: { min: 'No' } }],
    [{ colour: 'red' }, `colour is not a known field (expected one of ${['id', 'type', 'touchpoint', 'stage', 'question', 'followUp', 'scale', 'style', 'labels', 'triggers', 'audience', 'frequency', 'status', 'startsAt', 'endsAt', 'maxResponses', 'context'].join(', ')})`, {}],
  ])('runs the survey without %j, with a warning', (patch, warning, kept) => {
    const { config, errors, warnings } = warn({ surveys: [{ ...good, ...patch }] })
    expect(errors).toEqual([])
    expect(warnings.map((w) => w.message)).toEqual([`survey "checkout-nps": ${warning}`])
    expect(config.surveys).toEqual([{ ...good, ...kept }])
  })

  it('leaves the caller\'s config as it was', () => {
    const survey = { ...good, folowUp: true, audience: { ...good.audience, sampelRate: 1 } }
    const input = { surveys: [survey] }
    const before = JSON.stringify(input)
    warn(input)
    expect(JSON.stringify(input)).toBe(before)
  })

  it('still drops a survey for a wrong value of a known field, listing its unknown fields too', () => {
    const { config, errors, warnings } = warn({ surveys: [{ ...good, followUp: 3, tpye: 'nps' }, { ...good, id: 'fine' }] })
    expect(config.surveys.map((s) => s.id)).toEqual(['fine'])
    expect(warnings).toEqual([])
    expect(errors.map((e) => e.message)).toEqual([
      'survey "checkout-nps": followUp must be true, false, a text or a { "locale": "text" } map (got 3); tpye is not a known field (did you mean type?)',
    ])
  })

  it('drops a survey whose URL rule is empty once the unknown test is left out', () => {
    const { config, errors } = warn({ surveys: [{ ...good, triggers: [{ on: 'pageview', url: { startWith: '/a' } }] }] })
    expect(config.surveys).toEqual([])
    expect(errors[0]!.problems).toEqual([
      'triggers[0].url needs one of equals, contains, startsWith, endsWith, matches, not (got {})',
      'triggers[0].url.startWith is not a known field (did you mean startsWith?)',
    ])
  })

  it('warns about an unknown top-level field and keeps its surveys', () => {
    const { config, errors, warnings } = warn({ surveys: [good], globalCooldown: 7 })
    expect(errors).toEqual([])
    expect(config).toEqual({ surveys: [good] })
    expect(warnings.map((w) => w.message)).toEqual(['config: globalCooldown is not a known field (did you mean globalCooldownDays?)'])
  })

  it('is strict by default: the same typo skips the survey, with the hint', () => {
    const { config, errors, warnings } = validateConfig({ surveys: [{ ...good, folowUp: true }] })
    expect(config.surveys).toEqual([])
    expect(warnings).toEqual([])
    expect(errors.map((e) => e.message)).toEqual(['survey "checkout-nps": folowUp is not a known field (did you mean followUp?)'])
  })
})
