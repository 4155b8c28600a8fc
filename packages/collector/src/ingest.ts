import type { EventPayload, IngestResult, ResponsePayload } from '@touchpoint/core'
import type { Database } from './db/database.js'
import { errorCode, isDataError, isTransient, scrub } from './db/database-error.js'
import { parseDateTime } from './instant.js'
import { shownValue } from './request-input.js'
import { StoreError } from './store-error.js'
import { responseProblem } from './validate-response.js'
import { eventProblem } from './validate-event.js'
import { wellFormed, wellFormedText } from './well-formed.js'

/** Most responses one envelope may carry (the SDK sends 20 at a time). */
export const MAX_RESPONSES = 1000
/** Most events one envelope may carry. */
export const MAX_EVENTS = 1000

/** Times a statement runs when PostgreSQL reports a deadlock or a serialization failure. */
const ATTEMPTS = 5

const COLUMNS = [
  'id', 'survey_id', 'type', 'scale_min', 'scale_max', 'score', 'comment', 'touchpoint', 'stage', 'answered_at',
  'locale', 'trigger', 'page_url', 'page_path', 'referrer', 'anonymous_id', 'user_id', 'attributes', 'device', 'context',
]
const EVENT_COLUMNS = [
  'id', 'kind', 'survey_id', 'type', 'touchpoint', 'stage', 'at', 'trigger', 'page_url', 'page_path', 'referrer',
  'anonymous_id', 'user_id', 'attributes', 'device', 'locale',
]

// A blank comment is no comment, and an empty locale no locale (the daily counts file both as
// one); an optional field sent as null is one left out (the checks take both). answeredAt is
// stored as the instant it names, whatever its notation. Every text is made valid Unicode
// first, attribute names included (see wellFormed).
const text = (s: string | null | undefined) => (s === undefined || s === null ? null : wellFormedText(s))
const locale = (s: string | null | undefined) => text(s) || null
const row = (r: ResponsePayload) => [
  r.id, r.surveyId, r.type, r.scale.min, r.scale.max, r.score, r.comment?.trim() ? text(r.comment) : null, text(r.touchpoint), r.stage ?? null,
  new Date(parseDateTime(r.answeredAt)!).toISOString(), locale(r.locale), text(r.trigger), text(r.page?.url), text(r.page?.path), text(r.page?.referrer),
  text(r.visitor?.anonymousId), text(r.visitor?.userId), r.visitor?.attributes ? JSON.stringify(wellFormed(r.visitor.attributes)) : null,
  r.device ?? null, r.context ? JSON.stringify(wellFormed(r.context)) : null,
]
const eventRow = (e: EventPayload) => [
  e.id, e.kind, e.surveyId, e.type, text(e.touchpoint), e.stage ?? null, new Date(parseDateTime(e.at)!).toISOString(), text(e.trigger),
  text(e.page?.url), text(e.page?.path), text(e.page?.referrer), text(e.visitor?.anonymousId), text(e.visitor?.userId),
  e.visitor?.attributes ? JSON.stringify(wellFormed(e.visitor.attributes)) : null, e.device ?? null, locale(e.locale),
]

/** Why an envelope cannot be read at all (answered with 400), or `undefined`. */
export function envelopeProblem(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'the body must be a JSON object { "v": 1, "sentAt", "responses": [...] }'
  const e = body as Record<string, unknown>
  if (e.v !== 1) return `unsupported protocol version ${shownValue(e.v)} (this collector speaks "v": 1)`
  if (!Array.isArray(e.responses)) return 'responses must be an array of responses'
  if (e.responses.length > MAX_RESPONSES) return `at most ${MAX_RESPONSES} responses per request (got ${e.responses.length}): send smaller batches`
  if (e.events !== undefined && !Array.isArray(e.events)) return 'events, when present, must be an array of events'
  if (Array.isArray(e.events) && e.events.length > MAX_EVENTS) return `at most ${MAX_EVENTS} events per request (got ${e.events.length}): send smaller batches`
}

/** Runs `fn` again after a deadlock or a serialization failure, a few times, a little later each time. */
async function retrying<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn()
    } catch (e) {
      if (!isTransient(e) || attempt === ATTEMPTS) throw e
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** attempt))
    }
  }
}

/** Inserts rows into `table` (each the values of `columns`); resolves with how many were new. */
async function insert(db: Database, table: string, columns: string[], rows: unknown[][]): Promise<number> {
  const tuples = rows.map((_, i) => `(${columns.map((_, j) => `$${i * columns.length + j + 1}`).join(', ')})`)
  const sql = `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')} ON CONFLICT (id) DO NOTHING RETURNING id`
  return (await retrying(() => db.query(sql, rows.flat()))).length
}

/** Why the database refused a record, in words for its sender: the error without the values it quotes. */
const refusal = (e: unknown) => `the database cannot store this record: ${scrub((e as Error).message)} (SQLSTATE ${errorCode(e)})`

/**
 * Stores the valid records of one kind, once each: a record whose id is already stored (a
 * re-sent batch, a beacon after a fetch) counts as a duplicate and changes nothing.
 *
 * Rows go in in the order of their ids, so that two collectors inserting overlapping batches
 * lock the same ids in the same order and one waits for the other instead of deadlocking. If
 * the database still refuses the batch for the values of one record, the records are stored
 * one by one and the refused one is rejected with the database's reason. When the database
 * itself fails (a full disk), nothing is acknowledged: a `StoreError` says why, with the ids.
 */
async function store<T extends { id: string }>(
  db: Database,
  records: unknown[],
  { table, columns, problem, values }: { table: string; columns: string[]; problem(r: unknown): string | undefined; values(r: T): unknown[] },
): Promise<IngestResult> {
  const rejected: IngestResult['rejected'] = []
  const valid: T[] = []
  for (const r of records) {
    const reason = problem(r)
    if (reason) {
      const id = (r as { id?: unknown })?.id
      rejected.push({ id: typeof id === 'string' ? id.slice(0, 100) : null, reason })
    } else valid.push(r as T)
  }
  // A stable sort: of two records with one id, the first sent is the one stored.
  const sorted = valid.map((r) => ({ id: r.id, key: r.id.toLowerCase(), values: values(r) })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  let accepted = 0
  let refused = 0
  if (sorted.length) {
    try {
      accepted = await insert(db, table, columns, sorted.map((r) => r.values))
    } catch (e) {
      if (!isDataError(e)) throw new StoreError(e, sorted.map((r) => r.id))
      for (const r of sorted) {
        try {
          accepted += await insert(db, table, columns, [r.values])
        } catch (e) {
          if (!isDataError(e)) throw new StoreError(e, sorted.map((s) => s.id))
          rejected.push({ id: r.id, reason: refusal(e) })
          refused++
        }
      }
    }
  }
  return { accepted, duplicates: valid.length - accepted - refused, rejected }
}

/** Stores the valid responses of an envelope, once each (see `store`). */
export function ingest(db: Database, responses: unknown[], now = Date.now()): Promise<IngestResult> {
  return store<ResponsePayload>(db, responses, { table: 'responses', columns: COLUMNS, problem: (r) => responseProblem(r, now), values: row })
}

/** Stores the valid events (prompts shown or dismissed) of an envelope, once each, as answers are. */
export function ingestEvents(db: Database, events: unknown[], now = Date.now()): Promise<IngestResult> {
  return store<EventPayload>(db, events, { table: 'events', columns: EVENT_COLUMNS, problem: (e) => eventProblem(e, now), values: eventRow })
}
