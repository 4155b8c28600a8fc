import type { Device, Survey } from '../types.js'
import { failedCondition } from './condition.js'
import { localeMatches } from '../locale.js'
import { inSample } from './sampling.js'
import { matchUrl } from './url.js'

/** What audience rules are decided on: the page, the device and the visitor. */
export interface AudienceContext {
  path: string
  href: string
  device: Device
  locale: string
  attributes: Record<string, unknown>
  visitorId: string
}

/**
 * Why a visitor is outside a survey's audience, or `undefined` when they are inside it.
 * @example audienceMiss(survey, ctx) // 'device mobile is not in audience.device'
 */
export function audienceMiss(survey: Survey, ctx: AudienceContext): string | undefined {
  const a = survey.audience
  if (!a) return
  if (a.url && !matchUrl(a.url, ctx.path, ctx.href)) return `page ${ctx.path} does not match audience.url`
  if (a.device && !a.device.includes(ctx.device)) return `device ${ctx.device} is not in audience.device`
  if (a.locale && !a.locale.some((l) => localeMatches(l, ctx.locale))) return `locale ${ctx.locale} is not in audience.locale`
  const key = a.attributes && failedCondition(a.attributes, ctx.attributes)
  if (key) return `attribute ${key} = ${JSON.stringify(ctx.attributes[key])} does not meet audience.attributes.${key}`
  if (a.sampleRate !== undefined && !inSample(ctx.visitorId, survey.id, a.sampleRate)) {
    return `visitor is outside sampleRate ${a.sampleRate}`
  }
}
