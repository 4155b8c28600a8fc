/**
 * A token bucket per client: `perMinute` requests a minute, in bursts of as many. Returns a
 * function that takes a client key and answers 0 (go ahead) or the seconds to wait. Buckets of
 * clients that went quiet are dropped, so memory stays bounded by the active clients.
 */
export function rateLimiter(perMinute: number, now = () => Date.now()) {
  const buckets = new Map<string, { tokens: number; at: number }>()
  const rate = perMinute / 60_000
  let sweptAt = now()
  return (client: string): number => {
    if (!perMinute) return 0
    const t = now()
    if (t - sweptAt > 60_000) {
      for (const [k, b] of buckets) if (b.tokens + (t - b.at) * rate >= perMinute) buckets.delete(k)
      sweptAt = t
    }
    const b = buckets.get(client) ?? { tokens: perMinute, at: t }
    b.tokens = Math.min(perMinute, b.tokens + (t - b.at) * rate)
    b.at = t
    buckets.set(client, b)
    if (b.tokens >= 1) {
      b.tokens -= 1
      return 0
    }
    return Math.ceil((1 - b.tokens) / rate / 1000)
  }
}
