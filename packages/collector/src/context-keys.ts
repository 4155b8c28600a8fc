import type { Database } from './db/database.js'
import { CONTEXT_PREFIX, filterSql } from './filter.js'
import type { Filter } from './filter.js'

/** Most context keys listed: a survey sends at most 20, a collector rarely has more than a few surveys' worth. */
export const MAX_CONTEXT_KEYS = 100

/**
 * The context keys the answers of a period have (by name): what the dashboard offers to break
 * down by. Each key is found by one seek into the counts per dimension (a loose index scan
 * over its primary key), so the cost follows the number of keys, not of answers.
 */
export async function contextKeys(db: Database, filter: Pick<Filter, 'from' | 'to'> = {}): Promise<string[]> {
  const params: unknown[] = []
  const period = filterSql({ from: filter.from, to: filter.to }, params, { days: true })
  // Each step seeks the next dimension; each key found is then checked for counts in the period
  // by a seek on (dimension, day), the primary key's first columns.
  const next = (after: string) => `(SELECT dimension FROM answer_dimensions WHERE dimension > ${after} ORDER BY dimension LIMIT 1)`
  const rows = await db.query<{ dimension: string }>(
    `WITH RECURSIVE k(dimension, i) AS (
       SELECT ${next(`$${params.push(CONTEXT_PREFIX)}`)}, 1
       UNION ALL SELECT ${next('k.dimension')}, i + 1 FROM k WHERE k.dimension LIKE 'context.%' AND i < ${MAX_CONTEXT_KEYS}
     )
     SELECT dimension FROM k WHERE dimension LIKE 'context.%'
       AND EXISTS (SELECT 1 FROM answer_dimensions a WHERE a.dimension = k.dimension AND a.n > 0 ${period && `AND ${period}`})`,
    params,
  )
  return rows.map((r) => r.dimension.slice(CONTEXT_PREFIX.length))
}
