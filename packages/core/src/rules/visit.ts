/** Where the visitor is in their visits. */
export interface VisitState {
  /** 1 for the first visit. */
  count: number
  /** Epoch ms of the last page view or tracked event. */
  lastActivityAt: number
}

/** A visit ends after this much inactivity (the common analytics definition). */
export const VISIT_TIMEOUT_MS = 30 * 60 * 1000

/** The visit state after activity at `now`: a new visit when the last activity is older than the timeout. */
export function nextVisit(prev: VisitState | undefined, now: number): VisitState {
  const count = !prev ? 1 : now - prev.lastActivityAt > VISIT_TIMEOUT_MS ? prev.count + 1 : prev.count
  return { count, lastActivityAt: now }
}
