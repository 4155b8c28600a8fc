/** Net Promoter Score of a set of answers. */
export interface NpsResult {
  /** %promoters − %detractors, −100..100; `null` with no answers. */
  score: number | null
  promoters: number
  passives: number
  detractors: number
  n: number
}

/**
 * NPS of 0–10 scores: promoters 9–10, passives 7–8, detractors 0–6.
 * @example nps([10, 9, 7, 3]).score // 25
 */
export function nps(scores: readonly number[]): NpsResult {
  let promoters = 0
  let passives = 0
  let detractors = 0
  for (const s of scores) {
    if (s >= 9) promoters++
    else if (s >= 7) passives++
    else detractors++
  }
  const n = scores.length
  return { score: n ? ((promoters - detractors) * 100) / n : null, promoters, passives, detractors, n }
}
