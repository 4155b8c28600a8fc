import { STAGES } from '@touchpoint/core'
import { parseDate } from '../instant.js'
import type { MetricKey } from './metrics.js'
import { METRIC_ORDER } from './metrics.js'
import type { Unit } from './time-buckets.js'

/**
 * Preset periods, counted back from today (UTC) included: `days` whole days, or `months`
 * calendar months, this one (to today) and those before it, so that a trend by month has that
 * many months and none cut short at its start.
 */
export const PERIODS = {
  '7d': { label: 'Last 7 days', days: 7 },
  '30d': { label: 'Last 30 days', days: 30 },
  '90d': { label: 'Last 90 days', days: 90 },
  '12m': { label: 'Last 12 months', days: 0, months: 12 },
  all: { label: 'All time', days: 0 },
  custom: { label: 'Custom dates', days: 0 },
} as const
export type Period = keyof typeof PERIODS

/** What the dashboard shows; it lives in the page's query string, so that a view can be shared. */
export interface ViewState {
  survey: string
  touchpoint: string
  stage: string
  period: Period
  /** Custom period bounds, `YYYY-MM-DD`; ignored for the presets. */
  from: string
  to: string
  /** The trend's time bucket; empty: chosen from the period. */
  unit: Unit | ''
  /** The trend's metric; empty: the first one there is. */
  metric: MetricKey | ''
  /** What the journey table and the trend are broken down by: device, locale or context.<key>; empty: nothing. */
  breakdown: string
  /** The comment search. */
  q: string
}

export const DEFAULT_VIEW: ViewState = { survey: '', touchpoint: '', stage: '', period: '30d', from: '', to: '', unit: '', metric: '', breakdown: '', q: '' }

const DAY = 86_400_000

/** Reads a view from a query string; a value that makes no sense is left at its default. */
export function readView(search: string): ViewState {
  const p = new URLSearchParams(search)
  const v = { ...DEFAULT_VIEW }
  v.survey = p.get('survey') ?? ''
  v.touchpoint = p.get('touchpoint') ?? ''
  const stage = p.get('stage') ?? ''
  if (STAGES.includes(stage as never)) v.stage = stage
  const period = p.get('period') ?? ''
  if (period in PERIODS) v.period = period as Period
  for (const k of ['from', 'to'] as const) if (parseDate(p.get(k) ?? '') !== undefined) v[k] = p.get(k)! // the collector's calendar: not 2026-02-30
  const unit = p.get('unit') ?? ''
  if (unit === 'day' || unit === 'week' || unit === 'month') v.unit = unit
  const metric = p.get('metric') ?? ''
  if (METRIC_ORDER.includes(metric as MetricKey)) v.metric = metric as MetricKey
  const breakdown = p.get('breakdown') ?? ''
  if (breakdown === 'device' || breakdown === 'locale' || /^context\.[\w.:-]{1,64}$/.test(breakdown)) v.breakdown = breakdown
  v.q = (p.get('q') ?? '').slice(0, 200)
  return v
}

/** The query string of a view, leaving defaults out (`''` for the default view). */
export function writeView(v: ViewState): string {
  const p = new URLSearchParams()
  for (const k of Object.keys(DEFAULT_VIEW) as (keyof ViewState)[]) {
    if (v[k] !== DEFAULT_VIEW[k] && !((k === 'from' || k === 'to') && v.period !== 'custom')) p.set(k, v[k])
  }
  const s = p.toString()
  return s && `?${s}`
}

/** The dates a view covers, `YYYY-MM-DD`, UTC, as the API filters them; `from` is absent for all time. */
export function viewRange(v: ViewState, today: string): { from?: string; to?: string } {
  if (v.period === 'custom') return { ...(v.from && { from: v.from }), ...(v.to && { to: v.to }) }
  if (v.period === 'all') return {}
  const period: { days: number; months?: number } = PERIODS[v.period]
  if (period.months) {
    const d = new Date(`${today.slice(0, 7)}-01T00:00:00Z`)
    d.setUTCMonth(d.getUTCMonth() - (period.months - 1))
    return { from: d.toISOString().slice(0, 10) }
  }
  const days = period.days
  return { from: new Date(Date.parse(`${today}T00:00:00Z`) - (days - 1) * DAY).toISOString().slice(0, 10) }
}

/** The trend's bucket: the view's choice, else what keeps the chart readable for its span (months for all time). */
export function viewUnit(v: ViewState, today: string): Unit {
  if (v.unit) return v.unit
  if (v.period === 'all') return 'month'
  const { from = today, to = today } = viewRange(v, today)
  const days = (Date.parse(to) - Date.parse(from)) / DAY + 1
  return days <= 45 ? 'day' : days <= 200 ? 'week' : 'month'
}

/** The API filter of a view, as query parameters. */
export function viewFilter(v: ViewState, today: string): URLSearchParams {
  const p = new URLSearchParams()
  for (const k of ['survey', 'touchpoint', 'stage'] as const) if (v[k]) p.set(k, v[k])
  const { from, to } = viewRange(v, today)
  if (from) p.set('from', from)
  if (to) p.set('to', to)
  return p
}
