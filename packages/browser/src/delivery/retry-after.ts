/** A server may ask for a pause; it is honoured up to this long. */
export const RETRY_AFTER_CAP_MS = 60 * 60_000

/**
 * Milliseconds a `Retry-After` header asks to wait: delay-seconds (`120`) or an HTTP date
 * (`Wed, 21 Oct 2026 07:28:00 GMT`), capped; `undefined` when absent or unreadable.
 * @example retryAfter('120') // 120000
 */
export function retryAfter(header: string | null | undefined, now = Date.now()): number | undefined {
  if (!header) return
  const ms = /^\s*\d+\s*$/.test(header) ? Number(header) * 1000 : Date.parse(header) - now
  if (Number.isNaN(ms)) return
  return Math.min(RETRY_AFTER_CAP_MS, Math.max(0, ms))
}
