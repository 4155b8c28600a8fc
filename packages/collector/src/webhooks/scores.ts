// The rule for a filter's score range, shared by the admin API (which refuses a range that
// breaks it) and the dashboard's form (which says so before sending). No Node imports: the
// dashboard runs in browsers.
import { scaleOf } from '@touchpoint/core'
import type { SurveyType } from '@touchpoint/core'

/** The scale a filter's scores are read on: CES may run on 5 or 7 points, its range is the wider one. */
export const filterScale = (type: SurveyType) => scaleOf(type, 7)

/** Whether `scores` is a range the collector takes for `type`: two whole numbers, min ≤ max, both on the type's scale. */
export function scoresFit(type: SurveyType, scores: unknown): scores is [number, number] {
  const scale = filterScale(type)
  return Array.isArray(scores) && scores.length === 2 && scores.every((n) => Number.isInteger(n)) && scores[0] <= scores[1] && scores[0] >= scale.min && scores[1] <= scale.max
}
