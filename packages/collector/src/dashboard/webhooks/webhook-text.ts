import type { SurveyType } from '@touchpoint/core'
import { filterScale, scoresFit } from '../../webhooks/scores.js'
import type { Delivery } from '../../webhooks/webhook.js'
import type { WebhookFilter } from '../../webhooks/webhook.js'

const TYPE_NAMES: Record<string, string> = { nps: 'NPS', csat: 'CSAT', ces: 'CES' }

/** A webhook's filter in words: `NPS 0–6 at checkout (purchase) with a comment`; `Every answer` without one. */
export function describeFilter(f: WebhookFilter): string {
  // A CES range made before filters named their scale is read on both.
  const type = f.type && TYPE_NAMES[f.type] + (f.scale ? ` (${f.scale}-point)` : '')
  const either = f.type === 'ces' && f.scores && !f.scale ? ' (on either scale)' : ''
  const parts = [type ? (f.scores ? `${type} ${f.scores[0]}–${f.scores[1]}${either}` : `${type} answers`) : 'Answers']
  if (f.survey) parts.push(`to ${f.survey}`)
  if (f.touchpoint) parts.push(`at ${f.touchpoint}`)
  if (f.stage) parts.push(`(${f.stage})`)
  if (f.withComment !== undefined) parts.push(f.withComment ? 'with a comment' : 'without a comment')
  return parts.length === 1 && !type ? 'Every answer' : parts.join(' ')
}

/** What the new-webhook form holds, as typed. */
export interface FilterFields {
  survey: string
  touchpoint: string
  stage: string
  /** `nps`, `csat`, `ces5` or `ces7` (CES and its scale), or '' for any. */
  type: string
  min: string
  max: string
  comment: 'any' | 'with' | 'without'
}

export const EMPTY_FILTER_FIELDS: FilterFields = { survey: '', touchpoint: '', stage: '', type: '', min: '', max: '', comment: 'any' }

/**
 * The filter the form describes: blank fields are left out; a score bound left blank is the
 * end of the type's scale (CES: of the scale chosen with it), and scores count only with a type.
 */
export function filterFromFields(v: FilterFields): WebhookFilter {
  const f: WebhookFilter = {}
  if (v.survey.trim()) f.survey = v.survey.trim()
  if (v.touchpoint.trim()) f.touchpoint = v.touchpoint.trim()
  if (v.stage) f.stage = v.stage as WebhookFilter['stage']
  if (v.type) {
    f.type = v.type.startsWith('ces') ? 'ces' : (v.type as SurveyType)
    if (f.type === 'ces') f.scale = v.type === 'ces5' ? 5 : 7
    if (v.min.trim() || v.max.trim()) {
      const scale = filterScale(f.type, f.scale)
      f.scores = [v.min.trim() ? Number(v.min) : scale.min, v.max.trim() ? Number(v.max) : scale.max]
    }
  }
  if (v.comment !== 'any') f.withComment = v.comment === 'with'
  return f
}

/**
 * Why the collector would refuse the score range the form holds (the rule it checks, in the
 * form's words), or `undefined` when it takes it: `Scores must be whole numbers on the NPS scale
 * 0–10, the lower first (not 9 to 2).`
 */
export function scoresProblem(v: FilterFields): string | undefined {
  const f = filterFromFields(v)
  if (!f.type || !f.scores || scoresFit(f.type, f.scores, f.scale)) return undefined
  const scale = filterScale(f.type, f.scale)
  const name = f.scale ? `${f.scale}-point ${TYPE_NAMES[f.type]}` : TYPE_NAMES[f.type]
  return `Scores must be whole numbers on the ${name} scale ${scale.min}–${scale.max}, the lower first (not ${f.scores[0]} to ${f.scores[1]}).`
}

/** What a delivery carried, to recognise it in a list: `NPS 3 · checkout`. */
export function deliveryAnswer(d: Pick<Delivery, 'answer' | 'surveyId'>): string {
  if (!d.answer) return `${d.surveyId} (answer deleted)`
  return `${TYPE_NAMES[d.answer.type] ?? d.answer.type} ${d.answer.score} · ${d.answer.touchpoint}`
}

/** The last attempt's result in words: `200`, `500 · the receiver answered 500`, `connection refused`, `Not tried yet`. */
export function lastResult(d: Pick<Delivery, 'attempts' | 'lastStatus' | 'lastError'>): string {
  if (!d.attempts) return 'Not tried yet'
  if (d.lastError) return d.lastError
  return d.lastStatus === null ? 'No answer' : `Answered ${d.lastStatus}`
}
