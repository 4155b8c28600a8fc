/**
 * A stable number in [0, 1) for a visitor and a survey: FNV-1a over `visitor:survey`. The same
 * visitor stays in or out of a sample across page loads without storing the draw.
 */
export function sampleValue(visitorId: string, surveyId: string): number {
  let h = 0x811c9dc5
  for (const ch of `${visitorId}:${surveyId}`) {
    h ^= ch.charCodeAt(0)
    h = Math.imul(h, 0x01000193)
  }
  return (h >>> 0) / 2 ** 32
}

/** Whether a visitor falls inside a survey's `sampleRate` (0..1). */
export function inSample(visitorId: string, surveyId: string, rate: number): boolean {
  return sampleValue(visitorId, surveyId) < rate
}
