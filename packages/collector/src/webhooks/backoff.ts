/** How long the worker keeps trying a delivery, from when its answer was stored. */
export const GIVE_UP_MS = 24 * 3600e3
/** The first retry waits about this long; each next one twice as long… */
export const FIRST_RETRY_MS = 5000
/** …up to this. */
export const MAX_RETRY_MS = 3600e3

/**
 * How long to wait before attempt `attempts + 1`, after `attempts` failed ones: exponential
 * (5 s, 10 s, 20 s … capped at an hour), with half of it random ("equal jitter"), so that
 * deliveries that failed together, when a receiver went down, do not all come back at once.
 * `random` is in [0, 1).
 */
export function retryDelay(attempts: number, random: number): number {
  const ceiling = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1))
  return ceiling / 2 + (random * ceiling) / 2
}

/**
 * What becomes of a delivery whose attempt failed at `now`: the time of its next attempt, or
 * `undefined` when it has been tried for 24 hours and fails for good. The last retry is made
 * at the 24-hour mark rather than skipped when the backoff would overshoot it.
 */
export function nextAttempt(createdAt: number, attempts: number, now: number, random: number): number | undefined {
  const deadline = createdAt + GIVE_UP_MS
  if (now >= deadline) return
  return Math.min(now + retryDelay(attempts, random), deadline)
}
