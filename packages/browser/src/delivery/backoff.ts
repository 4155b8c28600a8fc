/** Delay before the first retry, doubling with each failure. */
export const BACKOFF_BASE_MS = 1000
/** Longest delay between two retries. */
export const BACKOFF_CAP_MS = 5 * 60_000

/**
 * Full-jitter exponential backoff after `attempts` (1 or more) failures: a random delay between 0
 * and `min(cap, base × 2^(attempts − 1))`, so that many visitors whose sends failed together do
 * not retry together.
 * @example backoff(3) // somewhere in [0, 4000) ms
 */
export function backoff(attempts: number, random = Math.random()): number {
  return Math.floor(random * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempts - 1)))
}
