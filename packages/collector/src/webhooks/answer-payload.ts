import type { ResponsePayload } from '@touchpoint/core'

/** A stored answer as the database returns it (`SELECT * FROM responses`). */
export interface AnswerRow {
  id: string
  survey_id: string
  type: ResponsePayload['type']
  scale_min: number
  scale_max: number
  score: number
  comment: string | null
  touchpoint: string
  stage: string | null
  answered_at: Date | string
  locale: string | null
  trigger: string | null
  page_url: string | null
  page_path: string | null
  referrer: string | null
  anonymous_id: string | null
  user_id: string | null
  attributes: Record<string, unknown> | string | null
  device: string | null
  context: Record<string, unknown> | string | null
}

/** A stored answer back in the shape of the wire protocol; what the SDK left out stays out. */
export function answerPayload(r: AnswerRow): ResponsePayload {
  // JSON columns come back parsed from PostgreSQL, and as text where a driver leaves them so.
  const object = (v: Record<string, unknown> | string | null) => (typeof v === 'string' ? (JSON.parse(v) as Record<string, unknown>) : v)
  const attributes = object(r.attributes)
  const some = <T extends object>(o: T) => (Object.values(o).some((v) => v !== undefined) ? o : undefined)
  const given = <T,>(v: T | null) => v ?? undefined
  // JSON.stringify drops the undefined fields.
  return {
    id: r.id,
    surveyId: r.survey_id,
    type: r.type,
    scale: { min: r.scale_min, max: r.scale_max },
    score: r.score,
    comment: given(r.comment),
    touchpoint: r.touchpoint,
    stage: given(r.stage),
    answeredAt: new Date(r.answered_at).toISOString(),
    locale: given(r.locale),
    trigger: given(r.trigger),
    page: some({ url: given(r.page_url), path: given(r.page_path), referrer: given(r.referrer) }),
    visitor: some({ anonymousId: given(r.anonymous_id), userId: given(r.user_id), attributes: given(attributes) }),
    device: given(r.device),
    context: given(object(r.context)),
  } as ResponsePayload
}
