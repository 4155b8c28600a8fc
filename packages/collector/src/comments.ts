import type { Scale, SurveyType } from '@touchpoint/core'
import type { Database } from './db/database.js'
import { filterSql } from './filter.js'
import type { Filter } from './filter.js'

/** One answer that came with a comment, as `GET /v1/comments` lists it. */
export interface Comment {
  id: string
  surveyId: string
  type: SurveyType
  scale: Scale
  score: number
  /** What the customer wrote, verbatim: plain text, to be shown as text (never as HTML). */
  comment: string
  touchpoint: string
  stage: string | null
  /** ISO 8601, UTC, millisecond precision. */
  answeredAt: string
  locale: string | null
  device: string | null
  /** What the answer was given about (`{ orderId: 'A-1', plan: 'pro' }`), or null. */
  context: Record<string, string | number | boolean> | null
}

/** Largest page of comments one request may ask for. */
export const MAX_COMMENTS_LIMIT = 100

/** Longest search (`q`), and most words in it. */
export const MAX_SEARCH = { length: 200, words: 10 } as const

/** The words of a search: split on white space, once each; a word is found anywhere in a word of the comment. */
export function searchWords(q: string): string[] {
  return [...new Set(q.split(/\s+/u).filter(Boolean))]
}

/** Why a search cannot be run (answered with 400), or `undefined`. */
export function searchProblem(q: string): string | undefined {
  if (q.length > MAX_SEARCH.length) return `q must be at most ${MAX_SEARCH.length} characters (got ${q.length})`
  const words = searchWords(q).length
  if (words > MAX_SEARCH.words) return `q must have at most ${MAX_SEARCH.words} words (got ${words})`
}

/**
 * The latest comments first (by `answeredAt`, then `id`), `limit` at a time. `next` is the
 * cursor of the following page (pass it as `before`), or `null` on the last page. The cursor
 * is the id of the last comment returned, so that pages neither skip nor repeat answers that
 * share a timestamp. With `q`, only the comments that contain each of its words, whatever
 * their case and accents ("creme" finds "Crème brûlée").
 */
export async function comments(
  db: Database,
  filter: Filter = {},
  { limit = 20, before, q = '' }: { limit?: number; before?: string; q?: string } = {},
): Promise<{ comments: Comment[]; next: string | null }> {
  const params: unknown[] = []
  const where = ['comment IS NOT NULL']
  const f = filterSql(filter, params)
  if (f) where.push(f)
  // Folded (lower case, no accents) on both sides, by the function the indexed column is made
  // with, so that the index finds the candidates and PostgreSQL's own rules decide what matches.
  // Then the wildcards and the escape character are escaped, so that the word matches literally:
  // after folding, since folding makes them of full-width signs (％ ＿ ＼).
  for (const word of searchWords(q)) {
    const folded = `touchpoint_fold($${params.push(word)})`
    where.push(`comment_folded LIKE '%' || replace(replace(replace(${folded}, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'`)
  }
  if (before) where.push(`(answered_at, id) < (SELECT answered_at, id FROM responses WHERE id = $${params.push(before)})`)
  const rows = await db.query<{
    id: string; survey_id: string; type: SurveyType; scale_min: number; scale_max: number; score: number; comment: string
    touchpoint: string; stage: string | null; answered: string; locale: string | null; device: string | null; context: Comment['context']
  }>(
    // Not "AS answered_at": ORDER BY would then sort the text rather than walk the index.
    `SELECT id, survey_id, type, scale_min, scale_max, score, comment, touchpoint, stage, locale, device, context,
       to_char(answered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS answered
     FROM responses WHERE ${where.join(' AND ')}
     ORDER BY answered_at DESC, id DESC
     LIMIT ${limit + 1}`,
    params,
  )
  const page = rows.slice(0, limit).map((r) => ({
    id: r.id,
    surveyId: r.survey_id,
    type: r.type,
    scale: { min: r.scale_min, max: r.scale_max },
    score: r.score,
    comment: r.comment,
    touchpoint: r.touchpoint,
    stage: r.stage,
    answeredAt: r.answered,
    locale: r.locale,
    device: r.device,
    context: r.context,
  }))
  return { comments: page, next: rows.length > limit ? page.at(-1)!.id : null }
}
