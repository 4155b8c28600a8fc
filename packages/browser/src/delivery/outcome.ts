/** What to do with a batch after an attempt. */
export type Outcome = 'delivered' | 'retry' | 'drop'

/**
 * The status policy: 2xx delivered; 408, 429, 5xx retried; any other 4xx dropped (the
 * collector refuses the batch, and sending it again would not change that). Anything else
 * (no status: a network error or a timeout) is retried.
 */
export function outcomeOf(status: number | undefined): Outcome {
  // `undefined` compares false with any number: no status is neither a 2xx nor a 4xx.
  if (status! >= 200 && status! < 300) return 'delivered'
  if (status! >= 400 && status! < 500 && status !== 408 && status !== 429) return 'drop'
  return 'retry'
}
