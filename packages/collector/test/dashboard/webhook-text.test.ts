import { describe, expect, it } from 'vitest'
import { deliveryAnswer, describeFilter, EMPTY_FILTER_FIELDS, filterFromFields, lastResult } from '../../src/dashboard/webhooks/webhook-text.js'

describe('describeFilter', () => {
  it.each([
    [{}, 'Every answer'],
    [{ type: 'nps', scores: [0, 6], withComment: true }, 'NPS 0–6 with a comment'],
    [{ type: 'csat' }, 'CSAT answers'],
    [{ survey: 'checkout-nps' }, 'Answers to checkout-nps'],
    [{ touchpoint: 'delivery', stage: 'retention' }, 'Answers at delivery (retention)'],
    [{ withComment: false }, 'Answers without a comment'],
    [{ type: 'ces', scores: [1, 3], survey: 'support-ces', touchpoint: 'support' }, 'CES 1–3 to support-ces at support'],
  ] as const)('%j → %s', (filter, text) => {
    expect(describeFilter(filter as never)).toBe(text)
  })
})

describe('filterFromFields', () => {
  it.each([
    [{}, {}],
    [{ survey: ' checkout-nps ', touchpoint: '' }, { survey: 'checkout-nps' }],
    [{ type: 'nps', min: '0', max: '6', comment: 'with' }, { type: 'nps', scores: [0, 6], withComment: true }],
    [{ type: 'nps', min: '9' }, { type: 'nps', scores: [9, 10] }],
    [{ type: 'ces', max: '3' }, { type: 'ces', scores: [1, 3] }],
    [{ min: '0', max: '6' }, {}], // scores mean nothing without a type
    [{ stage: 'purchase', comment: 'without' }, { stage: 'purchase', withComment: false }],
  ] as const)('%j → %j', (fields, filter) => {
    expect(filterFromFields({ ...EMPTY_FILTER_FIELDS, ...fields })).toEqual(filter)
  })
})

describe('a delivery in words', () => {
  it.each([
    [{ answer: { type: 'nps', score: 3, touchpoint: 'checkout' }, surveyId: 's' }, 'NPS 3 · checkout'],
    [{ answer: null, surveyId: 'checkout-nps' }, 'checkout-nps (answer deleted)'],
  ] as const)('answer %j → %s', (d, text) => {
    expect(deliveryAnswer(d)).toBe(text)
  })

  it.each([
    [{ attempts: 0, lastStatus: null, lastError: null }, 'Not tried yet'],
    [{ attempts: 1, lastStatus: 200, lastError: null }, 'Answered 200'],
    [{ attempts: 2, lastStatus: 500, lastError: 'the receiver answered 500' }, 'the receiver answered 500'],
    [{ attempts: 3, lastStatus: null, lastError: 'connection refused' }, 'connection refused'],
  ])('last result %j → %s', (d, text) => {
    expect(lastResult(d)).toBe(text)
  })
})
