import { STAGES, SURVEY_TYPES } from '@touchpoint/core'
import type { SurveyType } from '@touchpoint/core'
import { shownValue } from '../request-input.js'
import { FORMATS } from './formats.js'
import type { Format } from './formats.js'
import { urlProblem } from './safe-target.js'
import { filterScale, scoresFit } from './scores.js'
import type { WebhookFilter, WebhookInput } from './webhook.js'

export const EVENTS = ['answer'] as const
const KEYS = ['url', 'events', 'filter', 'format', 'enabled'] as const
const FILTER_KEYS = ['survey', 'touchpoint', 'stage', 'type', 'scores', 'scale', 'withComment'] as const
const SURVEY_ID = /^[\w.:-]{1,64}$/

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const got = shownValue
const list = (xs: readonly unknown[]) => xs.join(', ')

function filterProblem(f: unknown): string | undefined {
  if (!isObj(f)) return `filter must be an object { ${list(FILTER_KEYS)} }, each optional (got ${got(f)})`
  const unknown = Object.keys(f).find((k) => !FILTER_KEYS.includes(k as never))
  if (unknown) return `filter.${unknown} is not a filter: use ${list(FILTER_KEYS)}`
  if (f.survey !== undefined && (typeof f.survey !== 'string' || !SURVEY_ID.test(f.survey))) return `filter.survey must be a survey id, 1–64 letters, digits or . _ : - (got ${got(f.survey)})`
  if (f.touchpoint !== undefined && (typeof f.touchpoint !== 'string' || !f.touchpoint || f.touchpoint.length > 64)) return `filter.touchpoint must be a text of 1–64 characters (got ${got(f.touchpoint)})`
  if (f.stage !== undefined && !STAGES.includes(f.stage as never)) return `filter.stage must be one of ${list(STAGES)} (got ${got(f.stage)})`
  if (f.type !== undefined && !SURVEY_TYPES.includes(f.type as never)) return `filter.type must be one of ${list(SURVEY_TYPES)} (got ${got(f.type)})`
  if (f.withComment !== undefined && typeof f.withComment !== 'boolean') return `filter.withComment must be true or false (got ${got(f.withComment)})`
  if (f.scale !== undefined) {
    if (f.type !== 'ces') return `filter.scale needs filter.type "ces", the one type that runs on 5 or 7 points (got ${f.type === undefined ? 'no type' : `type ${got(f.type)}`})`
    if (f.scale !== 5 && f.scale !== 7) return `filter.scale must be 5 or 7, the points of the CES answers to send (got ${got(f.scale)})`
  }
  if (f.scores !== undefined) {
    const s = f.scores
    if (f.type === undefined) return 'filter.scores needs filter.type: a score means something else on NPS (0–10), CSAT (1–5) and CES (1–5 or 1–7)'
    if (f.type === 'ces' && f.scale === undefined) {
      return 'filter.scores on CES needs filter.scale, 5 or 7: a 4 is "agree" (easy) on the 5-point scale and "neutral" on the 7-point one, e.g. { "type": "ces", "scale": 7, "scores": [1, 3] }'
    }
    const scale = filterScale(f.type as SurveyType, f.scale as number | undefined)
    if (!scoresFit(f.type as SurveyType, s, f.scale as number | undefined)) {
      const name = f.type === 'ces' ? `${f.scale}-point ces` : f.type
      return `filter.scores must be [min, max], whole numbers with min ≤ max on the ${name} scale ${scale.min}–${scale.max}, e.g. [${scale.min}, ${f.type === 'nps' ? 6 : scale.min + 1}] (got ${got(s)})`
    }
  }
}

/**
 * A webhook as the admin API receives it, checked field by field: `{ input }` with what was
 * given (defaults filled in unless `partial`, for PATCH), or `{ problem }` naming the field,
 * the value and what it may be. The URL's host is not resolved here (see `targetProblem`).
 */
export function readWebhookInput(body: unknown, { partial = false, allowPrivate = false } = {}): { input: Partial<WebhookInput> } | { problem: string } {
  if (!isObj(body)) return { problem: `the body must be a JSON object { ${list(KEYS)} } (got ${got(body)})` }
  const unknown = Object.keys(body).find((k) => !KEYS.includes(k as never))
  if (unknown) return { problem: `${unknown} is not a webhook field: use ${list(KEYS)}` }
  const b = body
  if (!partial && b.url === undefined) return { problem: 'url is required: where to POST, like https://hooks.example.com/touchpoint' }
  const problem =
    (b.url !== undefined ? urlProblem(b.url, allowPrivate) : undefined) ??
    (b.events !== undefined && !(Array.isArray(b.events) && b.events.length && b.events.every((e) => EVENTS.includes(e)))
      ? `events must be a list of one or more of ${list(EVENTS)} (got ${got(b.events)})`
      : undefined) ??
    (b.filter !== undefined ? filterProblem(b.filter) : undefined) ??
    (b.format !== undefined && !FORMATS.includes(b.format as never) ? `format must be ${FORMATS.join(' or ')} (got ${got(b.format)})` : undefined) ??
    (b.enabled !== undefined && typeof b.enabled !== 'boolean' ? `enabled must be true or false (got ${got(b.enabled)})` : undefined)
  if (problem) return { problem }
  const input: Partial<WebhookInput> = {}
  if (b.url !== undefined) input.url = b.url as string
  if (b.events !== undefined) input.events = [...new Set(b.events as 'answer'[])]
  if (b.filter !== undefined) input.filter = b.filter as WebhookFilter
  if (b.format !== undefined) input.format = b.format as Format
  if (b.enabled !== undefined) input.enabled = b.enabled as boolean
  return { input: partial ? input : { events: ['answer'], filter: {}, format: 'json', enabled: true, ...input } }
}
