import { highFrom } from '../bucket.js'

/** Customer effort of a set of agreement answers ("It was easy to …"). */
export interface CesResult {
  /** Mean agreement; higher is less effort. `null` with no answers. */
  mean: number | null
  /** % of answers that agree: 5–7 on the 7-point scale, 4–5 on the 5-point scale. */
  easy: number | null
  n: number
}

/**
 * CES of agreement scores on a 7-point (default) or 5-point scale.
 * @example ces([7, 5, 4, 1]) // { mean: 4.25, easy: 50, n: 4 }
 */
export function ces(scores: readonly number[], points: 5 | 7 = 7): CesResult {
  const from = highFrom('ces', { min: 1, max: points })
  const n = scores.length
  let easy = 0
  let sum = 0
  for (const s of scores) {
    if (s >= from) easy++
    sum += s
  }
  return { mean: n ? sum / n : null, easy: n ? (easy * 100) / n : null, n }
}
