import { CONTEXT_KEY, DEVICES, RESPONSE_LIMITS, STAGES, scaleOf } from '@touchpoint/core'
import type { ResponsePayload } from '@touchpoint/core'
import { parseDateTime } from './instant.js'
import { shownValue } from './request-input.js'
import { HUGE, NO_NUL, hugePath, nulPath } from './well-formed.js'

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
// The same rule as survey ids in a config (core's validateConfig).
export const SURVEY_ID = /^[\w.:-]{1,64}$/
/** Answers dated further ahead than this are refused: clocks drift, but not by days. */
const MAX_CLOCK_SKEW_MS = 24 * 3600e3
/** Earlier answers come from a device whose clock was reset (1970, year 0), not from a survey. */
const EARLIEST = Date.UTC(2000, 0, 1)
/** Attributes travel as JSON; more than this is not survey context any more. */
const MAX_ATTRIBUTES_JSON = 4096
/**
 * Longest comment, in UTF-16 code units (what `maxlength` counts): room above the widget's own
 * limit (1000) for a collector.transform or another client that sends more.
 */
export const MAX_COMMENT = 5000

type Obj = Record<string, unknown>
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
export const absent = (v: unknown) => v === undefined || v === null

/** A value as the reasons quote it: JSON, cut short. */
export function got(v: unknown): string {
  return typeof v === 'string' && v.length > 60 ? `a text of ${v.length} characters` : shownValue(v)
}

/** Why a record is refused when any text in it (keys included) holds a NUL; `undefined` when none does. */
export const nulProblem = (v: unknown) => (nulPath(v) === undefined ? undefined : `texts ${NO_NUL}`)

export const text = (v: unknown, field: string, max: number, min = 0) =>
  typeof v === 'string' && v.length >= min && v.length <= max
    ? undefined
    : `${field} must be a text of ${min ? `${min}–${max}` : `at most ${max}`} characters (got ${got(v)})`
export const optText = (v: unknown, field: string, max: number) => (absent(v) ? undefined : text(v, field, max))

/**
 * Why one response of an envelope cannot be stored, or `undefined` when it can. The reason
 * names the field, the value and what is allowed, e.g. `score 11 is outside the nps scale 0–10`.
 * Fields the protocol does not know are ignored (newer SDKs may send more).
 */
export function responseProblem(r: unknown, now = Date.now()): string | undefined {
  if (!isObj(r)) return `a response must be an object (got ${got(r)})`
  if (typeof r.id !== 'string' || !UUID.test(r.id)) return `id must be a UUID (got ${got(r.id)})`
  if (typeof r.surveyId !== 'string' || !SURVEY_ID.test(r.surveyId)) return `surveyId must be 1–64 letters, digits or . _ : - (got ${got(r.surveyId)})`
  if (r.type !== 'nps' && r.type !== 'csat' && r.type !== 'ces') return `type must be nps, csat or ces (got ${got(r.type)})`
  const scale = r.scale
  const expected = r.type === 'ces' ? [scaleOf('ces', 7), scaleOf('ces', 5)] : [scaleOf(r.type)]
  if (!isObj(scale) || !expected.some((e) => e.min === scale.min && e.max === scale.max)) {
    return `scale must be ${expected.map((e) => `{ "min": ${e.min}, "max": ${e.max} }`).join(' or ')} for ${r.type} (got ${got(scale)})`
  }
  const { min, max } = scale as { min: number; max: number }
  if (typeof r.score !== 'number' || !Number.isInteger(r.score)) return `score must be a whole number on the ${r.type} scale ${min}–${max} (got ${got(r.score)})`
  if (r.score < min || r.score > max) return `score ${r.score} is outside the ${r.type} scale ${min}–${max}`
  const problem =
    optText(r.comment, 'comment', MAX_COMMENT) ??
    text(r.touchpoint, 'touchpoint', 64, 1) ??
    (absent(r.stage) || STAGES.includes(r.stage as never) ? undefined : `stage must be one of ${STAGES.join(', ')} (got ${got(r.stage)})`) ??
    answeredAtProblem(r.answeredAt, now) ??
    optText(r.locale, 'locale', 35) ??
    optText(r.trigger, 'trigger', 200) ??
    pageProblem(r.page) ??
    visitorProblem(r.visitor) ??
    (absent(r.device) || DEVICES.includes(r.device as never) ? undefined : `device must be one of ${DEVICES.join(', ')} (got ${got(r.device)})`) ??
    contextProblem(r.context)
  if (problem) return problem
  // Checked last, on a record otherwise valid: PostgreSQL would refuse the whole batch for it.
  const nul = nulProblem(r)
  if (nul) return nul
}

export function answeredAtProblem(v: unknown, now: number, field = 'answeredAt'): string | undefined {
  // An ISO 8601 date-time with a zone, as `Date.prototype.toISOString` writes it, on a real
  // calendar day: 2026-02-30 is refused rather than stored as March 2.
  const at = typeof v === 'string' ? parseDateTime(v) : undefined
  if (at === undefined) return `${field} must be an ISO 8601 date-time on a real calendar day, such as 2026-11-22T09:59:58.120Z (got ${got(v)})`
  if (at > now + MAX_CLOCK_SKEW_MS) return `${field} ${v} is more than a day ahead of the collector's clock`
  if (at < EARLIEST) return `${field} ${v} is before the year 2000: the device's clock is wrong`
}

export function pageProblem(p: unknown): string | undefined {
  if (absent(p)) return
  if (!isObj(p)) return `page must be an object { url, path, referrer? } (got ${got(p)})`
  return optText(p.url, 'page.url', 2048) ?? optText(p.path, 'page.path', 2048) ?? optText(p.referrer, 'page.referrer', 2048)
}

export function visitorProblem(v: unknown): string | undefined {
  if (absent(v)) return
  if (!isObj(v)) return `visitor must be an object { anonymousId, userId?, attributes? } (got ${got(v)})`
  const a = v.attributes
  return (
    optText(v.anonymousId, 'visitor.anonymousId', 100) ??
    optText(v.userId, 'visitor.userId', 200) ??
    (absent(a) || (isObj(a) && JSON.stringify(a).length <= MAX_ATTRIBUTES_JSON)
      ? undefined
      : `visitor.attributes must be an object of at most ${MAX_ATTRIBUTES_JSON} characters of JSON (got ${isObj(a) ? 'a larger one' : got(a)})`) ??
    // JSON.stringify would store it as null.
    hugeProblem(a, 'visitor.attributes')
  )
}

/** `name.<path> is a number too large to hold…` for the first such number in `v`, or `undefined`. */
function hugeProblem(v: unknown, name: string): string | undefined {
  const at = hugePath(v)
  return at === undefined ? undefined : `${name}${at && !at.startsWith('[') ? '.' : ''}${at} is ${HUGE}`
}

/** Why an answer's `context` cannot be stored (see RESPONSE_LIMITS), or `undefined`. */
export function contextProblem(c: unknown): string | undefined {
  if (absent(c)) return
  const { contextKeys: keys, contextKey: keyLength, contextValue: valueLength } = RESPONSE_LIMITS
  if (!isObj(c)) return `context must be an object of at most ${keys} keys (got ${got(c)})`
  const entries = Object.entries(c)
  if (entries.length > keys) return `context must have at most ${keys} keys (got ${entries.length}): list fewer keys in the survey's context`
  for (const [k, v] of entries) {
    if (!CONTEXT_KEY.test(k)) return `context key ${got(k)} must be 1–${keyLength} letters, digits or _ . : -`
    if (typeof v === 'string' ? v.length > valueLength : typeof v === 'number' ? !Number.isFinite(v) : typeof v !== 'boolean') {
      return `context.${k} must be a text of at most ${valueLength} characters, a number or a boolean (got ${got(v)})`
    }
  }
}

/** Narrows after `responseProblem` returned `undefined`. */
export function isValidResponse(r: unknown, now?: number): r is ResponsePayload {
  return responseProblem(r, now) === undefined
}
