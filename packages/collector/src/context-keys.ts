import type { Database } from './db/database.js'
import { CONTEXT_PREFIX, end, instantSql, start, wholeDays } from './filter.js'
import { DAY_MS } from './instant.js'
import type { Filter } from './filter.js'

/** Most context keys listed: a survey sends at most 20, a collector rarely has more than a few surveys' worth. */
export const MAX_CONTEXT_KEYS = 100

/**
 * Most key names looked at for one request, with answers in the period or not: what bounds its
 * cost, since any client may send new names. Keys of other periods are passed over, so that
 * a period's keys are found behind many older ones.
 */
export const MAX_CONTEXT_KEY_NAMES = 2_000

/** The start of the UTC day of an instant (ms since the epoch; before 1970 too). */
const dayOf = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS

/**
 * The context keys the answers of a period have (by name, the first `MAX_CONTEXT_KEYS`, among
 * the first `MAX_CONTEXT_KEY_NAMES` names ever stored): what the dashboard offers to break down
 * by. A `from` or `to` with a time of day is honoured, as in stats. Over whole days, each key
 * is found by one seek into the counts per dimension (a loose index scan over its primary key),
 * so the cost follows the number of keys, not of answers; the part days at either end of a
 * period with a time of day (less than a day each) are read from the answers themselves.
 */
export async function contextKeys(db: Database, filter: Pick<Filter, 'from' | 'to'> = {}): Promise<string[]> {
  const params: unknown[] = []
  const f = { from: filter.from, to: filter.to }
  // The whole days of the period, [first, last) in ms (undefined: no bound), and the part days
  // at its ends, [from, to) each, read from the answers.
  let first = start(f)
  let last = end(f)
  const parts: [number, number][] = []
  if (!wholeDays(f)) {
    const from = first
    const until = last
    if (from !== undefined && from !== dayOf(from)) {
      first = dayOf(from) + DAY_MS
      parts.push([from, until === undefined ? first : Math.min(first, until)])
    }
    if (until !== undefined && until !== dayOf(until)) {
      last = dayOf(until)
      parts.push([Math.max(last, from ?? last), until])
    }
  }
  const noWholeDay = first !== undefined && last !== undefined && first >= last
  // Each step seeks the next dimension and checks it for counts in the period by a seek on
  // (dimension, day), the primary key's first columns; the walk ends once MAX_CONTEXT_KEYS keys
  // have counts, or after MAX_CONTEXT_KEY_NAMES names.
  const next = (after: string) => `(SELECT dimension FROM answer_dimensions WHERE dimension > ${after} ORDER BY dimension LIMIT 1)`
  const counted = () => {
    const days = [
      ...(first !== undefined ? [`AND a.day >= (${instantSql(first, params)} AT TIME ZONE 'UTC')::date`] : []),
      ...(last !== undefined ? [`AND a.day < (${instantSql(last, params)} AT TIME ZONE 'UTC')::date`] : []),
    ]
    const has = (d: string) => `EXISTS (SELECT 1 FROM answer_dimensions a WHERE a.dimension = ${d} AND a.n > 0 ${days.join(' ')})`
    // k: a key name, whether it has counts in the period (hit), how many names so far had them
    // (found, this one included), how many names were looked at (i).
    return `WITH RECURSIVE k(dimension, hit, found, i) AS (
       SELECT d, h, h::int, 1 FROM (SELECT d, ${has('d')} AS h FROM (SELECT ${next(`$${params.push(CONTEXT_PREFIX)}`)} AS d) s) f
       UNION ALL SELECT n.d, n.h, k.found + n.h::int, k.i + 1 FROM k, LATERAL (SELECT d, ${has('d')} AS h FROM (SELECT ${next('k.dimension')} AS d) s) n
         WHERE k.dimension LIKE 'context.%' AND k.found < ${MAX_CONTEXT_KEYS} AND k.i < ${MAX_CONTEXT_KEY_NAMES}
     )
     SELECT substr(dimension, ${CONTEXT_PREFIX.length + 1}) AS key FROM k WHERE hit AND dimension LIKE 'context.%'`
  }
  const answered = parts.length
    ? `SELECT DISTINCT jsonb_object_keys(CASE jsonb_typeof(context) WHEN 'object' THEN context END) AS key FROM responses
       WHERE context IS NOT NULL AND (${parts.map(([a, b]) => `(answered_at >= ${instantSql(a, params)} AND answered_at < ${instantSql(b, params)})`).join(' OR ')})`
    : undefined
  const sql = [...(noWholeDay ? [] : [counted()]), ...(answered ? [answered] : [])]
  if (!sql.length) return []
  const rows = await db.query<{ key: string }>(`SELECT key FROM (${sql.join(' UNION ')}) u ORDER BY key LIMIT ${MAX_CONTEXT_KEYS}`, params)
  return rows.map((r) => r.key)
}
