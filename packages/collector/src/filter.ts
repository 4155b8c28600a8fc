import { CONTEXT_KEY, DEVICES, RESPONSE_LIMITS, STAGES } from '@touchpoint/core'
import { DAY_MS, isDate, parseInstant } from './instant.js'
import { quote } from './quote.js'

/** Which answers a read endpoint looks at: every field narrows, all must hold. */
export interface Filter {
  survey?: string
  touchpoint?: string
  stage?: string
  /** Inclusive start: a date (`2026-11-01`, from 00:00 UTC) or an ISO 8601 date-time; years 0000–9999. */
  from?: string
  /** Inclusive end: a date covers that whole day (UTC); a date-time is the last instant. */
  to?: string
  device?: string
  locale?: string
  /** Values of context keys, as text (`{ plan: 'pro', seats: '5' }`): the `context.<key>` parameters. */
  context?: Record<string, string>
}

/** The query parameters a filter is read from, in the order the docs list them; and any `context.<key>`. */
export const FILTER_KEYS = ['survey', 'touchpoint', 'stage', 'from', 'to', 'device', 'locale'] as const

/** The prefix of the parameters (and groupings) that name a context key: `context.plan`. */
export const CONTEXT_PREFIX = 'context.'

/**
 * What an answer can be broken down by beyond its survey, touchpoint and stage: its `device`,
 * its `locale`, or the value of one of its context keys (`context.plan`).
 */
export type Dimension = 'device' | 'locale' | `context.${string}`

/** The dimensions a filter narrows, with the value each must have. */
export function filterDimensions(f: Filter): [Dimension, string][] {
  const out: [Dimension, string][] = []
  if (f.device) out.push(['device', f.device])
  if (f.locale) out.push(['locale', f.locale])
  for (const [k, v] of Object.entries(f.context ?? {})) out.push([`${CONTEXT_PREFIX}${k}`, v])
  return out
}

/**
 * The SQL of a dimension on the responses table: a column, or the context key's value as text
 * (numbers and booleans as JSON writes them: 42, true), the key as a parameter appended to `params`.
 */
export function dimensionSql(d: Dimension, params: unknown[]): string {
  return d === 'device' || d === 'locale' ? d : `context->>$${params.push(d.slice(CONTEXT_PREFIX.length))}`
}

/** The first instant a valid filter takes in (ms since the epoch), or `undefined` without `from`. */
export const start = (f: Filter) => (f.from ? parseInstant(f.from) : undefined)
/** The first instant after what a valid filter takes in: `to` is inclusive, a whole day for a date. */
export function end(f: Filter): number | undefined {
  if (!f.to) return
  const t = parseInstant(f.to)!
  return isDate(f.to) ? t + DAY_MS : t + 1
}

/** Why a filter cannot be used (answered with 400), naming the parameter and the value (see `quote`), or `undefined`. */
export function filterProblem(f: Filter): string | undefined {
  if (f.stage && !STAGES.includes(f.stage as never)) return `stage must be one of ${STAGES.join(', ')} (got ${quote(f.stage)})`
  for (const k of ['from', 'to'] as const) {
    const v = f[k]
    if (v && parseInstant(v) === undefined) {
      return `${k} must be a real date like 2026-11-01 or an ISO 8601 date-time like 2026-11-01T09:00:00Z, in the years 0000–9999 (got ${quote(v)})`
    }
  }
  if (f.from && f.to && start(f)! >= end(f)!) return `from (${f.from}) must come before to (${f.to})`
  if (f.device && !DEVICES.includes(f.device as never)) return `device must be one of ${DEVICES.join(', ')} (got ${quote(f.device)})`
  const keys = Object.keys(f.context ?? {})
  const bad = keys.find((k) => !CONTEXT_KEY.test(k))
  if (bad !== undefined) return `${quote(CONTEXT_PREFIX + bad)} names no context key: keys are 1–${RESPONSE_LIMITS.contextKey} letters, digits or _ . : -`
  const long = keys.find((k) => f.context![k]!.length > RESPONSE_LIMITS.contextValue)
  if (long !== undefined) return `${CONTEXT_PREFIX}${long} must be at most ${RESPONSE_LIMITS.contextValue} characters, as context values are`
}

/** Whether a filter's period is made of whole UTC days (dates, or no bound), as the daily counts are. */
export const wholeDays = (f: Filter) => !(f.from && !isDate(f.from)) && !(f.to && !isDate(f.to))

/**
 * The SQL of an instant (ms since the epoch), its value appended to `params`. Bounds travel as
 * milliseconds: PostgreSQL's text form has no year 0000 (it writes 1 BC), and to_timestamp takes
 * any instant, 10000-01-01 (after to=9999-12-31) too.
 */
export const instantSql = (ms: number, params: unknown[]) => `to_timestamp($${params.push(ms)}::float8 / 1000)`

/**
 * The SQL condition of a valid filter on the responses table, with its values appended to
 * `params` (placeholders continue from what `params` already holds). Empty when the filter
 * takes in everything. With `days`, the condition is on the `day` column of the daily counts
 * instead, and leaves the dimensions (device, locale, context) to the caller; the filter must
 * then be in `wholeDays`. `at` names the time column (the events table's is `at`).
 */
export function filterSql(f: Filter, params: unknown[], { days = false, at = 'answered_at' } = {}): string {
  const parts: string[] = []
  const add = (sql: string, value: unknown) => parts.push(`${sql} $${params.push(value)}`)
  if (f.survey) add('survey_id =', f.survey)
  if (f.touchpoint) add('touchpoint =', f.touchpoint)
  if (f.stage) add('stage =', f.stage)
  const instant = (ms: number) => instantSql(ms, params)
  const from = start(f)
  const until = end(f)
  if (days) {
    if (from !== undefined) parts.push(`day >= (${instant(from)} AT TIME ZONE 'UTC')::date`)
    if (until !== undefined) parts.push(`day < (${instant(until)} AT TIME ZONE 'UTC')::date`)
  } else {
    if (from !== undefined) parts.push(`${at} >= ${instant(from)}`)
    if (until !== undefined) parts.push(`${at} < ${instant(until)}`)
    for (const [d, v] of filterDimensions(f)) parts.push(`${dimensionSql(d, params)} = $${params.push(v)}`)
  }
  return parts.join(' AND ')
}
