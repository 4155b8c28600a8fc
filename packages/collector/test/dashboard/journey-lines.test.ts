import { describe, expect, it } from 'vitest'
import type { StatsRow } from '@touchpoint/collector'
import { filterOptions } from '../../src/dashboard/FilterBar.js'
import { journeyLines } from '../../src/dashboard/JourneyTable.js'
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
