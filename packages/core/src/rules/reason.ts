import type { Device, SurveyStatus } from '../types.js'

/**
 * Why a survey does not show, as data: a code and its details. Decisions return reasons; the
 * words live in `explain`, so that code which never prints them (debug off) never ships them.
 */
export type Reason =
  | readonly ['url', path: string]
  | readonly ['device', device: Device]
  | readonly ['locale', locale: string]
  | readonly ['attribute', name: string, value: unknown]
  | readonly ['sample', rate: number]
  | readonly ['answered' | 'dismissed', msAgo: number, recontactDays: number | undefined]
  | readonly ['maxShows', shows: number, maxShows: number]
  | readonly ['cooldown', msAgo: number, globalCooldownDays: number]
  | readonly ['status', status: SurveyStatus]
  | readonly ['starts' | 'ended', at: string]

const DAY = 864e5

function ago(ms: number): string {
  const days = Math.floor(ms / DAY)
  return days < 1 ? 'today' : days === 1 ? '1 day ago' : `${days} days ago`
}

/**
 * A reason in words, for debug output.
 * @example explain(['answered', 3 * 864e5, 90]) // 'answered 3 days ago, recontactDays 90'
 */
export function explain(r: Reason): string {
  switch (r[0]) {
    case 'url':
      return `page ${r[1]} does not match audience.url`
    case 'device':
      return `device ${r[1]} is not in audience.device`
    case 'locale':
      return `locale ${r[1]} is not in audience.locale`
    case 'attribute':
      return `attribute ${r[1]} = ${JSON.stringify(r[2]) ?? 'undefined'} does not meet audience.attributes.${r[1]}`
    case 'sample':
      return `visitor is outside sampleRate ${r[1]}`
    case 'answered':
    case 'dismissed':
      return r[2] === undefined
        ? `${r[0]} ${ago(r[1])}; never asked again without frequency.recontactDays`
        : `${r[0]} ${ago(r[1])}, recontactDays ${r[2]}`
    case 'maxShows':
      return `shown ${r[1]} times, maxShows ${r[2]}`
    case 'cooldown':
      return `a survey was shown ${ago(r[1])}, globalCooldownDays ${r[2]}`
    case 'status':
      return `status is ${r[1]}`
    case 'starts':
      return `starts at ${r[1]} (startsAt)`
    case 'ended':
      return `ended at ${r[1]} (endsAt)`
  }
}
