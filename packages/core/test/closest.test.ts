import { describe, expect, it } from 'vitest'
import { closest } from '@touchpoint/core'

const SURVEY_KEYS = ['id', 'type', 'touchpoint', 'stage', 'question', 'followUp', 'scale', 'style', 'labels', 'triggers', 'audience', 'frequency']

describe('closest', () => {
  it.each([
    ['folowUp', SURVEY_KEYS, 'followUp'],
    ['followup', SURVEY_KEYS, 'followUp'],
    ['fllowUp', SURVEY_KEYS, 'followUp'],
    ['audiance', SURVEY_KEYS, 'audience'],
    ['tpye', SURVEY_KEYS, 'type'],
    ['trigger', SURVEY_KEYS, 'triggers'],
    ['qeustion', SURVEY_KEYS, 'question'],
    ['frequncy', SURVEY_KEYS, 'frequency'],
    ['cout', ['on', 'delaySeconds', 'event', 'where', 'count'], 'count'],
    ['delay', ['on', 'delaySeconds', 'seconds'], 'delaySeconds'],
    ['recontact', ['recontactDays', 'maxShows'], 'recontactDays'],
    ['keepUrlQuerry', ['keepUrlQuery', 'redactPaths'], 'keepUrlQuery'],
  ])('%s → %s', (name, keys, expected) => {
    expect(closest(name, keys)).toBe(expected)
  })

  it.each([
    ['percent', ['on', 'delaySeconds', 'selector']],
    ['like', ['equals', 'oneOf', 'exists', 'gt', 'gte', 'lt', 'lte']],
    ['begins', ['equals', 'contains', 'startsWith', 'endsWith', 'matches', 'not']],
    ['colour', SURVEY_KEYS],
    ['x', SURVEY_KEYS],
    ['abc', ['on']],
  ])('nothing close to %s', (name, keys) => {
    expect(closest(name, keys)).toBeUndefined()
  })
})
