import { STAGES } from '@touchpoint/core'

/** Which answers a read endpoint looks at: every field narrows, all must hold. */
export interface Filter {
  survey?: string
  touchpoint?: string
  stage?: string
  /** Inclusive start: a date (`2026-11-01`, from 00:00 UTC) or an ISO 8601 date-time. */
  from?: string
  /** Inclusive end: a date covers that whole day (UTC); a date-time is the last instant. */
  to?: string
}

/** The query parameters a filter is read from, in the order the docs list them. */
export const FILTER_KEYS = ['survey', 'touchpoint', 'stage', 'from', 'to'] as const

const DATE = /^\d{4}-\d{2}-\d{2}$/
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/

/** The first instant a filter takes in, as an ISO string, or `undefined` without `from`. */
const start = (f: Filter) => f.from && new Date(f.from).toISOString()
/** The first instant after what a filter takes in: `to` is inclusive, a whole day for a date. */
function end(f: Filter): string | undefined {
  if (!f.to) return
  const t = Date.parse(f.to)
  return new Date(DATE.test(f.to) ? t + 86_400_000 : t + 1).toISOString()
}

/** Why a filter cannot be used (answered with 400), naming the parameter and the value, or `undefined`. */
export function filterProblem(f: Filter): string | undefined {
  if (f.stage && !STAGES.includes(f.stage as never)) return `stage must be one of ${STAGES.join(', ')} (got "${f.stage}")`
  for (const k of ['from', 'to'] as const) {
    const v = f[k]
    if (v && (!(DATE.test(v) || DATE_TIME.test(v)) || Number.isNaN(Date.parse(v)))) {
      return `${k} must be a date like 2026-11-01 or an ISO 8601 date-time like 2026-11-01T09:00:00Z (got "${v}")`
    }
  }
  if (f.from && f.to && start(f)! >= end(f)!) return `from (${f.from}) must come before to (${f.to})`
}

/** Whether a filter's period is made of whole UTC days (dates, or no bound), as the daily counts are. */
export const wholeDays = (f: Filter) => !(f.from && !DATE.test(f.from)) && !(f.to && !DATE.test(f.to))

/**
 * The SQL condition of a valid filter on the responses table, with its values appended to
 * `params` (placeholders continue from what `params` already holds). Empty when the filter
 * takes in everything. With `days`, the condition is on the `day` column of the daily counts
 * instead; the filter must then be in `wholeDays`.
 */
export function filterSql(f: Filter, params: unknown[], { days = false } = {}): string {
  const parts: string[] = []
  const add = (sql: string, value: unknown) => parts.push(`${sql} $${params.push(value)}`)
  if (f.survey) add('survey_id =', f.survey)
  if (f.touchpoint) add('touchpoint =', f.touchpoint)
  if (f.stage) add('stage =', f.stage)
  if (days) {
    if (f.from) add('day >=', f.from)
    if (f.to) add('day <=', f.to)
  } else {
    if (f.from) add('answered_at >=', start(f))
    if (f.to) add('answered_at <', end(f))
  }
  return parts.join(' AND ')
}
