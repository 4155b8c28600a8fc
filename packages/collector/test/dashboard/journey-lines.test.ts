import { describe, expect, it } from 'vitest'
import type { StatsRow } from '@touchpoint/collector'
import { filterOptions } from '../../src/dashboard/FilterBar.js'
import { journeyLines, promptShare } from '../../src/dashboard/JourneyTable.js'
import { DEFAULT_VIEW } from '../../src/dashboard/view-state.js'

const row = (touchpoint: string, stage: string | null, type: 'nps' | 'csat' = 'nps', survey = `${touchpoint}-${type}`): StatsRow =>
  ({ survey, touchpoint, stage, type, scale: { min: 0, max: 10 }, n: 1, score: 0, promoters: 0, passives: 0, detractors: 0 }) as StatsRow

describe('journeyLines', () => {
  it('orders touchpoints by funnel stage, then name, stageless last, one line per touchpoint', () => {
    const lines = journeyLines([row('returns', 'retention'), row('account', null), row('search', 'consideration'), row('delivery', 'retention'), row('delivery', 'retention', 'csat')])
    expect(lines.map((l) => [l.stage, l.touchpoint, l.rows.length])).toEqual([
      ['consideration', 'search', 1],
      ['retention', 'delivery', 2],
      ['retention', 'returns', 1],
      [null, 'account', 1],
    ])
  })
})

describe('journeyLines with prompts and a breakdown', () => {
  const reached = (r: StatsRow, device: string | null, shown: number | null, dismissed: number | null) => ({ ...r, device, shown, dismissed, responseRate: null })

  it('a line per touchpoint and value, in the order given; both CES scales count their prompts once; touchpoints never answered too', () => {
    const ces = (max: number) => ({ ...row('support', 'retention', 'nps'), type: 'ces', scale: { min: 1, max } }) as unknown as StatsRow
    const lines = journeyLines(
      [reached(row('checkout', 'purchase'), 'mobile', 8, 2), reached(row('checkout', 'purchase'), null, 0, 0), reached(ces(7), 'desktop', 4, 1), reached(ces(5), 'desktop', 4, 1)],
      'device',
      [{ touchpoint: 'search', stage: 'consideration', device: 'desktop', type: 'ces', shown: 3, dismissed: 0, responseRate: 0 }],
    )
    expect(lines.map((l) => [l.touchpoint, l.value, l.rows.length, l.shown, l.dismissed])).toEqual([
      ['search', 'desktop', 0, 3, 0],
      ['checkout', 'mobile', 1, 8, 2],
      ['checkout', null, 1, 0, 0],
      ['support', 'desktop', 2, 4, 1],
    ])
  })

  it('gives the values counted together a line apart from a real value "other", with how many its row counts', () => {
    const plan = (r: StatsRow, value: string, n: number, folded?: number) => ({ ...r, n, 'context.plan': value, ...(folded && { folded: { 'context.plan': folded } }) }) as StatsRow
    // checkout: the NPS answers of 3 folded plans and the CSAT answer of 1 (maybe one of them): how
    // many in all is not known. delivery: 2 plans, each touchpoint its own.
    const lines = journeyLines(
      [plan(row('checkout', 'purchase'), 'other', 5), plan(row('checkout', 'purchase'), 'other', 3, 3), plan(row('checkout', 'purchase', 'csat'), 'other', 1, 1), plan(row('delivery', 'purchase', 'csat'), 'other', 2, 2)],
      'context.plan',
    )
    expect(lines.map((l) => [l.touchpoint, l.value, l.folded, l.rows.map((r) => r.n)])).toEqual([
      ['checkout', 'other', undefined, [5]],
      ['checkout', 'other', 0, [3, 1]],
      ['delivery', 'other', 2, [2]],
    ])
  })

  it.each([
    [5, 8, '62.5%'],
    [3, 2, '100%'],
    [0, 4, '0%'],
    [1, 0, '–'],
    [1, null, '–'],
  ])('writes %i of %s prompts as %s', (k, shown, text) => {
    expect(promptShare(k, shown)).toBe(text)
  })
})

describe('filterOptions', () => {
  it('offers what there are answers for, stages in funnel order, and keeps the current choice', () => {
    const options = filterOptions([row('search', 'consideration'), row('checkout', 'purchase'), row('onboarding', 'awareness')], { ...DEFAULT_VIEW, touchpoint: 'gone' })
    expect(options).toEqual({
      survey: ['checkout-nps', 'onboarding-nps', 'search-nps'],
      touchpoint: ['checkout', 'gone', 'onboarding', 'search'],
      stage: ['awareness', 'consideration', 'purchase'],
    })
  })
})
