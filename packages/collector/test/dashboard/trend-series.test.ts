import { describe, expect, it } from 'vitest'
import type { StatsRow } from '@touchpoint/collector'
import { isolated, MAX_SERIES, pointName, trendSeries } from '../../src/dashboard/TrendChart.js'

const row = (day: string, plan: string | null, n: number): StatsRow =>
  ({ survey: 's', type: 'nps', scale: { min: 0, max: 10 }, day, 'context.plan': plan, n, score: 0, promoters: 0, passives: 0, detractors: 0 }) as StatsRow

describe('trendSeries', () => {
  it('draws the values with the most answers, in the order given, and keeps every value for the table', () => {
    // Nine values: x0 (1 answer) … x8 (9 answers); the six with the most are x3 … x8.
    const rows = Array.from({ length: 9 }, (_, i) => row('2026-11-20', `x${i}`, i + 1))
    const { drawn, all } = trendSeries(rows, 'day', 'context.plan')
    expect(MAX_SERIES).toBe(6)
    expect(drawn.map((s) => s.name)).toEqual(['x3', 'x4', 'x5', 'x6', 'x7', 'x8'])
    expect(all.map((s) => s.name)).toEqual(['x0', 'x1', 'x2', 'x3', 'x4', 'x5', 'x6', 'x7', 'x8'])
  })

  it('counts a value across its buckets, names answers without one "(not set)", and is one series without a breakdown', () => {
    const rows = [row('2026-11-20', 'pro', 1), row('2026-11-21', 'pro', 1), row('2026-11-20', null, 1), ...Array.from({ length: 6 }, (_, i) => row('2026-11-22', `big${i}`, 3))]
    expect(trendSeries(rows, 'day', 'context.plan').drawn.map((s) => s.name)).toEqual(['big0', 'big1', 'big2', 'big3', 'big4', 'big5'])
    expect(trendSeries(rows.slice(0, 3), 'day', 'context.plan').drawn.map((s) => [s.name, [...s.byBucket.keys()]])).toEqual([
      ['pro', ['2026-11-20', '2026-11-21']],
      ['(not set)', ['2026-11-20']],
    ])
    expect(trendSeries(rows.slice(0, 1), 'day').drawn.map((s) => s.name)).toEqual([''])
  })

  it('keeps answers without a value apart from those whose value is the word "none"', () => {
    // A context may well say plan: "none"; the answers without a plan are another series.
    const rows = [row('2026-11-20', 'none', 6), row('2026-11-20', null, 12)]
    const { all } = trendSeries(rows, 'day', 'context.plan')
    expect(all.map((s) => [s.value, s.name, s.byBucket.get('2026-11-20')?.n])).toEqual([
      ['none', 'none', 6],
      [null, '(not set)', 12],
    ])
  })

  it('keeps the values counted together apart from a real value "other", each day named by how many it holds', () => {
    // One folded plan on the 20th, two on the 21st.
    const folded = (day: string, n: number) => ({ ...row(day, 'other', n), folded: { 'context.plan': n } }) as StatsRow
    const rows = [row('2026-11-20', 'other', 2), folded('2026-11-20', 1), row('2026-11-21', 'other', 1), folded('2026-11-21', 2)]
    const { all } = trendSeries(rows, 'day', 'context.plan')
    expect(all.map((s) => [s.name, [...s.byBucket].map(([day, r]) => [day, r.n, pointName(s, r, 'context.plan')])])).toEqual([
      ['other', [['2026-11-20', 2, 'other'], ['2026-11-21', 1, 'other']]],
      ['Other values', [['2026-11-20', 1, 'Other (1 value)'], ['2026-11-21', 2, 'Other (2 values)']]],
    ])
  })
})

describe('isolated', () => {
  it('is a bucket with answers whose neighbours have none: no line reaches its point', () => {
    const days = ['2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23']
    const [s] = trendSeries([row('2026-11-19', 'pro', 1), row('2026-11-21', 'pro', 1), row('2026-11-22', 'pro', 1)], 'day', 'context.plan').all
    expect(days.map((_, i) => isolated(s!, days, i))).toEqual([true, false, false, false, false])
  })
})
