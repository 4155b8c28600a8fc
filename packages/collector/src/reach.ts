import type { SurveyType } from '@touchpoint/core'
import type { Database } from './db/database.js'
import { CONTEXT_PREFIX, filterDimensions, filterSql, wholeDays } from './filter.js'
import type { Filter } from './filter.js'
import { dimensionsOf, groupSql, MAX_GROUPS, OTHER, topGroups } from './stats.js'
import type { Folded, Group, Reach, StatsRow } from './stats.js'
import { round2 } from './summarize.js'

/** How many times the prompts of one group and type were shown and dismissed. */
export interface ReachCount {
  groups: Record<string, string | null>
  type: SurveyType
  shown: number
  dismissed: number
}

/** A group whose prompts were shown or dismissed but never answered in the period. */
export type UnansweredRow = Partial<Record<Group, string | null>> & { folded?: Folded; type: SurveyType } & Reach

/**
 * Prompts shown and dismissed per group × type, counted like the answers: from the daily counts
 * of events for whole days (migration 6), else from the events themselves. `counts` is
 * `undefined` when the grouping or the filter involves a context key (events carry no context,
 * so no count of them can be told apart by it), and when the prompts came in more than
 * `maxGroups` groups (`truncated`): the database ranks the groups and returns one more than
 * that at most, so that the answer stays bounded.
 */
export async function reach(db: Database, filter: Filter, groupBy: readonly Group[], maxGroups = MAX_GROUPS): Promise<{ counts?: ReachCount[]; truncated: boolean }> {
  if (dimensionsOf(filter, groupBy).some((d) => d.startsWith(CONTEXT_PREFIX))) return { truncated: false }
  const params: unknown[] = []
  const counts = wholeDays(filter)
  const where = [filterSql(filter, params, counts ? { days: true } : { at: 'at' })]
  // The daily counts file a missing device or locale under '', which no filter value equals.
  if (counts) for (const [d, v] of filterDimensions(filter)) where.push(`${d} = $${params.push(v)}`)
  const sql = groupBy.map((g) => groupSql(g, counts ? 'counts' : 'responses', params, counts ? 'day' : 'at'))
  const n = counts ? 'n' : '1'
  const condition = where.filter(Boolean).join(' AND ')
  const keys = sql.map(([key]) => key)
  const grouped = `SELECT ${sql.map(([key, label], i) => `${label(key)} AS g${i}, `).join('')}type,
       coalesce(sum(${n}) FILTER (WHERE kind = 'shown'), 0)::int AS shown, coalesce(sum(${n}) FILTER (WHERE kind = 'dismissed'), 0)::int AS dismissed
     FROM ${counts ? 'event_counts' : 'events'} ${condition && `WHERE ${condition}`}
     GROUP BY ${[...keys, 'type'].join(', ')}
     HAVING sum(${n}) > 0`
  // The groups with the most prompts first, one more than maxGroups at most: it says there are more.
  const g = groupBy.map((_, i) => `g${i}`)
  const rows = await db.query<Record<string, string | null> & { type: SurveyType; shown: number; dismissed: number; gr?: number | string }>(
    g.length ? topGroups(grouped, 'shown + dismissed', g, g, maxGroups, params) : grouped,
    params,
  )
  if (rows.some((r) => Number(r.gr) > maxGroups)) return { truncated: true }
  return {
    truncated: false,
    counts: rows
      .map((r) => ({ groups: Object.fromEntries(groupBy.map((g, i) => [g, r[`g${i}`] ?? null])), type: r.type, shown: r.shown, dismissed: r.dismissed }))
      .filter((r) => r.shown || r.dismissed),
  }
}

/** Answers ÷ shown in %, 2 decimals, at most 100 (answers whose `shown` event never arrived still count); null when nothing was shown. */
export function responseRate(answered: number, shown: number | null): number | null {
  return shown ? Math.min(100, round2(answered * 100, shown)) : null
}

/**
 * The stats rows with their reach (`shown`, `dismissed`, `responseRate`), and the groups shown
 * but never answered. A group's rate counts the answers of all its rows of one type (both CES
 * scales), as events do not tell scales apart. With `folded`, a device or locale that no row
 * names (it was folded into "other", or never answered) counts in the folded group, as its answers
 * did, and never with a real value written "other".
 * Without counts (`undefined`: a context key is involved) the three fields are null.
 */
export function withReach(
  rows: readonly StatsRow[],
  counts: readonly ReachCount[] | undefined,
  groupBy: readonly Group[],
  folded = false,
): { results: (StatsRow & Reach)[]; unanswered: UnansweredRow[] } {
  if (!counts) return { results: rows.map((r) => ({ ...r, shown: null, dismissed: null, responseRate: null })), unanswered: [] }
  // A folded group and a real value written "other" are two groups.
  const keyOf = (groups: Record<string, unknown>, type: string) =>
    JSON.stringify([...groupBy.map((g) => [groups[g] ?? null, (groups as { folded?: Folded }).folded?.[g] !== undefined]), type])
  const named = groupBy.map((g) => new Set(rows.filter((r) => r.folded?.[g] === undefined).map((r) => r[g])))
  const events = new Map<string, ReachCount>()
  for (const c of counts) {
    const groups: Record<string, unknown> = { ...c.groups }
    if (folded) {
      const marks: Folded = {}
      groupBy.forEach((g, i) => {
        if ((g === 'device' || g === 'locale') && groups[g] !== null && !named[i]!.has(groups[g] as string)) (groups[g] = OTHER), (marks[g] = 0)
      })
      // Marks the group; the answered rows say how many values they hold, the unanswered hold none with answers.
      if (Object.keys(marks).length) groups.folded = marks
    }
    const key = keyOf(groups, c.type)
    const seen = events.get(key)
    if (seen) (seen.shown += c.shown), (seen.dismissed += c.dismissed)
    else events.set(key, { groups: groups as ReachCount['groups'], type: c.type, shown: c.shown, dismissed: c.dismissed })
  }
  const answered = new Map<string, number>()
  for (const r of rows) answered.set(keyOf(r, r.type), (answered.get(keyOf(r, r.type)) ?? 0) + r.n)
  const results = rows.map((r) => {
    const e = events.get(keyOf(r, r.type))
    const shown = e?.shown ?? 0
    return { ...r, shown, dismissed: e?.dismissed ?? 0, responseRate: responseRate(answered.get(keyOf(r, r.type))!, shown) }
  })
  const unanswered = [...events]
    .filter(([key]) => !answered.has(key))
    .map(([, e]) => ({ ...e.groups, type: e.type, shown: e.shown, dismissed: e.dismissed, responseRate: responseRate(0, e.shown) }))
  return { results, unanswered }
}
