import type { EventPayload, ResponsePayload } from '@touchpoint/core'
import { RECORD_VERSION } from '../types.js'
import type { QueueRecord } from '../types.js'

type Payload = ResponsePayload | EventPayload

/** Version 1, written by Touchpoint 0.1 before the queue kept attempts. */
interface RecordV1 {
  v: 1
  id: string
  payload: ResponsePayload
  queuedAt: number
}

/** Whether a stored record is not trimmed yet (an older SDK's, or queued while the trimming code could not load): it needs `outgoing`. */
export const isOld = (stored: unknown): boolean => (stored as { v: number } | undefined)?.v! < RECORD_VERSION

/**
 * A stored record in the current format. Older versions are upgraded, never dropped, their
 * payload passed through `outgoing` (trimmed and redacted, which they were not when made); a
 * record this SDK does not understand (written by a newer one) comes back `undefined` and is
 * left as it is.
 */
export function migrate(stored: unknown, outgoing: <P extends Payload>(p: P) => P): QueueRecord | undefined {
  const r = stored as QueueRecord | RecordV1 | undefined
  if (r?.v === RECORD_VERSION) return r
  if (r?.v === 2 || r?.v === 3) return { ...r, v: RECORD_VERSION, payload: outgoing(r.payload) } as QueueRecord
  if (r?.v === 1) return { v: RECORD_VERSION, id: r.id, payload: outgoing(r.payload), attempts: 0, nextAttemptAt: 0, firstQueuedAt: r.queuedAt }
}
