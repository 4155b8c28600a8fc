import { bucketOf } from '@touchpoint/core'
import type { Scale, SurveyType } from '@touchpoint/core'

/** The metrics of one type on one scale (docs/metrics.md). */
export type Summary = { n: number } & (
  | { type: 'nps'; score: number; promoters: number; passives: number; detractors: number }
  | { type: 'csat'; score: number; mean: number }
  | { type: 'ces'; mean: number; easy: number }
)

/**
 * `numerator / denominator` rounded to 2 decimals, halves away from zero. Exact for the whole
 * numbers it gets: the quotient of two integers is never close enough to a half to round the
 * wrong way, which `Math.round(x * 100) / 100` on an already divided `x` cannot promise.
 */
export function round2(numerator: number, denominator: number): number {
  return (Math.sign(numerator) * Math.round((Math.abs(numerator) * 100) / denominator)) / 100
}

/**
 * NPS, CSAT or CES of a distribution (`counts[i]` answers scored `scale.min + i`), as
 * docs/metrics.md defines them: NPS `score` = %promoters (9–10) − %detractors (0–6); CSAT
 * `score` = % of 4–5, with the `mean`; CES `mean`, with `easy` = % of 5–7 (4–5 on the 5-point
 * scale). Buckets come from core's `bucketOf`, so that the SDK, the docs and the collector
 * agree. `counts` must not be all 0.
 */
export function summarize(type: SurveyType, scale: Scale, counts: readonly number[]): Summary {
  let n = 0
  let sum = 0
  const buckets = { detractor: 0, passive: 0, promoter: 0, low: 0, high: 0 }
  counts.forEach((c, i) => {
    const score = scale.min + i
    n += c
    sum += c * score
    buckets[bucketOf(type, score, scale)] += c
  })
  const pct = (k: number) => round2(k * 100, n)
  if (type === 'nps') {
    const { promoter, passive, detractor } = buckets
    return { type, n, score: round2((promoter - detractor) * 100, n), promoters: promoter, passives: passive, detractors: detractor }
  }
  if (type === 'csat') return { type, n, score: pct(buckets.high), mean: round2(sum, n) }
  return { type, n, mean: round2(sum, n), easy: pct(buckets.high) }
}
