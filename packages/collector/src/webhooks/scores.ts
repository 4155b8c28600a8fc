// The rule for a filter's score range, shared by the admin API (which refuses a range that
// breaks it) and the dashboard's form (which says so before sending). No Node imports: the
// dashboard runs in browsers.
import { scaleOf } from '@touchpoint/core'
import type { SurveyType } from '@touchpoint/core'

/**
 * The scale a filter's scores are read on: the type's, for CES the one `points` names (a filter
 * made before CES filters named one reads its range on both, so the wider is its bound).
 */
export const filterScale = (type: SurveyType, points?: number) => scaleOf(type, points ?? 7)

/** Whether `scores` is a range the collector takes for `type`: two whole numbers, min ≤ max, both on the type's scale. */
export function scoresFit(type: SurveyType, scores: unknown, points?: number): scores is [number, number] {
  const scale = filterScale(type, points)
  return Array.isArray(scores) && scores.length === 2 && scores.every((n) => Number.isInteger(n)) && scores[0] <= scores[1] && scores[0] >= scale.min && scores[1] <= scale.max
}
