import { describe, expect, it } from 'vitest'
import { bucketsBetween, bucketStart } from '../../src/dashboard/time-buckets.js'
import type { Unit } from '../../src/dashboard/time-buckets.js'

describe('bucketStart', () => {
  it.each<[string, Unit, string]>([
    ['2026-11-23', 'day', '2026-11-23'],
    ['2026-11-23', 'week', '2026-11-23'], // a Monday
    ['2026-11-22', 'week', '2026-11-16'], // a Sunday belongs to the week before
    ['2026-11-01', 'week', '2026-10-26'],
    ['2026-01-01', 'week', '2025-12-29'],
    ['2026-11-30', 'month', '2026-11-01'],
  ])('puts %s in the %s of %s, as PostgreSQL does', (date, unit, start) => {
    expect(bucketStart(date, unit)).toBe(start)
  })
})

describe('bucketsBetween', () => {
  it.each<[string, string, Unit, string[]]>([
    ['2026-11-20', '2026-11-23', 'day', ['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23']],
    ['2026-11-10', '2026-11-23', 'week', ['2026-11-09', '2026-11-16', '2026-11-23']],
    ['2025-12-15', '2026-02-02', 'month', ['2025-12-01', '2026-01-01', '2026-02-01']],
    ['2026-03-31', '2026-03-31', 'month', ['2026-03-01']],
    ['2026-11-23', '2026-11-20', 'day', []],
  ])('lists every %s … %s bucket (%s)', (from, to, unit, buckets) => {
    expect(bucketsBetween(from, to, unit)).toEqual(buckets)
  })

  it('keeps the latest buckets when there would be too many', () => {
    expect(bucketsBetween('2000-01-01', '2026-11-23', 'day', 3)).toEqual(['2026-11-21', '2026-11-22', '2026-11-23'])
  })
})
