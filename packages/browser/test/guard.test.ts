import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { check } from '../src/check.js'
import { acceptable, checked } from '../src/guard.js'
import type { InitOptions } from '../src/types.js'

const survey = { id: 's', type: 'nps', triggers: [{ on: 'pageview' }] }
const storefront = JSON.parse(readFileSync(join(process.cwd(), 'examples/storefront/touchpoint.json'), 'utf8'))

/** Every field of a survey, each as the checker takes it. */
const everything = {
  id: 'all.fields:1-x',
  type: 'ces',
  touchpoint: 'support',
  stage: 'retention',
  question: { en: 'Easy?', 'pt-BR': 'Fácil?' },
  followUp: 'What got in the way?',
  scale: 5,
  labels: { min: 'Hard', max: { en: 'Easy' } },
  triggers: [
    { on: 'pageview', url: [{ startsWith: '/help' }, { matches: '^/faq/\\d+$', not: { contains: 'draft' } }], delaySeconds: 2 },
    { on: 'event', event: 'chat_closed', where: { resolved: true, plan: ['pro', 'team'], total: { gte: 10, lt: 1e3 }, tag: { exists: false } }, count: 2 },
    { on: 'click', selector: '#help > button[data-x="1"]' },
    { on: 'exit_intent' },
    { on: 'scroll', percent: 75 },
    { on: 'dwell', seconds: 8 },
    { on: 'idle', seconds: 30 },
    { on: 'visit', count: 3 },
  ],
  audience: { url: { equals: '/help' }, device: ['desktop', 'tablet'], locale: ['en', 'pt-BR'], attributes: { plan: { oneOf: ['pro'] } }, sampleRate: 0.5 },
  frequency: { recontactDays: 30, maxShows: 2 },
  status: 'live',
  startsAt: '2026-12-01T09:00:00Z',
  endsAt: '2027-02-28T23:59:59.5+01:00',
  maxResponses: 500,
  context: ['orderId', 'plan.tier'],
}

/** Options and configs the guard takes: the checker must find nothing in them. */
const good: [string, Partial<InitOptions>, unknown][] = [
  ['inline surveys, a URL collector', { collector: 'https://collect.example.com/v1/responses', surveys: [survey] as never }, undefined],
  ['a path collector and a remote config', { collector: '/v1/responses', config: '/touchpoint.json' }, { surveys: [survey], globalCooldownDays: 7 }],
  ['the storefront example', { collector: '/v1/responses', config: '/touchpoint.json' }, storefront],
  ['every survey field', { collector: '/c' }, { surveys: [everything] }],
  ['a csat with a style', { collector: '/c' }, { surveys: [{ ...survey, type: 'csat', style: 'emoji', followUp: true }] }],
  ['a collector object', { collector: { url: 'http://localhost:8787/in', headers: { Authorization: 'Bearer x' }, transform: (b: unknown) => b } as never }, undefined],
  [
    'every option',
    {
      collector: '/c', surveys: [], config: '/t.json', user: { id: 'u', attributes: { plan: 'pro' } }, locale: 'it', requireConsent: true, debug: false,
      theme: 'auto', appearance: { brand: '#000' }, position: 'inline', target: '#slot', zIndex: 10, nonce: 'abc', globalCooldownDays: 7, batchSize: 5,
      timeout: 3000, maxQueueAge: 0.5, maxQueueSize: 100, keepUrlQuery: true, redactPaths: false, events: false,
    },
    { surveys: [] },
  ],
  ['options left undefined', { collector: '/c', nonce: undefined, surveys: undefined }, undefined],
  // Lengths in characters (code points), as the checker and the schema count them: an emoji is one.
  [
    'texts at their limits in emoji',
    { collector: '/c' },
    {
      surveys: [{
        ...survey, question: 'Rate us ' + '⭐'.repeat(10) + '🙂'.repeat(250), followUp: { en: '🙂'.repeat(500) }, labels: { min: '😡'.repeat(500) },
        touchpoint: '🛒'.repeat(64), audience: { locale: ['🙂'.repeat(35)], url: { contains: '🙂'.repeat(2000) } },
        triggers: [{ on: 'event', event: '🙂'.repeat(100) }, { on: 'click', selector: `.${'🙂'.repeat(499)}` }],
      }],
    },
  ],
]

/** One thing wrong each (or one the guard is not sure of): the checker must be asked. */
const doubtful: [string, Partial<InitOptions>, unknown][] = [
  ['no collector', {}, undefined],
  ['a collector without its scheme', { collector: 'collect.example.com/v1/responses' }, undefined],
  ['an ftp collector', { collector: 'ftp://c.test/in' }, undefined],
  ['a collector that is not a URL', { collector: 'http://[bad' }, undefined],
  ['a relative collector path (the checker takes it; the guard is not sure)', { collector: 'v1/responses' }, undefined],
  ['collector headers that are not strings', { collector: { url: '/c', headers: { 'X-Key': 3 } } as never }, undefined],
  ['an option typo', { collector: '/c', keepUrlQuerry: true } as never, undefined],
  ['an option of the wrong type', { collector: '/c', zIndex: '9' } as never, undefined],
  ['an unknown theme', { collector: '/c', theme: 'drak' } as never, undefined],
  ['inline without a target', { collector: '/c', position: 'inline' }, undefined],
  ['a fractional batchSize', { collector: '/c', batchSize: 1.5 }, undefined],
  ['a zero maxQueueAge', { collector: '/c', maxQueueAge: 0 }, undefined],
  ['user as a string', { collector: '/c', user: 'u' } as never, undefined],
  ['surveys not an array', { collector: '/c', surveys: {} } as never, undefined],
  ['a remote config that is an array', { collector: '/c' }, [survey]],
  ['a remote config without surveys', { collector: '/c' }, {}],
  ['a remote config field typo', { collector: '/c' }, { surveys: [], cooldown: 3 }],
  ['a negative cooldown', { collector: '/c' }, { surveys: [], globalCooldownDays: -1 }],
  ['a survey field typo', { collector: '/c' }, { surveys: [{ ...survey, folowUp: true }] }],
  ['a survey that is not an object', { collector: '/c' }, { surveys: ['s'] }],
  ['a bad id', { collector: '/c' }, { surveys: [{ ...survey, id: 'has space' }] }],
  ['a numeric id', { collector: '/c' }, { surveys: [{ ...survey, id: 12 }] }],
  ['an id too long', { collector: '/c' }, { surveys: [{ ...survey, id: 'x'.repeat(65) }] }],
  ['a duplicate id across inline and remote', { collector: '/c', surveys: [survey] as never }, { surveys: [survey] }],
  ['a type typo', { collector: '/c' }, { surveys: [{ ...survey, type: 'nsp' }] }],
  ['a stage typo', { collector: '/c' }, { surveys: [{ ...survey, stage: 'purchse' }] }],
  ['an empty question', { collector: '/c' }, { surveys: [{ ...survey, question: '' }] }],
  ['an empty question map', { collector: '/c' }, { surveys: [{ ...survey, question: {} }] }],
  ['a question text under no language', { collector: '/c' }, { surveys: [{ ...survey, question: { en: 'How was it?', '': 'Com’è andata?' } }] }],
  ['a label text under a blank language', { collector: '/c' }, { surveys: [{ ...survey, labels: { min: { ' ': 'Hard' } } }] }],
  ['a question of 501 emoji', { collector: '/c' }, { surveys: [{ ...survey, question: '🙂'.repeat(501) }] }],
  ['a touchpoint of 65 emoji', { collector: '/c' }, { surveys: [{ ...survey, touchpoint: '🛒'.repeat(65) }] }],
  ['an event name of 101 emoji', { collector: '/c' }, { surveys: [{ ...survey, triggers: [{ on: 'event', event: '🙂'.repeat(101) }] }] }],
  ['a followUp number', { collector: '/c' }, { surveys: [{ ...survey, followUp: 3 }] }],
  ['a scale on nps', { collector: '/c' }, { surveys: [{ ...survey, scale: 5 }] }],
  ['a ces scale of 6', { collector: '/c' }, { surveys: [{ ...survey, type: 'ces', scale: 6 }] }],
  ['a style on nps', { collector: '/c' }, { surveys: [{ ...survey, style: 'stars' }] }],
  ['a labels typo', { collector: '/c' }, { surveys: [{ ...survey, labels: { low: 'x' } }] }],
  ['no triggers', { collector: '/c' }, { surveys: [{ ...survey, triggers: [] }] }],
  ['a trigger kind typo', { collector: '/c' }, { surveys: [{ ...survey, triggers: [{ on: 'pagview' }] }] }],
  ['a trigger field of another kind', { collector: '/c' }, { surveys: [{ ...survey, triggers: [{ on: 'pageview', seconds: 3 }] }] }],
  ['an event trigger without its event', { collector: '/c' }, { surveys: [{ ...survey, triggers: [{ on: 'event' }] }] }],
  ['a negative delay', { collector: '/c' }, { surveys: [{ ...survey, triggers: [{ on: 'pageview', delaySeconds: -1 }] }] }],
  ['a selector that is not CSS', { collector: '/c' }, { surveys: [{ ...survey, triggers: [{ on: 'click', selector: 'button[' }] }] }],
  ['scroll past 100', { collector: '/c' }, { surveys: [{ ...survey, triggers: [{ on: 'scroll', percent: 120 }] }] }],
  ['a visit count of 0', { collector: '/c' }, { surveys: [{ ...survey, triggers: [{ on: 'visit', count: 0 }] }] }],
  ['a url rule typo', { collector: '/c' }, { surveys: [{ ...survey, triggers: [{ on: 'pageview', url: { startWith: '/x' } }] }] }],
  ['an empty url rule', { collector: '/c' }, { surveys: [{ ...survey, audience: { url: {} } }] }],
  ['a regular expression that does not compile', { collector: '/c' }, { surveys: [{ ...survey, audience: { url: { matches: '(' } } }] }],
  ['a device typo', { collector: '/c' }, { surveys: [{ ...survey, audience: { device: ['destkop'] } }] }],
  ['a sample rate over 1', { collector: '/c' }, { surveys: [{ ...survey, audience: { sampleRate: 2 } }] }],
  ['a condition operator typo', { collector: '/c' }, { surveys: [{ ...survey, audience: { attributes: { n: { gtt: 1 } } } }] }],
  ['an empty condition list', { collector: '/c' }, { surveys: [{ ...survey, audience: { attributes: { plan: [] } } }] }],
  ['a frequency typo', { collector: '/c' }, { surveys: [{ ...survey, frequency: { recontact: 30 } }] }],
  ['a status typo', { collector: '/c' }, { surveys: [{ ...survey, status: 'paused ' }] }],
  ['a date without a zone', { collector: '/c' }, { surveys: [{ ...survey, startsAt: '2026-12-01T09:00:00' }] }],
  ['a day that does not exist', { collector: '/c' }, { surveys: [{ ...survey, startsAt: '2026-02-30T09:00:00Z' }] }],
  ['an end before the start', { collector: '/c' }, { surveys: [{ ...survey, startsAt: '2026-12-02T00:00:00Z', endsAt: '2026-12-01T00:00:00Z' }] }],
  ['context that is not a list', { collector: '/c' }, { surveys: [{ ...survey, context: 'orderId' }] }],
  ['a context key with a space', { collector: '/c' }, { surveys: [{ ...survey, context: ['order id'] }] }],
  ['a context key listed twice', { collector: '/c' }, { surveys: [{ ...survey, context: ['a', 'a'] }] }],
  ['more than 20 context keys', { collector: '/c' }, { surveys: [{ ...survey, context: Array.from({ length: 21 }, (_, i) => `k${i}`) }] }],
  ['a fractional maxResponses', { collector: '/c' }, { surveys: [{ ...survey, maxResponses: 2.5 }] }],
]

describe('acceptable', () => {
  it.each(good)('takes %s', (_, o, remote) => {
    expect(acceptable(o as InitOptions, remote)).toBe(true)
  })

  it.each(doubtful)('is not sure of %s', (_, o, remote) => {
    expect(acceptable(o as InitOptions, remote)).toBe(false)
  })

  // The guard's promise: what it takes, the checker takes as it is, without a word.
  it.each(good)('says yes only where the checker finds nothing: %s', (_, o, remote) => {
    const r = remote as { surveys?: unknown[]; globalCooldownDays?: number } | undefined
    expect(check(o as InitOptions, remote, '/t.json')).toEqual({
      surveys: [...((o.surveys as unknown[]) ?? []), ...(r?.surveys ?? [])],
      cooldownDays: r?.globalCooldownDays ?? o.globalCooldownDays ?? 0,
      ignored: [],
      errors: [],
      warnings: [],
    })
  })

  // Each doubtful case but the relative path is a real problem: the checker must name it.
  it.each(doubtful.filter(([name]) => !name.includes('the guard is not sure')))('asks the checker, who names the problem: %s', (_, o, remote) => {
    const c = check(o as InitOptions, remote, '/t.json')
    expect([...c.errors, ...(c.warnings ?? [])]).not.toEqual([])
  })

  it('never throws, whatever it is given', () => {
    const loop: Record<string, unknown> = {}
    loop.self = loop
    expect(acceptable(null as never, undefined)).toBe(false)
    expect(acceptable({ collector: '/c' }, { surveys: [{ ...survey, audience: { attributes: loop } }] })).toBe(false)
  })
})

describe('checked', () => {
  it('returns what the guard takes without the checker, the remote cooldown first', async () => {
    expect(await checked({ collector: '/c', surveys: [survey] as never, globalCooldownDays: 3 }, { surveys: [{ ...survey, id: 'r' }], globalCooldownDays: 7 })).toEqual({
      surveys: [survey, { ...survey, id: 'r' }],
      cooldownDays: 7,
      ignored: [],
      errors: [],
      warnings: [],
    })
  })

  it('asks the checker when the guard is not sure, and in strict mode (debug, preview)', async () => {
    expect((await checked({ collector: '/c' }, { surveys: [{ ...survey, type: 'nsp' }] })).errors).toEqual([
      'survey "s": type must be one of nps, csat, ces (got "nsp")',
    ])
    // The checker returns copies of the surveys; the guard, the surveys themselves.
    const s = { ...survey }
    expect((await checked({ collector: '/c', surveys: [s] as never }, undefined)).surveys[0]).toBe(s)
    const strict = await checked({ collector: '/c', surveys: [s] as never }, undefined, true)
    expect(strict.surveys[0]).toEqual(s)
    expect(strict.surveys[0]).not.toBe(s)
  })
})
