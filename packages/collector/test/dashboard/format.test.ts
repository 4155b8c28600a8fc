import { describe, expect, it } from 'vitest'
import type { StatsRow } from '@touchpoint/collector'
import { formatAnswers, formatBucket, formatEasy, formatFolded, formatHeadline, formatMean, formatNps, formatPercent, formatValue, formatVisitors, spokenFigure } from '../../src/dashboard/format.js'

describe('formatting', () => {
  it.each([
    [formatNps(14.29), '+14.3'],
    // A minus sign (U+2212), not a hyphen.
    [formatNps(-66.67), '\u221266.7'],
    [formatNps(0), '0'],
    [formatNps(100), '+100'],
    [formatPercent(66.67), '66.7%'],
    [formatPercent(50), '50%'],
    [formatMean(4), '4.00'],
    [formatMean(4.666), '4.67'],
    [formatAnswers(1), '1 answer'],
    [formatAnswers(1234), '1,234 answers'],
    [formatVisitors(1), '1 visitor'],
    [formatVisitors(1234), '1,234 visitors'],
    [formatFolded(1), 'Other (1 value)'],
    [formatFolded(1234), 'Other (1,234 values)'],
    [formatFolded(0), 'Other values'],
    [formatValue('nps-10', 50), '+50'],
    [formatValue('nps-10', -50), '\u221250'],
    [spokenFigure('\u221266.7'), 'minus 66.7'],
    [spokenFigure('+14.3'), '+14.3'],
    [formatValue('csat-5', 75), '75%'],
    [formatValue('ces-7', 5), '5.00'],
    [formatBucket('2026-11-16', 'week'), 'Nov 16'],
    [formatBucket('2026-11-01', 'month'), 'Nov 2026'],
  ])('writes %s', (written, expected) => {
    expect(written).toBe(expected)
  })
})

describe('formatHeadline', () => {
  // 6 of 11: 54.5454…%, which the collector gives as 54.55; rounded again to one decimal that
  // would read 54.6, where the figure itself rounds to 54.5.
  const nps = { type: 'nps', scale: { min: 0, max: 10 }, n: 11, score: 54.55, promoters: 7, passives: 3, detractors: 1 } as StatsRow
  const csat = { type: 'csat', scale: { min: 1, max: 5 }, n: 11, score: 54.55, mean: 3.55 } as StatsRow
  const ces = { type: 'ces', scale: { min: 1, max: 7 }, n: 11, mean: 4.36, easy: 54.55 } as StatsRow

  it('rounds NPS to one decimal from the counts, not from the 2-decimal score', () => {
    expect(formatHeadline(nps)).toBe('+54.5')
    expect(formatHeadline({ ...nps, score: -54.55, promoters: 1, detractors: 7 } as StatsRow)).toBe('\u221254.5')
  })

  it('rounds CSAT and % easy from the distribution when the row has one, else writes the collector\'s figure', () => {
    expect(formatHeadline({ ...csat, distribution: [1, 2, 2, 3, 3] } as StatsRow)).toBe('54.5%')
    expect(formatEasy({ ...ces, distribution: [1, 1, 1, 2, 2, 2, 2] } as StatsRow & { type: 'ces' })).toBe('54.5%')
    // 1 of 8: 12.5 exactly, a half, away from zero
    expect(formatHeadline({ ...csat, n: 8, score: 12.5, distribution: [4, 2, 1, 1, 0] } as StatsRow)).toBe('12.5%')
    expect(formatHeadline({ ...csat, n: 16, score: 6.25, distribution: [8, 4, 3, 1, 0] } as StatsRow)).toBe('6.3%')
    expect(formatHeadline({ ...csat, n: 3, score: 66.67 } as StatsRow)).toBe('66.7%')
  })
})
