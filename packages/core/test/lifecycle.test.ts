import { describe, expect, it } from 'vitest'
import { scheduleMiss, surveyState } from '@touchpoint/core'
import type { Reason, Survey, SurveyState } from '@touchpoint/core'

const base: Survey = { id: 's', type: 'nps', triggers: [{ on: 'pageview' }] }
const START = '2026-12-01T09:00:00Z'
const END = '2026-12-31T09:00:00+01:00' // 08:00 UTC
const at = (iso: string) => Date.parse(iso)

describe('scheduleMiss', () => {
  it.each<[string, Partial<Survey>, string, Reason | undefined]>([
    ['no status or dates', {}, '2026-06-01T00:00:00Z', undefined],
    ['live', { status: 'live' }, '2026-06-01T00:00:00Z', undefined],
    ['paused', { status: 'paused' }, '2026-06-01T00:00:00Z', ['status', 'paused']],
    ['draft', { status: 'draft' }, '2026-06-01T00:00:00Z', ['status', 'draft']],
    ['a millisecond before startsAt', { startsAt: START }, '2026-12-01T08:59:59.999Z', ['starts', START]],
    ['at startsAt', { startsAt: START }, START, undefined],
    ['a millisecond before endsAt, in another zone', { endsAt: END }, '2026-12-31T07:59:59.999Z', undefined],
    ['at endsAt', { endsAt: END }, '2026-12-31T08:00:00Z', ['ended', END]],
    ['between its dates', { startsAt: START, endsAt: END }, '2026-12-15T00:00:00Z', undefined],
    ['paused between its dates', { status: 'paused', startsAt: START, endsAt: END }, '2026-12-15T00:00:00Z', ['status', 'paused']],
  ])('%s', (_, patch, now, reason) => {
    expect(scheduleMiss({ ...base, ...patch }, at(now))).toEqual(reason)
  })
})

describe('surveyState', () => {
  const now = at('2026-12-15T00:00:00Z')
  it.each<[string, Partial<Survey>, number, SurveyState]>([
    ['live by default', {}, 0, 'live'],
    ['paused', { status: 'paused' }, 0, 'paused'],
    ['a draft', { status: 'draft', maxResponses: 1 }, 5, 'draft'],
    ['before startsAt', { startsAt: '2026-12-16T00:00:00Z' }, 0, 'scheduled'],
    ['after endsAt', { endsAt: '2026-12-14T00:00:00Z' }, 0, 'ended'],
    ['under its cap', { maxResponses: 10 }, 9, 'live'],
    ['at its cap', { maxResponses: 10 }, 10, 'full'],
    ['over its cap', { maxResponses: 10 }, 11, 'full'],
    ['ended and full: the dates say it first', { endsAt: '2026-12-14T00:00:00Z', maxResponses: 1 }, 1, 'ended'],
  ])('%s', (_, patch, answers, state) => {
    expect(surveyState({ ...base, ...patch }, now, answers)).toBe(state)
  })
})
