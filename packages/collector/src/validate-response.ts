import { DEVICES, STAGES, scaleOf } from '@touchpoint/core'
import type { ResponsePayload } from '@touchpoint/core'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const SURVEY_ID = /^[\w.:-]{1,64}$/
/** Answers dated further ahead than this are refused: clocks drift, but not by days. */
const MAX_CLOCK_SKEW_MS = 24 * 3600e3
/** Attributes travel as JSON; more than this is not survey context any more. */
const MAX_ATTRIBUTES_JSON = 4096

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const text = (v: unknown, max: number) => typeof v === 'string' && v.length <= max
const optText = (v: unknown, max: number) => v === undefined || v === null || text(v, max)

/**
 * Why one response of an envelope cannot be stored, or `undefined` when it can. The reason
 * names the field and what was wrong, e.g. `score 11 is outside the nps scale 0–10`.
 */
export function responseProblem(r: unknown, now = Date.now()): string | undefined {
  if (!isObj(r)) return 'a response must be an object'
  // PostgreSQL text cannot hold NUL; refusing the record keeps the rest of the batch storable.
  if (JSON.stringify(r).includes('\\u0000')) return 'texts must not contain NUL characters'
  if (typeof r.id !== 'string' || !UUID.test(r.id)) return 'id must be a UUID'
  if (typeof r.surveyId !== 'string' || !SURVEY_ID.test(r.surveyId)) return 'surveyId must be 1–64 letters, digits or . _ : -'
  if (r.type !== 'nps' && r.type !== 'csat' && r.type !== 'ces') return `type must be nps, csat or ces (got ${JSON.stringify(r.type)})`
  const scale = r.scale
  const expected = [scaleOf(r.type), ...(r.type === 'ces' ? [scaleOf('ces', 5)] : [])]
  if (!isObj(scale) || !expected.some((e) => e.min === scale.min && e.max === scale.max)) {
    return `scale must be ${expected.map((e) => `{ min: ${e.min}, max: ${e.max} }`).join(' or ')} for ${r.type}`
  }
  const { min, max } = scale as { min: number; max: number }
  if (!Number.isInteger(r.score) || (r.score as number) < min || (r.score as number) > max) {
    return `score ${JSON.stringify(r.score)} is outside the ${r.type} scale ${min}–${max}`
  }
  if (!optText(r.comment, 5000)) return 'comment must be a text of at most 5000 characters'
  if (typeof r.touchpoint !== 'string' || !r.touchpoint || r.touchpoint.length > 64) return 'touchpoint must be a text of 1–64 characters'
  if (r.stage !== undefined && r.stage !== null && !STAGES.includes(r.stage as never)) return `stage must be one of ${STAGES.join(', ')}`
  const at = typeof r.answeredAt === 'string' ? Date.parse(r.answeredAt) : NaN
  if (Number.isNaN(at)) return 'answeredAt must be an ISO 8601 date'
  if (at > now + MAX_CLOCK_SKEW_MS) return 'answeredAt is in the future'
  if (!optText(r.locale, 35) || !optText(r.trigger, 200)) return 'locale and trigger must be short texts'
  if (r.page !== undefined && !(isObj(r.page) && optText(r.page.url, 2048) && optText(r.page.path, 2048) && optText(r.page.referrer, 2048))) {
    return 'page must be { url, path, referrer? } with texts of at most 2048 characters'
  }
  const v = r.visitor
  if (v !== undefined && !(isObj(v) && optText(v.anonymousId, 100) && optText(v.userId, 200))) {
    return 'visitor must be { anonymousId, userId?, attributes? } with short texts'
  }
  if (isObj(v) && v.attributes !== undefined && !(isObj(v.attributes) && JSON.stringify(v.attributes).length <= MAX_ATTRIBUTES_JSON)) {
    return `visitor.attributes must be an object of at most ${MAX_ATTRIBUTES_JSON} characters of JSON`
  }
  if (r.device !== undefined && r.device !== null && !DEVICES.includes(r.device as never)) return `device must be one of ${DEVICES.join(', ')}`
}

/** Narrows after `responseProblem` returned `undefined`. */
export function isValidResponse(r: unknown, now?: number): r is ResponsePayload {
  return responseProblem(r, now) === undefined
}
