import { describe, expect, it } from 'vitest'
import { formatAnswers, formatBucket, formatFolded, formatMean, formatNps, formatPercent, formatValue } from '../../src/dashboard/format.js'

describe('formatting', () => {
  it.each([
    [formatNps(14.29), '+14.3'],
    [formatNps(-66.67), '-66.7'],
    [formatNps(0), '0'],
    [formatNps(100), '+100'],
    [formatPercent(66.67), '66.7%'],
    [formatPercent(50), '50%'],
    [formatMean(4), '4.00'],
    [formatMean(4.666), '4.67'],
    [formatAnswers(1), '1 answer'],
    [formatAnswers(1234), '1,234 answers'],
    [formatFolded(1), 'Other (1 value)'],
    [formatFolded(1234), 'Other (1,234 values)'],
    [formatFolded(0), 'Other values'],
    [formatValue('nps-10', 50), '+50'],
    [formatValue('csat-5', 75), '75%'],
    [formatValue('ces-7', 5), '5.00'],
    [formatBucket('2026-11-16', 'week'), 'Nov 16'],
    [formatBucket('2026-11-01', 'month'), 'Nov 2026'],
  ])('writes %s', (written, expected) => {
    expect(written).toBe(expected)
  })
})
