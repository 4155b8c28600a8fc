/** What to do with a batch after an attempt. */
export type Outcome = 'delivered' | 'retry' | 'drop'

/**
 * The status policy: 2xx delivered; 408, 429, 5xx retried; any other 4xx dropped (the
 * collector refuses the batch, and sending it again would not change that). Anything else
 * (no status: a network error or a timeout) is retried.
 */
export function outcomeOf(status: number | undefined): Outcome {
  // The status's class: 2 for a 2xx, 4 for a 4xx; no status is class 0 (`undefined / 100` is NaN).
  const c = (status! / 100) | 0
  return c == 2 ? 'delivered' : c == 4 && status != 408 && status != 429 ? 'drop' : 'retry'
}
