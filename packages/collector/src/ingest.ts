import type { IngestResult, ResponsePayload } from '@touchpoint/core'
import type { Database } from './db/database.js'
import { responseProblem } from './validate-response.js'

/** Most responses one envelope may carry (the SDK sends 20 at a time). */
export const MAX_RESPONSES = 1000

const COLUMNS = [
  'id', 'survey_id', 'type', 'scale_min', 'scale_max', 'score', 'comment', 'touchpoint', 'stage', 'answered_at',
  'locale', 'trigger', 'page_url', 'page_path', 'referrer', 'anonymous_id', 'user_id', 'attributes', 'device',
]

// A blank comment is no comment. answeredAt is stored as the instant it names, whatever its notation.
const row = (r: ResponsePayload) => [
  r.id, r.surveyId, r.type, r.scale.min, r.scale.max, r.score, r.comment?.trim() ? r.comment : null, r.touchpoint, r.stage ?? null,
  new Date(r.answeredAt).toISOString(), r.locale ?? null, r.trigger ?? null, r.page?.url ?? null, r.page?.path ?? null, r.page?.referrer ?? null,
  r.visitor?.anonymousId ?? null, r.visitor?.userId ?? null, r.visitor?.attributes ? JSON.stringify(r.visitor.attributes) : null,
  r.device ?? null,
]

/** Why an envelope cannot be read at all (answered with 400), or `undefined`. */
export function envelopeProblem(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'the body must be a JSON object { "v": 1, "sentAt", "responses": [...] }'
  const e = body as Record<string, unknown>
  if (e.v !== 1) return `unsupported protocol version ${(JSON.stringify(e.v) ?? 'nothing').slice(0, 40)} (this collector speaks "v": 1)`
  if (!Array.isArray(e.responses)) return 'responses must be an array of responses'
  if (e.responses.length > MAX_RESPONSES) return `at most ${MAX_RESPONSES} responses per request (got ${e.responses.length}): send smaller batches`
}

/**
 * Stores the valid responses of an envelope, once each: a response whose id is already stored
 * (a re-sent batch, a beacon after a fetch) counts as a duplicate and changes nothing.
 */
export async function ingest(db: Database, responses: unknown[], now = Date.now()): Promise<IngestResult> {
  const rejected: IngestResult['rejected'] = []
  const valid: ResponsePayload[] = []
  for (const r of responses) {
    const reason = responseProblem(r, now)
    if (reason) {
      const id = (r as { id?: unknown })?.id
      rejected.push({ id: typeof id === 'string' ? id.slice(0, 100) : null, reason })
    } else valid.push(r as ResponsePayload)
  }
  let accepted = 0
  if (valid.length) {
    const params = valid.flatMap(row)
    const tuples = valid.map((_, i) => `(${COLUMNS.map((_, j) => `$${i * COLUMNS.length + j + 1}`).join(', ')})`)
    const inserted = await db.query(
      `INSERT INTO responses (${COLUMNS.join(', ')}) VALUES ${tuples.join(', ')} ON CONFLICT (id) DO NOTHING RETURNING id`,
      params,
    )
    accepted = inserted.length
  }
  return { accepted, duplicates: valid.length - accepted, rejected }
}
