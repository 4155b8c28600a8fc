import { bucketOf } from '@touchpoint/core'
import type { SurveyType } from '@touchpoint/core'
import { MAX_CONTEXT_KEYS } from './context-keys.js'
import { csvRecord } from './csv.js'
import type { Database } from './db/database.js'
import { filterSql } from './filter.js'
import type { Filter } from './filter.js'

/**
 * The columns of the CSV export, in order: the protocol's fields, flattened, plus `bucket` and
 * `receivedAt`; then one `context.<key>` column per context key the exported answers have, by name.
 * Past MAX_CONTEXT_KEYS keys (any sender can make up keys), the keys after the first hundred by
 * name go together, as JSON, in one last column `context`: the header and each row stay bounded,
 * and no value is left out.
 */
export const CSV_COLUMNS = [
  'id', 'surveyId', 'type', 'scaleMin', 'scaleMax', 'score', 'bucket', 'comment', 'touchpoint', 'stage', 'answeredAt',
  'receivedAt', 'locale', 'trigger', 'pageUrl', 'pagePath', 'referrer', 'anonymousId', 'userId', 'attributes', 'device',
] as const

const ISO = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`

/**
 * About how much CSV text, in characters, is handed on at a time: a page of answers with long
 * comments would otherwise be one string of tens of MB.
 */
export const EXPORT_CHUNK = 64 * 1024

type Row = {
  id: string; survey_id: string; type: SurveyType; scale_min: number; scale_max: number; score: number; comment: string | null
  touchpoint: string; stage: string | null; answered: string; received: string; locale: string | null; trigger: string | null
  page_url: string | null; page_path: string | null; referrer: string | null; anonymous_id: string | null; user_id: string | null
  attributes: string | null; device: string | null; context: Record<string, unknown> | null
}

/**
 * An answer's value for context key `k`, as its column shows it: nothing when the answer has no
 * such key of its own (a key named `constructor` or `__proto__` must not read what every object
 * inherits), numbers as numbers (no formula guard: `-3` is not a formula), the rest as text.
 */
function contextField(c: Record<string, unknown> | null, k: string): string | number | null {
  const v = c && Object.hasOwn(c, k) ? c[k] : undefined
  return v === undefined || v === null ? null : typeof v === 'number' ? v : String(v)
}

/**
 * The answers a filter takes in, as CSV text (header first, RFC 4180, formula-safe; see
 * `csvField`), oldest first, in chunks of about `EXPORT_CHUNK` characters (a page's last chunk
 * ends with the page). It reads the database `pageSize` records at a time (keyset pagination on
 * answeredAt, id), so exporting a million answers holds one page of rows and one chunk of text
 * in memory, and a consumer that stops iterating stops the queries.
 */
export async function* exportCsv(db: Database, filter: Filter = {}, pageSize = 5000): AsyncGenerator<string> {
  const keyParams: unknown[] = []
  const keyFilter = filterSql(filter, keyParams)
  const keys = (
    await db.query<{ key: string }>(
      `SELECT DISTINCT k AS key FROM responses, jsonb_object_keys(CASE jsonb_typeof(context) WHEN 'object' THEN context END) k
       WHERE context IS NOT NULL ${keyFilter && `AND ${keyFilter}`} ORDER BY 1 LIMIT ${MAX_CONTEXT_KEYS + 1}`,
      keyParams,
    )
  ).map((r) => r.key)
  const more = keys.length > MAX_CONTEXT_KEYS
  if (more) keys.pop()
  const own = new Set(keys)
  /** The context keys without a column of their own, as JSON (empty when none). */
  const rest = (c: Record<string, unknown> | null) => {
    const r = Object.entries(c ?? {}).filter(([k]) => !own.has(k))
    return r.length ? JSON.stringify(Object.fromEntries(r)) : null
  }
  yield csvRecord([...CSV_COLUMNS, ...keys.map((k) => `context.${k}`), ...(more ? ['context'] : [])])
  let after: string | undefined
  for (;;) {
    const params: unknown[] = []
    const where = [filterSql(filter, params)]
    if (after) where.push(`(answered_at, id) > (SELECT answered_at, id FROM responses WHERE id = $${params.push(after)})`)
    const conditions = where.filter(Boolean).join(' AND ')
    // Not "AS answered_at": ORDER BY would then sort the text rather than walk the index.
    const rows = await db.query<Row>(
      `SELECT id, survey_id, type, scale_min, scale_max, score, comment, touchpoint, stage, ${ISO('answered_at')} AS answered,
         ${ISO('received_at')} AS received, locale, trigger, page_url, page_path, referrer, anonymous_id, user_id,
         attributes::text AS attributes, device, context
       FROM responses ${conditions && `WHERE ${conditions}`}
       ORDER BY answered_at, id
       LIMIT ${pageSize}`,
      params,
    )
    if (!rows.length) return
    let chunk = ''
    for (const r of rows) {
      const bucket = bucketOf(r.type, r.score, { min: r.scale_min, max: r.scale_max })
      chunk += csvRecord([
        r.id, r.survey_id, r.type, r.scale_min, r.scale_max, r.score, bucket, r.comment, r.touchpoint, r.stage, r.answered,
        r.received, r.locale, r.trigger, r.page_url, r.page_path, r.referrer, r.anonymous_id, r.user_id, r.attributes, r.device,
        ...keys.map((k) => contextField(r.context, k)),
        ...(more ? [rest(r.context)] : []),
      ])
      if (chunk.length >= EXPORT_CHUNK) {
        yield chunk
        chunk = ''
      }
    }
    if (chunk) yield chunk
    if (rows.length < pageSize) return
    after = rows.at(-1)!.id
  }
}
