import { describe, expect, it } from 'vitest'
import { DEFAULT_VIEW, readView, viewFilter, viewRange, viewUnit, writeView } from '../../src/dashboard/view-state.js'
import type { ViewState } from '../../src/dashboard/view-state.js'
import { bucketsBetween } from '../../src/dashboard/time-buckets.js'

const TODAY = '2026-11-23'
const view = (patch: Partial<ViewState>): ViewState => ({ ...DEFAULT_VIEW, ...patch })

describe('readView and writeView', () => {
  it('round-trip a view through the address', () => {
    const v = view({ touchpoint: 'checkout', stage: 'purchase', period: 'custom', from: '2026-11-01', to: '2026-11-15', unit: 'week', metric: 'ces-5' })
    expect(writeView(v)).toBe('?touchpoint=checkout&stage=purchase&period=custom&from=2026-11-01&to=2026-11-15&unit=week&metric=ces-5')
    expect(readView(writeView(v))).toEqual(v)
  })

  it('round-trip a breakdown and a comment search', () => {
    const v = view({ breakdown: 'context.plan', q: 'crème brûlée' })
    expect(writeView(v)).toBe('?breakdown=context.plan&q=cr%C3%A8me+br%C3%BBl%C3%A9e')
    expect(readView(writeView(v))).toEqual(v)
    expect(readView('?breakdown=context.bad key').breakdown).toBe('')
    expect(readView('?breakdown=score').breakdown).toBe('')
  })

  it('leave the default view out of the address', () => {
    expect(writeView(DEFAULT_VIEW)).toBe('')
    expect(writeView(view({ period: '90d', from: '2026-01-01' }))).toBe('?period=90d')
  })

  it('ignore what makes no sense', () => {
    expect(readView('?stage=checkout&period=2w&from=yesterday&unit=hour&metric=nps-7&other=1')).toEqual(DEFAULT_VIEW)
    // Dates of the right shape that are no day: the collector would refuse them.
    expect(readView('?period=custom&from=2026-02-30&to=2026-13-01')).toEqual({ ...DEFAULT_VIEW, period: 'custom' })
    expect(readView('?period=custom&from=2028-02-29&to=2026-12-31')).toEqual({ ...DEFAULT_VIEW, period: 'custom', from: '2028-02-29', to: '2026-12-31' })
  })
})

describe('viewRange', () => {
  it.each<[Partial<ViewState>, { from?: string; to?: string }]>([
    [{ period: '7d' }, { from: '2026-11-17' }],
    [{ period: '30d' }, { from: '2026-10-25' }],
    [{ period: '90d' }, { from: '2026-08-26' }],
    // This month and the 11 before, not 365 days (2025-11-24): the trend by month has 12 whole months.
    [{ period: '12m' }, { from: '2025-12-01' }],
    [{ period: 'all' }, {}],
    [{ period: 'custom', from: '2026-01-01', to: '2026-01-31' }, { from: '2026-01-01', to: '2026-01-31' }],
    [{ period: 'custom', from: '2026-01-01' }, { from: '2026-01-01' }],
  ])('%j covers %j, today included', (patch, range) => {
    expect(viewRange(view(patch), TODAY)).toEqual(range)
  })
})

describe('the last 12 months', () => {
  it.each([
    ['2026-01-01', '2025-02-01'],
    ['2026-12-31', '2026-01-01'],
    // A leap day: 365 days back would start on 2027-03-02, a month and a day.
    ['2028-02-29', '2027-03-01'],
  ])('are, on %s, the 12 calendar months from %s, a bucket each by month', (today, from) => {
    const range = viewRange(view({ period: '12m' }), today)
    expect(range).toEqual({ from })
    expect(viewUnit(view({ period: '12m' }), today)).toBe('month')
    expect(bucketsBetween(range.from!, today, 'month')).toHaveLength(12)
  })
})

describe('viewUnit', () => {
  it.each<[Partial<ViewState>, string]>([
    [{ period: '7d' }, 'day'],
    [{ period: '30d' }, 'day'],
    [{ period: '90d' }, 'week'],
    [{ period: '12m' }, 'month'],
    [{ period: 'all' }, 'month'],
    [{ period: 'custom', from: '2026-11-01' }, 'day'],
    [{ period: '12m', unit: 'day' }, 'day'],
  ])('picks a readable bucket for %j: %s', (patch, unit) => {
    expect(viewUnit(view(patch), TODAY)).toBe(unit)
  })
})

describe('viewFilter', () => {
  it('turns a view into the API filter', () => {
    expect(viewFilter(view({ survey: 's', touchpoint: 't', stage: 'purchase', period: '7d' }), TODAY).toString()).toBe(
      'survey=s&touchpoint=t&stage=purchase&from=2026-11-17',
    )
  })
})
