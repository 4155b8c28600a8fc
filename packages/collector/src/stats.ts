import { highFrom, scaleOf, STAGES } from '@touchpoint/core'
import type { Scale, SurveyType } from '@touchpoint/core'
import type { Database } from './db/database.js'

/** What stats can be grouped by. */
export const GROUPS = ['survey', 'touchpoint', 'stage', 'day', 'week'] as const
export type Group = (typeof GROUPS)[number]

export interface StatsFilter {
  survey?: string
  touchpoint?: string
  stage?: string
  /** Inclusive start: an ISO date (`2026-11-01`) or date-time. */
  from?: string
  /** Inclusive end: an ISO date covers that whole day (UTC). */
  to?: string
}

/** One metric for one group and one scale: answers on different scales are never mixed. */
export type StatsRow = Partial<Record<Group, string | null>> & {
  type: SurveyType
  scale: Scale
  n: number
} & (
    | { type: 'nps'; score: number; promoters: number; passives: number; detractors: number }
    | { type: 'csat'; score: number; mean: number }
    | { type: 'ces'; mean: number; easy: number }
  )

const GROUP_SQL: Record<Group, string> = {
  survey: 'survey_id',
  touchpoint: 'touchpoint',
  stage: 'stage',
  day: `to_char(answered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')`,
  week: `to_char(date_trunc('week', answered_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD')`,
}

// DESIGN §5 thresholds, taken from core so that the SDK, the docs and the SQL agree.
const CES7_HIGH = highFrom('ces', scaleOf('ces', 7))
const OTHER_HIGH = highFrom('csat', scaleOf('csat'))

const round = (x: number) => Math.round(x * 100) / 100
const DATE = /^\d{4}-\d{2}-\d{2}$/

/** Why a filter or grouping cannot be used (answered with 400), or `undefined`. */
export function statsProblem(f: StatsFilter, groupBy: string[]): string | undefined {
  const bad = groupBy.find((g) => !GROUPS.includes(g as Group))
  if (bad) return `groupBy must be a comma-separated list of ${GROUPS.join(', ')} (got "${bad}")`
  if (f.stage && !STAGES.includes(f.stage as never)) return `stage must be one of ${STAGES.join(', ')}`
  for (const k of ['from', 'to'] as const) {
    if (f[k] && Number.isNaN(Date.parse(f[k]!))) return `${k} must be an ISO 8601 date (got "${f[k]}")`
  }
}

/** The WHERE clause and parameters of a filter; shared by stats, export and comments. */
export function where(f: StatsFilter): { sql: string; params: unknown[] } {
  const parts: string[] = []
  const params: unknown[] = []
  const add = (sql: string, value: unknown) => {
    params.push(value)
    parts.push(sql.replace('?', `$${params.length}`))
  }
  if (f.survey) add('survey_id = ?', f.survey)
  if (f.touchpoint) add('touchpoint = ?', f.touchpoint)
  if (f.stage) add('stage = ?', f.stage)
  if (f.from) add('answered_at >= ?', new Date(f.from).toISOString())
  if (f.to) {
    const end = new Date(f.to)
    if (DATE.test(f.to)) end.setUTCDate(end.getUTCDate() + 1)
    add(DATE.test(f.to) ? 'answered_at < ?' : 'answered_at <= ?', end.toISOString())
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params }
}

/**
 * NPS, CSAT and CES per DESIGN §5, one row per group × type × scale:
 * NPS `score` = %promoters − %detractors; CSAT `score` = % of 4–5 with the `mean`;
 * CES `mean` with `easy` = % of 5–7 (4–5 on the 5-point scale). Percentages and means are
 * rounded to two decimals.
 */
export async function stats(db: Database, f: StatsFilter = {}, groupBy: Group[] = []): Promise<StatsRow[]> {
  const { sql, params } = where(f)
  const keys = groupBy.map((g) => `${GROUP_SQL[g]} AS "${g}"`)
  const group = [...groupBy.map((g) => GROUP_SQL[g]), 'type', 'scale_min', 'scale_max']
  const rows = await db.query<Record<string, unknown> & { type: SurveyType; scale_min: number; scale_max: number; n: number; p: number; d: number; mean: number; high: number }>(
    `SELECT ${[...keys, 'type', 'scale_min', 'scale_max'].join(', ')},
       count(*)::int AS n,
       (count(*) FILTER (WHERE score >= 9))::int AS p,
       (count(*) FILTER (WHERE score <= 6))::int AS d,
       avg(score)::float8 AS mean,
       (count(*) FILTER (WHERE score >= CASE WHEN type = 'ces' AND scale_max = 7 THEN ${CES7_HIGH} ELSE ${OTHER_HIGH} END))::int AS high
     FROM responses ${sql}
     GROUP BY ${group.join(', ')}
     ORDER BY ${group.map((_, i) => i + 1).join(', ')}`,
    params,
  )
  return rows.map((r) => {
    const out: Record<string, unknown> = {}
    for (const g of groupBy) out[g] = r[g] ?? null
    const base = { ...out, type: r.type, scale: { min: r.scale_min, max: r.scale_max }, n: r.n }
    if (r.type === 'nps') {
      const passives = r.n - r.p - r.d
      return { ...base, score: round(((r.p - r.d) * 100) / r.n), promoters: r.p, passives, detractors: r.d } as StatsRow
    }
    if (r.type === 'csat') return { ...base, score: round((r.high * 100) / r.n), mean: round(r.mean) } as StatsRow
    return { ...base, mean: round(r.mean), easy: round((r.high * 100) / r.n) } as StatsRow
  })
}
