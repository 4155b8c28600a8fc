import { highFrom } from '@touchpoint/core'
import type { StatsRow } from '../stats.js'
import type { MetricKey } from './metrics.js'
import type { Unit } from './time-buckets.js'

// The dashboard speaks English: numbers and dates follow, whatever the browser's language.
const one = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 })
const signed = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1, signDisplay: 'exceptZero' })
const two = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })
const count = new Intl.NumberFormat('en-US')
const day = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' })
const month = new Intl.DateTimeFormat('en-US', { month: 'short', year: 'numeric', timeZone: 'UTC' })
const dateTime = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' })

/** `+14.3`, `−66.7`, `0`: NPS reads with its sign, a minus sign (U+2212) rather than a hyphen. */
export const formatNps = (n: number) => signed.format(n).replace('-', '\u2212')

/**
 * A figure as a screen reader should say it: `minus 66.7` for `−66.7`, which some read as a
 * dash, or not at all, without its number's sign.
 */
export const spokenFigure = (text: string) => text.replace(/^\u2212/, 'minus ')
/** `66.7%` */
export const formatPercent = (n: number) => `${one.format(n)}%`
/** `4.67`: means keep two decimals, so that 4.50 and 4.5 look alike. */
export const formatMean = (n: number) => two.format(n)
/** `1,234` */
export const formatCount = (n: number) => count.format(n)
/** `1 answer`, `1,234 answers` */
export const formatAnswers = (n: number) => `${count.format(n)} ${n === 1 ? 'answer' : 'answers'}`
/** `1 visitor`, `1,234 visitors` */
export const formatVisitors = (n: number) => `${count.format(n)} ${n === 1 ? 'visitor' : 'visitors'}`

/**
 * How a breakdown names the answers without its value (no device, no such context key): a
 * label no plain value is likely to be, unlike "none", which an answer's context may well say.
 */
export const NOT_SET = '(not set)'

/**
 * How a breakdown names the values with few answers that the collector counted together (its
 * rows marked `folded`): `Other (3 values)`, never just "other", which a real value may be.
 */
export const formatFolded = (n: number) => (n ? `Other (${count.format(n)} ${n === 1 ? 'value' : 'values'})` : 'Other values')

/** `numerator / denominator` to one decimal, halves away from zero, from the whole numbers themselves. */
const round1 = (numerator: number, denominator: number) => (Math.sign(numerator) * Math.round((Math.abs(numerator) * 10) / denominator)) / 10

/**
 * The % of a CSAT or CES row's answers that are satisfied or easy, to one decimal: from its
 * distribution when it has one, else the collector's figure (2 decimals). The collector's
 * figure is already rounded: rounded again, 6 of 11 (54.545…, given as 54.55) would read 54.6.
 */
function highShare(row: StatsRow & { type: 'csat' | 'ces' }): number {
  const share = row.type === 'csat' ? row.score : row.easy
  if (!row.distribution) return share
  const from = highFrom(row.type, row.scale)
  return round1(row.distribution.reduce((k, c, i) => k + (row.scale.min + i >= from ? c : 0), 0) * 100, row.n)
}

/** The headline figure of a row, as the dashboard shows it: NPS to one decimal from its counts, not from its 2-decimal score. */
export function formatHeadline(row: StatsRow): string {
  if (row.type === 'nps') return formatNps(round1((row.promoters - row.detractors) * 100, row.n))
  if (row.type === 'csat') return formatPercent(highShare(row))
  return formatMean(row.mean)
}

/** A CES row's % easy, as `formatHeadline` writes a CSAT. */
export const formatEasy = (row: StatsRow & { type: 'ces' }) => formatPercent(highShare(row))

/** A headline value of a metric (an axis tick, a tooltip). */
export function formatValue(key: MetricKey, n: number): string {
  return key === 'nps-10' ? formatNps(n) : key === 'csat-5' ? formatPercent(n) : formatMean(n)
}

/** A time bucket's name: `Nov 16` for days and weeks, `Nov 2026` for months. */
export function formatBucket(key: string, unit: Unit): string {
  const d = new Date(`${key}T00:00:00Z`)
  return unit === 'month' ? month.format(d) : day.format(d)
}

/**
 * When an answer was given, in the viewer's time zone, named: `Nov 20, 2026, 10:00 AM UTC`,
 * `Nov 21, 2026, 7:00 AM GMT+9`. Without the zone, an answer of a UTC day the filters take
 * in would read as one of the next (or previous) day.
 */
export const formatDateTime = (iso: string) => dateTime.format(new Date(iso))
