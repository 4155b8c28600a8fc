import { scheduleMiss } from './rules/schedule.js'
import type { Survey } from './types.js'

/**
 * Where a survey is in its life: `live` (served and shown), `paused` or `draft` (by its status),
 * `scheduled` (before `startsAt`), `ended` (from `endsAt` on), `full` (`maxResponses` answers stored).
 */
export type SurveyState = 'live' | 'paused' | 'draft' | 'scheduled' | 'ended' | 'full'

/**
 * A survey's state at `now` (epoch ms), given how many answers are stored for it. Only a `live`
 * survey is served by a collector.
 * @example surveyState({ ...survey, maxResponses: 100 }, Date.now(), 100) // 'full'
 */
export function surveyState(s: Survey, now: number, answers = 0): SurveyState {
  const miss = scheduleMiss(s, now)
  if (miss) return miss[0] === 'status' ? (miss[1] as 'paused' | 'draft') : miss[0] === 'starts' ? 'scheduled' : 'ended'
  return s.maxResponses !== undefined && answers >= s.maxResponses ? 'full' : 'live'
}
