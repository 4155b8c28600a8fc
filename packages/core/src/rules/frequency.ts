import type { Survey } from '../types.js'

/** What one visitor has seen of one survey; all times are epoch ms. */
export interface SurveyHistory {
  shows: number
  lastShownAt?: number
  answeredAt?: number
  dismissedAt?: number
}

const DAY = 864e5

function ago(ms: number): string {
  const days = Math.floor(ms / DAY)
  return days < 1 ? 'today' : days === 1 ? '1 day ago' : `${days} days ago`
}

/**
 * Why frequency rules keep a survey from showing now, or `undefined` when it may show.
 * Answered or dismissed: not again for `recontactDays` (unset: never again); `maxShows` caps
 * displays; `globalCooldownDays` spaces any two surveys, counted from the last one shown.
 * @example frequencyMiss(survey, { shows: 1, answeredAt: now - 3 * 864e5 }, undefined, 0, now)
 * // 'answered 3 days ago, recontactDays 90'
 */
export function frequencyMiss(
  survey: Survey,
  history: SurveyHistory | undefined,
  lastAnyShownAt: number | undefined,
  globalCooldownDays: number,
  now: number,
): string | undefined {
  const f = survey.frequency ?? {}
  if (history) {
    const answered = history.answeredAt ?? 0
    const dismissed = history.dismissedAt ?? 0
    const last = Math.max(answered, dismissed)
    if (last) {
      const what = `${answered >= dismissed ? 'answered' : 'dismissed'} ${ago(now - last)}`
      if (f.recontactDays === undefined) return `${what}; never asked again without frequency.recontactDays`
      if (now - last < f.recontactDays * DAY) return `${what}, recontactDays ${f.recontactDays}`
    }
    if (f.maxShows !== undefined && history.shows >= f.maxShows) return `shown ${history.shows} times, maxShows ${f.maxShows}`
  }
  if (lastAnyShownAt !== undefined && now - lastAnyShownAt < globalCooldownDays * DAY) {
    return `a survey was shown ${ago(now - lastAnyShownAt)}, globalCooldownDays ${globalCooldownDays}`
  }
}
