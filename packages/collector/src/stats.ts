import type { Scale, SurveyType } from '@touchpoint/core'
import type { Database } from './db/database.js'
import { filterSql } from './filter.js'
import type { Filter } from './filter.js'
import { summarize } from './summarize.js'
import type { Summary } from './summarize.js'

/** What stats can be grouped by. Time buckets are UTC and named by their first day (`2026-11-16`). */
export const GROUPS = ['survey', 'touchpoint', 'stage', 'day', 'week', 'month'] as const
export type Group = (typeof GROUPS)[number]

/**
 * The metrics of one group on one scale (answers on different scales are never mixed), and
 * when asked for, `distribution[i]`: how many answers scored `scale.min + i`.
 */
export type StatsRow = Partial<Record<Group, string | null>> & { scale: Scale; distribution?: number[] } & Summary

// What each grouping groups on, and how its value reads. Time buckets group on a timestamp and
// are formatted once per group, not once per row.
const GROUP_SQL: Record<Group, [key: string, label: string]> = {
  survey: ['survey_id', 'survey_id'],
  touchpoint: ['touchpoint', 'touchpoint'],
  stage: ['stage', 'stage'],
  ...Object.fromEntries(
    (['day', 'week', 'month'] as const).map((unit) => {
      const key = `date_trunc('${unit}', answered_at AT TIME ZONE 'UTC')`
      return [unit, [key, `to_char(${key}, 'YYYY-MM-DD')`]]
    }),
  ),
} as Record<Group, [string, string]>

/** Why a grouping cannot be used (answered with 400), or `undefined`. */
export function groupByProblem(groupBy: readonly string[]): string | undefined {
  const bad = groupBy.find((g) => !GROUPS.includes(g as Group))
  if (bad !== undefined) return `groupBy must be a comma-separated list of ${GROUPS.join(', ')} (got "${bad}")`
  const twice = groupBy.find((g, i) => groupBy.indexOf(g) !== i)
  if (twice) return `groupBy names "${twice}" twice`
}

/**
 * NPS, CSAT and CES per DESIGN §5 (see `summarize`), one row per group × type × scale, in
 * the order of the groups, then NPS, CSAT, CES, the 7-point CES before the 5-point one.
 * The database counts answers per score; the metrics are computed from those counts exactly.
 * With `distribution`, each row also carries its counts per score.
 */
export async function stats(
  db: Database,
  filter: Filter = {},
  groupBy: readonly Group[] = [],
  { distribution = false } = {},
): Promise<StatsRow[]> {
  const params: unknown[] = []
  const where = filterSql(filter, params)
  const keys = groupBy.map((g) => GROUP_SQL[g][0])
  const rows = await db.query<Record<string, string | null> & { type: SurveyType; scale_min: number; scale_max: number; score: number; n: number }>(
    `SELECT ${groupBy.map((g, i) => `${GROUP_SQL[g][1]} AS g${i}, `).join('')}type, scale_min, scale_max, score, count(*)::int AS n
     FROM responses ${where && `WHERE ${where}`}
     GROUP BY ${[...keys, 'type', 'scale_min', 'scale_max', 'score'].join(', ')}
     ORDER BY ${[...keys, `CASE type WHEN 'nps' THEN 0 WHEN 'csat' THEN 1 ELSE 2 END`, 'scale_max DESC', 'score'].join(', ')}`,
    params,
  )
  // Rows come sorted by group, type and scale: each run of them is one distribution.
  const out: StatsRow[] = []
  let key = ''
  let current: { groups: Record<string, string | null>; type: SurveyType; scale: Scale; counts: number[] } | undefined
  const flush = () => {
    if (!current) return
    const { groups, type, scale, counts } = current
    // Assigned in this order so that the JSON reads groups, type, scale, n, metrics, distribution.
    out.push(Object.assign({ ...groups, type, scale }, summarize(type, scale, counts), distribution ? { distribution: counts } : {}))
  }
  for (const r of rows) {
    const groups = Object.fromEntries(groupBy.map((g, i) => [g, r[`g${i}`] ?? null]))
    const k = JSON.stringify([groups, r.type, r.scale_min, r.scale_max])
    if (k !== key) {
      flush()
      key = k
      current = { groups, type: r.type, scale: { min: r.scale_min, max: r.scale_max }, counts: Array(r.scale_max - r.scale_min + 1).fill(0) }
    }
    current!.counts[r.score - r.scale_min] = r.n
  }
  flush()
  return out
}
