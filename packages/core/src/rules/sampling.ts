import { fnv1a } from '../hash.js'

/**
 * A stable number in [0, 1) for a visitor and a survey: a hash of `visitor:survey`. The same
 * visitor stays in or out of a sample across page loads without storing the draw.
 */
export function sampleValue(visitorId: string, surveyId: string): number {
  return fnv1a(`${visitorId}:${surveyId}`) / 2 ** 32
}

/** Whether a visitor falls inside a survey's `sampleRate` (0..1). */
export function inSample(visitorId: string, surveyId: string, rate: number): boolean {
  return sampleValue(visitorId, surveyId) < rate
}
