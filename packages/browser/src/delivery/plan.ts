import type { QueueRecord } from '../types.js'

const DAY = 864e5

export interface Limits {
  /** Days a record may wait. */
  maxAgeDays: number
  /** Most records kept. */
  maxSize: number
}

/**
 * The longest wait there is, an hour: RETRY_AFTER_CAP_MS (backoff stops at 5 minutes), written
 * out, as importing it moves retry-after.ts ahead of ky in the chunk, which costs it 30 bytes.
 */
export const LONGEST_WAIT = 36e5

/** What one flush pass does with the queue. */
export interface Plan {
  /** Too old, oldest first. */
  expired: QueueRecord[]
  /** Beyond the size limit, oldest first. */
  full: QueueRecord[]
  /** Records to send now, oldest first. */
  due: QueueRecord[]
  /** When the next record becomes due, if any waits. */
  nextAt?: number
}

/**
 * Decides a flush pass from the queue's records: evicts what is past `maxAgeDays` or beyond
 * `maxSize` (oldest first), then picks the records whose backoff is over (all of them when
 * `force`, e.g. on `flush()` or coming back online). A record set to wait longer than any
 * backoff or `Retry-After` lasts was set by a clock that has gone back since: it is due now,
 * not in days or years.
 */
export function plan(records: QueueRecord[], now: number, limits: Limits, force = false): Plan {
  const sorted = [...records].sort((a, b) => a.firstQueuedAt - b.firstQueuedAt)
  const expired: QueueRecord[] = []
  const kept: QueueRecord[] = []
  for (const record of sorted) (now - record.firstQueuedAt > limits.maxAgeDays * DAY ? expired : kept).push(record)
  // A count below 0 (room to spare) removes nothing.
  const full = kept.splice(0, kept.length - limits.maxSize)
  const due = kept.filter((r) => force || r.nextAttemptAt <= now || r.nextAttemptAt > now + LONGEST_WAIT)
  const waiting = kept.filter((r) => !due.includes(r)).map((r) => r.nextAttemptAt)
  return { expired, full, due, nextAt: waiting.length ? Math.min(...waiting) : undefined }
}
