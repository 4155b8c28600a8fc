import type { Survey } from '../types.js'
import type { Reason } from './reason.js'

/**
 * Why a survey's status or dates keep it from showing at `now` (epoch ms), or `undefined`.
 * The SDK decides this itself, so that a config kept on a device (offline) still stops on time.
 * @example scheduleMiss({ ...survey, endsAt: '2026-12-31T23:00:00Z' }, Date.parse('2027-01-01T00:00:00Z'))
 * // ['ended', '2026-12-31T23:00:00Z']
 */
export function scheduleMiss(s: Survey, now: number): Reason | undefined {
  if (s.status && s.status != 'live') return ['status', s.status]
  if (s.startsAt && now < Date.parse(s.startsAt)) return ['starts', s.startsAt]
  if (s.endsAt && now >= Date.parse(s.endsAt)) return ['ended', s.endsAt]
}
