import { describe, expect, it } from 'vitest'
import { deliveryAnswer, describeFilter, EMPTY_FILTER_FIELDS, filterFromFields, lastResult, scoresProblem } from '../../src/dashboard/webhooks/webhook-text.js'
import { readWebhookInput } from '../../src/webhooks/webhook-input.js'

describe('describeFilter', () => {
  it.each([
    [{}, 'Every answer'],
    [{ type: 'nps', scores: [0, 6], withComment: true }, 'NPS 0–6 with a comment'],
    [{ type: 'csat' }, 'CSAT answers'],
    [{ survey: 'checkout-nps' }, 'Answers to checkout-nps'],
    [{ touchpoint: 'delivery', stage: 'retention' }, 'Answers at delivery (retention)'],
    [{ withComment: false }, 'Answers without a comment'],
    [{ type: 'ces', scale: 7, scores: [1, 3], survey: 'support-ces', touchpoint: 'support' }, 'CES (7-point) 1–3 to support-ces at support'],
    [{ type: 'ces', scale: 5 }, 'CES (5-point) answers'],
    // Made before filters named a CES scale: read on both.
    [{ type: 'ces', scores: [1, 3] }, 'CES 1–3 (on either scale)'],
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
    [{ type: 'ces7', max: '3' }, { type: 'ces', scale: 7, scores: [1, 3] }],
    [{ type: 'ces5', min: '4' }, { type: 'ces', scale: 5, scores: [4, 5] }],
    [{ type: 'ces5' }, { type: 'ces', scale: 5 }],
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

describe('scoresProblem', () => {
  it.each([
    [{ type: 'nps', min: '9', max: '2' }, 'Scores must be whole numbers on the NPS scale 0–10, the lower first (not 9 to 2).'],
    [{ type: 'nps', min: '0', max: '11' }, 'Scores must be whole numbers on the NPS scale 0–10, the lower first (not 0 to 11).'],
    [{ type: 'csat', min: '0' }, 'Scores must be whole numbers on the CSAT scale 1–5, the lower first (not 0 to 5).'],
    [{ type: 'ces7', min: '1', max: '2.5' }, 'Scores must be whole numbers on the 7-point CES scale 1–7, the lower first (not 1 to 2.5).'],
    [{ type: 'ces5', max: '6' }, 'Scores must be whole numbers on the 5-point CES scale 1–5, the lower first (not 1 to 6).'],
    [{ type: 'nps', min: '0', max: '6' }, undefined],
    [{ type: 'ces7', max: '7' }, undefined],
    [{ type: 'ces5', max: '5' }, undefined],
    [{ type: 'nps', min: '4', max: '4' }, undefined],
    [{ min: '9', max: '2' }, undefined], // no type: no scores are sent
  ] as const)('%j → %s', (fields, text) => {
    expect(scoresProblem({ ...EMPTY_FILTER_FIELDS, ...fields })).toBe(text)
  })

  it('takes exactly what the collector takes', () => {
    for (const type of ['nps', 'csat', 'ces5', 'ces7'] as const)
      for (let min = -1; min <= 11; min++)
        for (let max = -1; max <= 11; max++) {
          const fields = { ...EMPTY_FILTER_FIELDS, type, min: String(min), max: String(max) }
          const refused = 'problem' in readWebhookInput({ url: 'https://93.184.215.14/', filter: filterFromFields(fields) })
          expect(scoresProblem(fields) !== undefined, `${type} ${min}–${max}`).toBe(refused)
        }
  })
})
