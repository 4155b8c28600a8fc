import type { Survey } from '../types.js'
import type { Reason } from './reason.js'

/** What one visitor has seen of one survey; all times are epoch ms. */
export interface SurveyHistory {
  shows: number
  lastShownAt?: number
  answeredAt?: number
  dismissedAt?: number
}

const DAY = 864e5

/**
 * Why frequency rules keep a survey from showing now, or `undefined` when it may show.
 * Answered or dismissed: not again for `recontactDays` (unset: never again, so nobody is asked
 * twice by default); `maxShows` caps displays; `globalCooldownDays` spaces any two surveys,
 * counted from the last one shown.
 * @example frequencyMiss(survey, { shows: 1, answeredAt: now - 3 * 864e5 }, undefined, 0, now)
 * // ['answered', 259200000, 90]
 */
export function frequencyMiss(
  survey: Survey,
  history: SurveyHistory | undefined,
  lastAnyShownAt: number | undefined,
  globalCooldownDays: number,
  now: number,
): Reason | undefined {
  const f = survey.frequency ?? {}
  if (history) {
    const answered = history.answeredAt ?? 0
    const dismissed = history.dismissedAt ?? 0
    const last = Math.max(answered, dismissed)
    if (last && (f.recontactDays === undefined || now - last < f.recontactDays * DAY)) {
      return [answered >= dismissed ? 'answered' : 'dismissed', now - last, f.recontactDays]
    }
    if (f.maxShows !== undefined && history.shows >= f.maxShows) return ['maxShows', history.shows, f.maxShows]
  }
  if (lastAnyShownAt !== undefined && now - lastAnyShownAt < globalCooldownDays * DAY) {
    return ['cooldown', now - lastAnyShownAt, globalCooldownDays]
  }
}
