import type { Scale, SurveyType } from '@touchpoint/core'
import type { Database } from './db/database.js'
import { filterSql, wholeDays } from './filter.js'
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

/** Where stats are counted: every answer, or the daily counts per score (see migration 3). */
export type StatsSource = 'responses' | 'answer_counts'

// What each grouping groups on in each source, and how its value reads. Time buckets group on a
// timestamp and are formatted once per group, not once per row.
function groupSql(g: Group, source: StatsSource): [key: string, label: string] {
  const time = source === 'responses' ? `answered_at AT TIME ZONE 'UTC'` : 'day::timestamp'
  if (g === 'day' || g === 'week' || g === 'month') {
    const key = `date_trunc('${g}', ${time})`
    return [key, `to_char(${key}, 'YYYY-MM-DD')`]
  }
  // The counts file stage-less answers under '': back to NULL, which sorts last in both sources.
  if (g === 'stage') return source === 'responses' ? ['stage', 'stage'] : [`NULLIF(stage, '')`, `NULLIF(stage, '')`]
  return g === 'survey' ? ['survey_id', 'survey_id'] : ['touchpoint', 'touchpoint']
}

/** Why a grouping cannot be used (answered with 400), or `undefined`. */
export function groupByProblem(groupBy: readonly string[]): string | undefined {
  const bad = groupBy.find((g) => !GROUPS.includes(g as Group))
  if (bad !== undefined) return `groupBy must be a comma-separated list of ${GROUPS.join(', ')} (got "${bad}")`
  const twice = groupBy.find((g, i) => groupBy.indexOf(g) !== i)
  if (twice) return `groupBy names "${twice}" twice`
}

/**
 * NPS, CSAT and CES as docs/metrics.md defines them (see `summarize`), one row per group ×
 * type × scale, in the order of the groups, then NPS, CSAT, CES, the 7-point CES before the 5-point one.
 * The database counts answers per score; the metrics are computed from those counts exactly.
 * With `distribution`, each row also carries its counts per score.
 *
 * A period of whole days (or none) is counted from the daily counts, a period with a time of
 * day from the answers themselves; `source` forces one (the tests compare them).
 */
export async function stats(
  db: Database,
  filter: Filter = {},
  groupBy: readonly Group[] = [],
  { distribution = false, source = wholeDays(filter) ? 'answer_counts' : 'responses' }: { distribution?: boolean; source?: StatsSource } = {},
): Promise<StatsRow[]> {
  const params: unknown[] = []
  const where = filterSql(filter, params, { days: source === 'answer_counts' })
  const sql = groupBy.map((g) => groupSql(g, source))
  const keys = sql.map(([key]) => key)
  const n = source === 'responses' ? 'count(*)' : 'sum(n)'
  const rows = await db.query<Record<string, string | null> & { type: SurveyType; scale_min: number; scale_max: number; score: number; n: number }>(
    `SELECT ${sql.map(([, label], i) => `${label} AS g${i}, `).join('')}type, scale_min, scale_max, score, ${n}::int AS n
     FROM ${source} ${where && `WHERE ${where}`}
     GROUP BY ${[...keys, 'type', 'scale_min', 'scale_max', 'score'].join(', ')}
     ${source === 'answer_counts' ? 'HAVING sum(n) > 0' /* counts of deleted answers stay, at 0 */ : ''}
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
