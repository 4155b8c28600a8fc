/** A per-client budget that refills at a steady rate, from `tokenBuckets`. */
export interface TokenBuckets {
  /** 0 when `client` may go ahead, else the whole seconds until it may (its bucket is empty or in debt). */
  wait(client: string): number
  /**
   * Takes `n` from `client`'s bucket, down below zero if need be: a large batch is let through
   * whole when the client had anything left, and the debt then keeps it waiting until it is
   * repaid, so that the rate holds on average whatever the batch sizes.
   */
  take(client: string, n: number): void
}

/**
 * A token bucket per client: `perMinute` units a minute (requests, answers, bytes), in bursts
 * of as many. Buckets of clients that went quiet are dropped, so memory stays bounded by the
 * active clients. `perMinute` 0 never limits.
 */
export function tokenBuckets(perMinute: number, now = () => Date.now()): TokenBuckets {
  const buckets = new Map<string, { tokens: number; at: number }>()
  const rate = perMinute / 60_000
  let sweptAt = now()
  const bucket = (client: string) => {
    const t = now()
    if (t - sweptAt > 60_000) {
      for (const [k, b] of buckets) if (b.tokens + (t - b.at) * rate >= perMinute) buckets.delete(k)
      sweptAt = t
    }
    const b = buckets.get(client) ?? { tokens: perMinute, at: t }
    b.tokens = Math.min(perMinute, b.tokens + (t - b.at) * rate)
    b.at = t
    buckets.set(client, b)
    return b
  }
  return {
    wait(client) {
      if (!perMinute) return 0
      const b = bucket(client)
      return b.tokens >= 1 ? 0 : Math.ceil((1 - b.tokens) / rate / 1000)
    },
    take(client, n) {
      if (perMinute) bucket(client).tokens -= n
    },
  }
}

/**
 * A token bucket per client: `perMinute` requests a minute, in bursts of as many. Returns a
 * function that takes a client key and answers 0 (go ahead, and one request is counted) or the
 * seconds to wait. `perMinute` 0 never limits.
 */
export function rateLimiter(perMinute: number, now = () => Date.now()) {
  const buckets = tokenBuckets(perMinute, now)
  return (client: string): number => {
    const wait = buckets.wait(client)
    if (!wait) buckets.take(client, 1)
    return wait
  }
}
