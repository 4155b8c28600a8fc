/** Customer satisfaction of a set of 1–5 answers. */
export interface CsatResult {
  /** % of answers that are 4 or 5 (top-2-box); `null` with no answers. */
  score: number | null
  mean: number | null
  n: number
}

/**
 * CSAT of 1–5 scores: the share of 4s and 5s, with the mean beside it.
 * @example csat([5, 4, 3, 1]) // { score: 50, mean: 3.25, n: 4 }
 */
export function csat(scores: readonly number[]): CsatResult {
  const n = scores.length
  let top = 0
  let sum = 0
  for (const s of scores) {
    if (s >= 4) top++
    sum += s
  }
  return { score: n ? (top * 100) / n : null, mean: n ? sum / n : null, n }
}
