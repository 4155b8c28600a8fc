import type { ResponsePayload } from '@touchpoint/core'
import { RECORD_VERSION } from '../types.js'
import type { QueueRecord } from '../types.js'

/** Version 1, written by Touchpoint 0.1 before the queue kept attempts. */
interface RecordV1 {
  v: 1
  id: string
  payload: ResponsePayload
  queuedAt: number
}

/**
 * A stored record in the current format. Older versions are upgraded, never dropped; a record
 * this SDK does not understand (written by a newer one) comes back `undefined` and is left as it is.
 */
export function migrate(stored: unknown): QueueRecord | undefined {
  const r = stored as QueueRecord | RecordV1 | undefined
  if (r?.v === RECORD_VERSION) return r
  if (r?.v === 1) return { v: RECORD_VERSION, id: r.id, payload: r.payload, attempts: 0, nextAttemptAt: 0, firstQueuedAt: r.queuedAt }
}
