import type { SurveyType } from './types.js'
import { scaleOf } from './scale.js'
import type { Scale } from './scale.js'

/** How a score reads: NPS detractor / passive / promoter; `low` / `high` for CSAT and CES. */
export type Bucket = 'detractor' | 'passive' | 'promoter' | 'low' | 'high'

/**
 * The bucket of a score: NPS 9–10 promoters, 7–8 passives, 0–6 detractors;
 * CSAT 4–5 high; CES 5–7 high on 7 points, 4–5 high on 5 points.
 */
export function bucketOf(type: SurveyType, score: number, scale: Scale = scaleOf(type)): Bucket {
  if (type === 'nps') return score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor'
  return score >= highFrom(type, scale) ? 'high' : 'low'
}

/** The lowest score that counts as satisfied (CSAT) or easy (CES). */
export function highFrom(type: SurveyType, scale: Scale): number {
  return type === 'ces' && scale.max === 7 ? 5 : 4
}
