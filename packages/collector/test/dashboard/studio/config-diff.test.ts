import { describe, expect, it } from 'vitest'
import type { Survey, SurveyConfig } from '@touchpoint/core'
import { changeCount, configDiff } from '../../../src/dashboard/studio/config-diff.js'

const nps: Survey = { id: 'checkout-nps', type: 'nps', touchpoint: 'checkout', triggers: [{ on: 'event', event: 'order_paid' }] }
const ces: Survey = { id: 'support-ces', type: 'ces', triggers: [{ on: 'event', event: 'support_chat_closed' }] }
const config = (...surveys: Survey[]): SurveyConfig => ({ surveys })

describe('configDiff', () => {
  it('is empty when nothing changed', () => {
    expect(configDiff(config(nps, ces), config(nps, ces))).toEqual([])
  })

  it('says the change of trigger and sampling as the studio shows them', () => {
    const next = { ...nps, triggers: [{ on: 'event', event: 'checkout_completed' }], audience: { sampleRate: 0.25 } } as Survey
    const diff = configDiff(config(nps), config(next))
    expect(diff).toEqual([
      { survey: 'checkout-nps', changes: ['trigger changed from event `order_paid` to event `checkout_completed`', 'sampling 100% → 25%'] },
    ])
    expect(changeCount(diff)).toBe(2)
  })

  it.each<[string, Partial<Survey>, Partial<Survey>, string[]]>([
    ['paused', {}, { status: 'paused' }, ['paused']],
    ['resumed', { status: 'paused' }, { status: 'live' }, ['resumed']],
    ['made live from a draft', { status: 'draft' }, {}, ['status draft → live']],
    ['a new type', {}, { type: 'csat', style: 'stars' }, ['type NPS → CSAT (stars)']],
    ['a new question', { question: 'Old?' }, { question: { en: 'New?', ar: 'جديد؟' } }, ['question changed from "Old?" to en "New?", ar "جديد؟"']],
    ['a follow-up', {}, { followUp: true }, ['follow-up question none → the built-in one']],
    ['the stage', {}, { stage: 'purchase' }, ['journey stage none → purchase']],
    ['the pages', {}, { audience: { url: { startsWith: '/checkout' } } }, ['pages any page → starts with `/checkout`']],
    ['the devices and languages', { audience: { device: ['desktop'] } }, { audience: { locale: ['it'] } }, ['devices desktop → all; languages all → it']],
    ['the visitors', {}, { audience: { attributes: { plan: 'pro' } } }, ['visitors anyone → plan is pro']],
    ['how often', {}, { frequency: { recontactDays: 90, maxShows: 2 } }, ['ask again after never → 90 days; shown at most any number of → 2 times']],
    ['the dates', {}, { startsAt: '2026-12-01T09:00:00Z', endsAt: '2026-12-31T10:00:00+01:00' }, ['starts at once → 2026-12-01 09:00 UTC', 'ends never → 2026-12-31 09:00 UTC']],
    ['the cap', {}, { maxResponses: 500 }, ['cap none → 500 answers']],
    ['several triggers', {}, { triggers: [{ on: 'event', event: 'order_paid' }, { on: 'exit_intent' }] }, ['triggers changed from event `order_paid` to event `order_paid` or about to leave']],
    // A default written out on one side and left out on the other: no change, and said so.
    ['a default status left out', { status: 'live' }, {}, ['"status": "live" left out (the default: no change)']],
    ['a default CSAT style left out', { type: 'csat', style: 'numbers' }, { type: 'csat' }, ['"style": "numbers" left out (the default: no change)']],
    ['a default CES scale written out', { type: 'ces' }, { type: 'ces', scale: 7 }, ['"scale": 7 written out (the default: no change)']],
    ['a share finer than a tenth of a percent', { audience: { sampleRate: 0.25 } }, { audience: { sampleRate: 0.2504 } }, ['sampling 25% → 25.04%']],
  ])('says %s', (_, before, after, changes) => {
    expect(configDiff(config({ ...nps, ...before } as Survey), config({ ...nps, ...after } as Survey))).toEqual([{ survey: 'checkout-nps', changes }])
  })

  it('says which surveys are new and which are deleted', () => {
    const draft = { ...ces, id: 'support-chat-ces', status: 'draft' } as Survey
    expect(configDiff(config(nps, ces), config(nps, draft))).toEqual([
      { survey: 'support-chat-ces', changes: ['new CES survey, draft, on event `support_chat_closed`'] },
      { survey: 'support-ces', changes: ['deleted'] },
    ])
  })

  it('says what changed in the config as a whole', () => {
    expect(configDiff({ surveys: [nps, ces] }, { surveys: [ces, nps], globalCooldownDays: 7 })).toEqual([
      { changes: ['days between any two surveys for one visitor 0 → 7', 'the order of the surveys changed (the first one wins when two could show at once)'] },
    ])
  })

  it('still words a survey the checker would refuse', () => {
    expect(configDiff(config(nps), config({ ...nps, triggers: 'soon' } as never))).toEqual([
      { survey: 'checkout-nps', changes: ['triggers changed from event `order_paid` to "soon"'] },
    ])
  })
})
