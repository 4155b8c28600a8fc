import type { Device, Survey } from '../types.js'
import { failedCondition } from './condition.js'
import { localeMatches } from '../locale-match.js'
import type { Reason } from './reason.js'
import { inSample } from './sampling.js'
import { matchUrl } from './url.js'

/** What audience rules are decided on: the page, the device and the visitor. */
export interface AudienceContext {
  path: string
  href: string
  device: Device
  locale: string
  attributes: Record<string, unknown>
  /** The user id when known, else the anonymous id: samples follow the person. */
  visitorId: string
}

/**
 * Why a visitor is outside a survey's audience, or `undefined` when they are inside it.
 * Rules are checked in order: URL, device, locale, attributes, sample.
 * @example audienceMiss(survey, ctx) // ['device', 'mobile']
 */
export function audienceMiss(survey: Survey, ctx: AudienceContext): Reason | undefined {
  const a = survey.audience
  if (!a) return
  if (a.url && !matchUrl(a.url, ctx.path, ctx.href)) return ['url', ctx.path]
  if (a.device && !a.device.includes(ctx.device)) return ['device', ctx.device]
  if (a.locale && !a.locale.some((l) => localeMatches(l, ctx.locale))) return ['locale', ctx.locale]
  const key = a.attributes && failedCondition(a.attributes, ctx.attributes)
  if (key) return ['attribute', key, ctx.attributes[key]]
  if (a.sampleRate !== undefined && !inSample(ctx.visitorId, survey.id, a.sampleRate)) return ['sample', a.sampleRate]
}
