import type { ResponsePayload } from '@touchpoint/core'
import type { QueueRecord } from '../types.js'

/** Version 1, written by Touchpoint 0.1 before the queue kept attempts. */
interface RecordV1 {
  v: 1
  id: string
  payload: ResponsePayload
  queuedAt: number
}

/**
 * A stored record in a format this SDK sends: answers (version 2) and events (version 3) as
 * they are, older versions upgraded, never dropped. A record this SDK does not understand
 * (written by a newer one) comes back `undefined` and is left as it is.
 */
export function migrate(stored: unknown): QueueRecord | undefined {
  const r = stored as QueueRecord | RecordV1 | undefined
  if (r?.v === 2 || r?.v === 3) return r
  if (r?.v === 1) return { v: 2, id: r.id, payload: r.payload, attempts: 0, nextAttemptAt: 0, firstQueuedAt: r.queuedAt }
}
