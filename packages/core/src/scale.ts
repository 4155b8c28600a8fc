import type { SurveyType } from './types.js'

/** The range of scores a response can take; it travels with each response. */
export interface Scale {
  min: number
  max: number
}

/**
 * The scale of a survey type: NPS 0–10, CSAT 1–5, CES 1–7 (or 1–5 with `points: 5`).
 * @example scaleOf('ces', 5) // { min: 1, max: 5 }
 */
export function scaleOf(type: SurveyType, points?: number): Scale {
  return type === 'nps' ? { min: 0, max: 10 } : { min: 1, max: type === 'ces' && points === 5 ? 5 : type === 'ces' ? 7 : 5 }
}
