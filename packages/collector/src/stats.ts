import { CONTEXT_KEY, RESPONSE_LIMITS } from '@touchpoint/core'
import type { Scale, SurveyType } from '@touchpoint/core'
import type { Database } from './db/database.js'
import { CONTEXT_PREFIX, dimensionSql, filterDimensions, filterSql, wholeDays } from './filter.js'
import type { Dimension, Filter } from './filter.js'
import { quote } from './quote.js'
import { summarize } from './summarize.js'
import type { Summary } from './summarize.js'

/**
 * What stats can be grouped by, besides `context.<key>` (the value of one context key). Time
 * buckets are UTC and named by their first day (`2026-11-16`).
 */
export const GROUPS = ['survey', 'touchpoint', 'stage', 'day', 'week', 'month', 'device', 'locale'] as const
export type Group = (typeof GROUPS)[number] | `context.${string}`

/**
 * The value a row gives a device, locale or context grouping for the values with fewer answers
 * than `minAnswers`, counted together. A real value may be written the same: such a row is told
 * apart by its `folded` field.
 */
export const OTHER = 'other'

/** How prompts were received: shown, dismissed, and answers ÷ shown in % (null when nothing was shown). */
export interface Reach {
  shown: number | null
  dismissed: number | null
  responseRate: number | null
}

/**
 * The metrics of one group on one scale (answers on different scales are never mixed), and
 * when asked for, `distribution[i]`: how many answers scored `scale.min + i`.
 */
export type StatsRow = Partial<Record<Group, string | null>> & { folded?: Folded; scale: Scale; distribution?: number[] } & Summary

/**
 * On a row of values counted together (see `minAnswers`): per grouping whose value is that
 * group, how many values have answers in this row (its group, type and scale). Which values
 * are folded is decided on the whole result; how many a row holds, on the row alone.
 */
export type Folded = Partial<Record<Group, number>>

/** Where stats are counted: every answer, the daily counts per score (migration 3), or per score and dimension (migration 6). */
export type StatsSource = 'responses' | 'answer_counts' | 'answer_dimensions'

export interface StatsOptions {
  distribution?: boolean
  /** Forces a source (the tests compare them); by default the cheapest that can answer. */
  source?: StatsSource
  /** Answers of a device, locale or context value with fewer answers than this count under "other". */
  minAnswers?: number
  /** Most groups returned (see `MAX_GROUPS`); the tests lower it. */
  maxGroups?: number
}

/**
 * Most groups one stats request returns: those with the most answers (ties in group order).
 * A grouping by a key whose values are unique per answer (an order id) would otherwise make
 * one group per answer, in the database's answer and in memory.
 */
export const MAX_GROUPS = 5000

/**
 * The rows of `sql` (one or more per group) of the `max` groups with the largest sum of `total`,
 * and of one group more when there are more: its rows have `gr` > `max`, for the caller to drop
 * and say so. `partition`: the columns that tell the groups apart; `order`: the order that breaks
 * ties. The database ranks the groups, so that what it returns stays bounded.
 */
export const topGroups = (sql: string, total: string, partition: readonly string[], order: readonly string[], max: number, params: unknown[]) =>
  `SELECT * FROM (
     SELECT *, dense_rank() OVER (ORDER BY t DESC, ${order.join(', ')}) AS gr
     FROM (SELECT *, sum(${total}) OVER (PARTITION BY ${partition.join(', ')}) AS t FROM (${sql}) a) b
   ) x WHERE gr <= $${params.push(max + 1)}`

/** The rows of the groups returned, and whether groups were left out for `maxGroups`. */
export interface StatsResult {
  rows: StatsRow[]
  truncated: boolean
}

const isDimension = (g: string): g is Dimension => g === 'device' || g === 'locale' || g.startsWith(CONTEXT_PREFIX)
const isTime = (g: string) => g === 'day' || g === 'week' || g === 'month'

/** The dimensions a query involves, grouped by or filtered on, once each. */
export function dimensionsOf(filter: Filter, groupBy: readonly Group[]): Dimension[] {
  return [...new Set([...groupBy.filter(isDimension), ...filterDimensions(filter).map(([d]) => d)])]
}

/**
 * The cheapest source that can answer: the daily counts for whole days, per dimension when one
 * device, locale or context key is involved; the answers themselves for a time of day or for
 * two dimensions at once.
 */
export function statsSource(filter: Filter, groupBy: readonly Group[]): StatsSource {
  if (!wholeDays(filter)) return 'responses'
  const dims = dimensionsOf(filter, groupBy).length
  return dims === 0 ? 'answer_counts' : dims === 1 ? 'answer_dimensions' : 'responses'
}

/**
 * Most groupings one request may ask for. Each adds columns to the query (three more when
 * folded): hundreds of `context.<key>` made PostgreSQL refuse it, 54011, answered 500.
 */
export const MAX_GROUPINGS = 10

/** Why a grouping cannot be used (answered with 400), or `undefined`. */
export function groupByProblem(groupBy: readonly string[]): string | undefined {
  if (groupBy.length > MAX_GROUPINGS) return `groupBy takes at most ${MAX_GROUPINGS} groupings (got ${groupBy.length})`
  const bad = groupBy.find((g) => !GROUPS.includes(g as never) && !(g.startsWith(CONTEXT_PREFIX) && CONTEXT_KEY.test(g.slice(CONTEXT_PREFIX.length))))
  if (bad !== undefined) {
    return `groupBy must be a comma-separated list of ${GROUPS.join(', ')} or context.<key> (a key of 1–${RESPONSE_LIMITS.contextKey} letters, digits or _ . : -) (got ${quote(bad)})`
  }
  const twice = groupBy.find((g, i) => groupBy.indexOf(g) !== i)
  if (twice) return `groupBy names ${quote(twice)} twice`
}

/**
 * What a grouping groups on in a source, given the source's time column: its key, and how its
 * value reads. Time buckets group on a timestamp and are formatted once per group, not once per
 * row. The count tables file a missing stage, device or locale under '': back to NULL, which
 * sorts last as in the answers.
 */
export function groupSql(g: Group, source: 'responses' | 'counts', params: unknown[], time = source === 'responses' ? 'answered_at' : 'day'): [key: string, label: (key: string) => string] {
  const same = (k: string) => k
  if (isTime(g)) {
    const t = source === 'responses' ? `${time} AT TIME ZONE 'UTC'` : `${time}::timestamp`
    return [`date_trunc('${g}', ${t})`, (k) => `to_char(${k}, 'YYYY-MM-DD')`]
  }
  if (g === 'survey') return ['survey_id', same]
  if (g === 'touchpoint') return ['touchpoint', same]
  if (source === 'counts' && (g === 'stage' || g === 'device' || g === 'locale')) return [`NULLIF(${g}, '')`, same]
  if (g === 'stage') return ['stage', same]
  return [dimensionSql(g as Dimension, params), same]
}

/**
 * NPS, CSAT and CES as docs/metrics.md defines them (see `summarize`), one row per group ×
 * type × scale, in the order of the groups, then NPS, CSAT, CES, the 7-point CES before the 5-point one.
 * The database counts answers per score; the metrics are computed from those counts exactly.
 * With `distribution`, each row also carries its counts per score. With `minAnswers`, the
 * values of a device, locale or context grouping with fewer answers than that (in the whole
 * result) are counted together as one value, `OTHER`, on rows marked by their `folded` field,
 * which says how many of those values the row's answers come from (a real value "other" keeps
 * rows of its own), after the values and before the answers without one.
 *
 * A period of whole days (or none) is counted from the daily counts, a period with a time of
 * day from the answers themselves; `source` forces one (the tests compare them).
 */
export async function stats(db: Database, filter: Filter = {}, groupBy: readonly Group[] = [], options: StatsOptions = {}): Promise<StatsRow[]> {
  return (await statsResult(db, filter, groupBy, options)).rows
}

/**
 * `stats`, with at most `maxGroups` groups (default `MAX_GROUPS`): those with the most answers
 * (a folded group counts as one), ties broken by the group order, returned in the group order.
 * The database ranks the groups and leaves the others out; `truncated` says whether any was.
 */
export async function statsResult(db: Database, filter: Filter = {}, groupBy: readonly Group[] = [], options: StatsOptions = {}): Promise<StatsResult> {
  const { distribution = false, source = statsSource(filter, groupBy), minAnswers = 0, maxGroups = MAX_GROUPS } = options
  const params: unknown[] = []
  const counts = source !== 'responses'
  const where = filterSql(filter, params, { days: counts })
  // On the counts per dimension, the dimension is their `dim` column.
  const dim = source === 'answer_dimensions' ? dimensionsOf(filter, groupBy) : []
  const sql = groupBy.map((g): ReturnType<typeof groupSql> => (g === dim[0] ? ['dim', (k) => k] : groupSql(g, counts ? 'counts' : 'responses', params)))
  const keys = sql.map(([key], i) => `${key} AS k${i}`)
  const k = groupBy.map((_, i) => `k${i}`)
  const score = 'type, scale_min, scale_max, score'
  const grouped = (n: string, from: string, keyList = keys) =>
    `SELECT ${[...keyList, score].join(', ')}, ${n} AS n FROM ${from} ${where && `WHERE ${where}`} GROUP BY ${[...k, score].join(', ')}`
  let inner: string
  if (source === 'responses') inner = grouped('count(*)', 'responses')
  else if (source === 'answer_counts') inner = grouped('sum(n)', 'answer_counts')
  else {
    if (dim.length !== 1) throw new RangeError(`the answer_dimensions source takes one dimension (got ${dim.length})`)
    const d = dim[0]!
    const value = filterDimensions(filter).find(([f]) => f === d)?.[1]
    const columns = 'day, survey_id, touchpoint, stage, type, scale_min, scale_max, score'
    const counted = grouped(
      'sum(n)',
      `(SELECT ${columns}, value AS dim, n FROM answer_dimensions WHERE dimension = $${params.push(d)}${value === undefined ? '' : ` AND value = $${params.push(value)}`}) s`,
    )
    if (value !== undefined) inner = counted
    else {
      // The answers without the dimension are all the answers less those with it: computed per
      // group, after each table is summed, so that the counts per value are read once.
      const without = groupBy.map((g, i) => (g === d ? `NULL::text AS k${i}` : `k${i}`))
      const all = grouped('sum(n)', 'answer_counts', groupBy.map((g, i) => (g === d ? `NULL::text AS k${i}` : keys[i]!)))
      inner = `WITH a AS (${counted})
        SELECT * FROM a
        UNION ALL SELECT ${[...k, score].join(', ')}, sum(n) FROM (${all} UNION ALL SELECT ${[...without, score].join(', ')}, -n FROM a) x
        GROUP BY ${[...k, score].join(', ')}`
    }
  }
  // Folding: the values of a dimension with fewer answers than `minAnswers` in the whole result
  // (f<i>) get a NULL key, kept apart from answers without the value by f<i>, and from a real
  // value written "other" too; o<i> keeps the value folded. r<i> numbers the folded values that
  // have answers in each row (its group, type and scale), so that its highest is their count there.
  const folds = minAnswers > 1 ? groupBy.flatMap((g, i) => (isDimension(g) ? [i] : [])) : []
  const f = folds.map((i) => `f${i}`)
  if (folds.length) {
    const min = `$${params.push(minAnswers)}`
    const totals = `SELECT *, ${folds.map((i) => `sum(n) OVER (PARTITION BY k${i}) AS t${i}`).join(', ')} FROM (${inner}) i`
    const small = (i: number) => `(k${i} IS NOT NULL AND t${i} < ${min})`
    const columns = k.map((key, i) => (folds.includes(i) ? `CASE WHEN ${small(i)} THEN NULL ELSE k${i} END AS k${i}` : key))
    const flags = folds.map((i) => `${small(i)} AS f${i}, k${i} AS o${i}`)
    const folded = `SELECT ${[...columns, ...flags, score].join(', ')}, n FROM (${totals}) t`
    const row = [...k, ...f, 'type', 'scale_min', 'scale_max'].join(', ')
    const ranks = folds.map((i) => `CASE WHEN f${i} AND n > 0 THEN dense_rank() OVER (PARTITION BY f${i} AND n > 0, ${row} ORDER BY o${i}) END AS r${i}`)
    inner = `SELECT *, ${ranks.join(', ')} FROM (${folded}) u`
  }
  // Per dimension: its values, then the folded ones, then the answers without a value.
  const order = k.map((key, i) => (folds.includes(i) ? `${key} IS NULL AND NOT f${i}, f${i}, ${key}` : key))
  // HAVING: the counts of deleted answers stay, at 0.
  const counted = `SELECT ${[...k, ...f].map((c) => `${c}, `).join('')}${sql.map(([, label], i) => `${label(`k${i}`)} AS g${i}, `).join('')}${folds.map((i) => `max(r${i})::int AS r${i}, `).join('')}${score}, sum(n)::int AS n
     FROM (${inner}) c
     GROUP BY ${[...k, ...f, score].join(', ')}
     HAVING sum(n) > 0`
  // At most maxGroups + 1 groups, those with the most answers (gr numbers them): the one more
  // says that some were left out, and is dropped below.
  const limited = groupBy.length ? topGroups(counted, 'n', [...k, ...f], order, maxGroups, params) : counted
  const rows = await db.query<Record<string, string | number | boolean | null> & { type: SurveyType; scale_min: number; scale_max: number; score: number; n: number; gr?: number | string }>(
    `${limited} ORDER BY ${[...order, `CASE type WHEN 'nps' THEN 0 WHEN 'csat' THEN 1 ELSE 2 END`, 'scale_max DESC', 'score'].join(', ')}`,
    params,
  )
  let truncated = false
  // Rows come sorted by group, type and scale: each run of them is one distribution.
  const out: StatsRow[] = []
  let key = ''
  let current: { groups: Record<string, unknown>; type: SurveyType; scale: Scale; counts: number[] } | undefined
  const flush = () => {
    if (!current) return
    const { groups, type, scale, counts } = current
    // Assigned in this order so that the JSON reads groups, type, scale, n, metrics, distribution.
    out.push(Object.assign({ ...groups, type, scale }, summarize(type, scale, counts), distribution ? { distribution: counts } : {}) as StatsRow)
  }
  for (const r of rows) {
    if (Number(r.gr) > maxGroups) {
      truncated = true
      continue
    }
    const groups: Record<string, unknown> = Object.fromEntries(groupBy.map((g, i) => [g, r[`g${i}`] ?? null]))
    const marked = folds.filter((i) => r[`f${i}`])
    for (const i of marked) groups[groupBy[i]!] = OTHER
    const k = JSON.stringify([groups, marked, r.type, r.scale_min, r.scale_max])
    if (k !== key) {
      flush()
      key = k
      if (marked.length) groups.folded = Object.fromEntries(marked.map((i) => [groupBy[i]!, 0]))
      current = { groups, type: r.type, scale: { min: r.scale_min, max: r.scale_max }, counts: Array(r.scale_max - r.scale_min + 1).fill(0) }
    }
    // How many values the row's folded group counts: the highest number given to one, over its scores.
    const folded = current!.groups.folded as Record<string, number> | undefined
    for (const i of marked) folded![groupBy[i]!] = Math.max(folded![groupBy[i]!]!, (r[`r${i}`] as number | null) ?? 0)
    current!.counts[r.score - r.scale_min] = r.n
  }
  flush()
  return { rows: out, truncated }
}
