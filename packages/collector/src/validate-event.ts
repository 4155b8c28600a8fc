import { DEVICES, EVENT_KINDS, STAGES } from '@touchpoint/core'
import { absent, answeredAtProblem, got, isObj, nulProblem, optText, pageProblem, SURVEY_ID, text, UUID, visitorProblem } from './validate-response.js'

/**
 * Why one event of an envelope cannot be stored, or `undefined` when it can; the reason names
 * the field, the value and what is allowed. An event that carries a score or a comment is
 * refused: what a visitor wrote travels only in an answer. Unknown fields are ignored.
 */
export function eventProblem(e: unknown, now = Date.now()): string | undefined {
  if (!isObj(e)) return `an event must be an object (got ${got(e)})`
  if (typeof e.id !== 'string' || !UUID.test(e.id)) return `id must be a UUID (got ${got(e.id)})`
  if (e.kind !== 'shown' && e.kind !== 'dismissed') return `kind must be shown or dismissed (got ${got(e.kind)})`
  for (const field of ['score', 'comment'] as const) {
    if (field in e) return `an event must not hold a ${field}: answers carry scores and comments, events only say that a prompt was ${e.kind}`
  }
  if (typeof e.surveyId !== 'string' || !SURVEY_ID.test(e.surveyId)) return `surveyId must be 1–64 letters, digits or . _ : - (got ${got(e.surveyId)})`
  if (e.type !== 'nps' && e.type !== 'csat' && e.type !== 'ces') return `type must be nps, csat or ces (got ${got(e.type)})`
  const problem =
    text(e.touchpoint, 'touchpoint', 64, 1) ??
    (absent(e.stage) || STAGES.includes(e.stage as never) ? undefined : `stage must be one of ${STAGES.join(', ')} (got ${got(e.stage)})`) ??
    answeredAtProblem(e.at, now, 'at') ??
    optText(e.locale, 'locale', 35) ??
    optText(e.trigger, 'trigger', 200) ??
    pageProblem(e.page) ??
    visitorProblem(e.visitor) ??
    (absent(e.device) || DEVICES.includes(e.device as never) ? undefined : `device must be one of ${DEVICES.join(', ')} (got ${got(e.device)})`)
  if (problem) return problem
  const nul = nulProblem(e)
  if (nul) return nul
}
