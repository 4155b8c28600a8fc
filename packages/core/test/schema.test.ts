import { readFileSync } from 'node:fs'
import Ajv2020 from 'ajv/dist/2020.js'
import { describe, expect, it } from 'vitest'
import { validateConfig } from '@touchpoint/core'
import { designSurvey } from './fixtures.js'

const schema = JSON.parse(readFileSync(new URL('../touchpoint.schema.json', import.meta.url), 'utf8'))
const ajv = new Ajv2020({
  allErrors: true,
  formats: {
    regex: (s: string) => {
      try {
        return Boolean(new RegExp(s))
      } catch {
        return false
      }
    },
  },
})
const schemaValid = ajv.compile(schema)

const survey = designSurvey
const config = (patch: Record<string, unknown>) => ({ surveys: [{ ...survey, ...patch }], globalCooldownDays: 7 })

// Every case is judged by both: the JSON Schema that ships for editors and CI, and the
// validator the SDK runs. They must agree on what is a valid survey.
const cases: [string, unknown][] = [
  ['the documented example', config({})],
  ['an empty config', { surveys: [] }],
  ['a $schema key', { $schema: './touchpoint.schema.json', surveys: [survey] }],
  ['every trigger kind', config({
    triggers: [
      { on: 'pageview', url: [{ startsWith: '/shop' }, { matches: '^/p/\\d+$', not: { contains: 'admin' } }] },
      { on: 'event', event: 'chat_closed', where: { rating: { gte: 3 }, channel: ['web', 'app'] }, count: 2 },
      { on: 'click', selector: '#help button' },
      { on: 'exit_intent', delaySeconds: 0 },
      { on: 'scroll', percent: 75 },
      { on: 'dwell', seconds: 30 },
      { on: 'idle', seconds: 20 },
      { on: 'visit', count: 3 },
    ],
  })],
  ['a CES on 5 points', config({ type: 'ces', scale: 5 })],
  ['a CSAT with stars', config({ type: 'csat', style: 'stars', labels: { min: 'Bad', max: { en: 'Great' } } })],
  ['followUp as text', config({ followUp: 'Why?' })],
  ['a wrong type', config({ type: 'nsp' })],
  ['a wrong stage', config({ stage: 'buy' })],
  ['no triggers', config({ triggers: [] })],
  ['a misspelt trigger', config({ triggers: [{ on: 'pagview' }] })],
  ['an event trigger without event', config({ triggers: [{ on: 'event' }] })],
  ['a count of 0', config({ triggers: [{ on: 'visit', count: 0 }] })],
  ['a fractional count', config({ triggers: [{ on: 'event', event: 'x', count: 1.5 }] })],
  ['a percent over 100', config({ triggers: [{ on: 'scroll', percent: 150 }] })],
  ['seconds as text', config({ triggers: [{ on: 'dwell', seconds: '30' }] })],
  ['a field of another trigger kind', config({ triggers: [{ on: 'click', selector: '.x', percent: 3 }] })],
  ['a negative delay', config({ triggers: [{ on: 'pageview', delaySeconds: -1 }] })],
  ['a bad regular expression', config({ triggers: [{ on: 'pageview', url: { matches: '(' } }] })],
  ['an unknown URL test', config({ triggers: [{ on: 'pageview', url: { begins: '/' } }] })],
  ['an empty URL rule', config({ triggers: [{ on: 'pageview', url: {} }] })],
  ['a sampleRate of 2', config({ audience: { sampleRate: 2 } })],
  ['an unknown device', config({ audience: { device: ['phone'] } })],
  ['a comparison with text', config({ audience: { attributes: { plan: { gt: 'x' } } } })],
  ['an unknown operator', config({ audience: { attributes: { plan: { like: 'x' } } } })],
  ['an empty operator object', config({ audience: { attributes: { plan: {} } } })],
  ['a fractional maxShows', config({ frequency: { maxShows: 1.5 } })],
  ['an empty question', config({ question: '' })],
  ['a question in a number', config({ question: { en: 3 } })],
  ['scale on NPS', config({ scale: 5 })],
  ['a scale of 10 on CES', config({ type: 'ces', scale: 10 })],
  ['style on NPS', config({ style: 'stars' })],
  ['an unknown style', config({ type: 'csat', style: 'hearts' })],
  ['a misspelt field', config({ audiance: {} })],
  ['an id with spaces', config({ id: 'checkout nps' })],
  ['a negative cooldown', { surveys: [survey], globalCooldownDays: -1 }],
  ['an unknown top-level field', { surveys: [survey], cooldown: 3 }],
  ['no surveys array', { surveys: {} }],
  ['every lifecycle field', config({ status: 'paused', startsAt: '2026-12-01T09:00:00Z', endsAt: '2027-01-01T00:00:00.5+01:00', maxResponses: 500 })],
  ['a draft', config({ status: 'draft' })],
  ['an unknown status', config({ status: 'stopped' })],
  ['a date without a time', config({ startsAt: '2026-12-01' })],
  ['a time without a zone', config({ endsAt: '2026-12-01T09:00:00' })],
  ['a 13th month', config({ endsAt: '2026-13-01T09:00:00Z' })],
  ['hour 24', config({ startsAt: '2026-12-01T24:00:00Z' })],
  ['a time as a number', config({ endsAt: 1767225600000 })],
  ['a cap of 0', config({ maxResponses: 0 })],
  ['a fractional cap', config({ maxResponses: 2.5 })],
  ['context keys', config({ context: ['orderId', 'plan', 'ns:a.b-c'] })],
  ['no context keys', config({ context: [] })],
  ['twenty context keys', config({ context: Array.from({ length: 20 }, (_, i) => `k${i}`) })],
  ['21 context keys', config({ context: Array.from({ length: 21 }, (_, i) => `k${i}`) })],
  ['a context key with a space', config({ context: ['order id'] })],
  ['an empty context key', config({ context: [''] })],
  ['a context key of 65 characters', config({ context: ['x'.repeat(65)] })],
  ['a context key twice', config({ context: ['plan', 'plan'] })],
  ['context as an object', config({ context: { plan: true } })],
  // maxLength counts characters (code points): an emoji is one, though two UTF-16 units.
  ['a question of 268 characters with emoji', config({ question: 'Rate us ' + '⭐'.repeat(10) + '🙂'.repeat(250) })],
  ['a question of 500 emoji', config({ question: { en: '🙂'.repeat(500) } })],
  ['a question of 501 emoji', config({ question: '🙂'.repeat(501) })],
  ['a touchpoint of 64 emoji', config({ touchpoint: '🛒'.repeat(64) })],
  ['a touchpoint of 65 emoji', config({ touchpoint: '🛒'.repeat(65) })],
  ['an event name of 100 emoji', config({ triggers: [{ on: 'event', event: '🙂'.repeat(100) }] })],
  ['a URL test of 2000 emoji', config({ audience: { url: { contains: '🙂'.repeat(2000) } } })],
  ['a URL test of 2001 emoji', config({ audience: { url: { contains: '🙂'.repeat(2001) } } })],
]

describe('touchpoint.schema.json', () => {
  it('is a valid JSON Schema (draft 2020-12)', () => {
    expect(ajv.validateSchema(schema)).toBe(true)
  })

  it.each(cases)('agrees with validateConfig on %s', (_, input) => {
    const sdkAccepts = validateConfig(input).errors.length === 0
    expect(schemaValid(input), JSON.stringify(schemaValid.errors)).toBe(sdkAccepts)
  })

  it('has cases on both sides', () => {
    const verdicts = cases.map(([, input]) => validateConfig(input).errors.length === 0)
    expect(verdicts.filter(Boolean).length).toBeGreaterThan(5)
    expect(verdicts.filter((v) => !v).length).toBeGreaterThan(20)
  })
})
