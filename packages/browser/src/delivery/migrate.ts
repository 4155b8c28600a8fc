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

/** Version 2: as version 3, but the payload was trimmed and redacted only when sent. */
type RecordV2 = Omit<QueueRecord, 'v'> & { v: 2 }

/** Whether a stored record was written by an older SDK, whose answers still need `outgoing`. */
export const isOld = (stored: unknown): boolean => (stored as { v: number } | undefined)?.v! < RECORD_VERSION

/**
 * A stored record in the current format. Older versions are upgraded, never dropped, their
 * payload passed through `outgoing` (trimmed and redacted, which they were not when made); a
 * record this SDK does not understand (written by a newer one) comes back `undefined` and is
 * left as it is.
 */
export function migrate(stored: unknown, outgoing: (p: ResponsePayload) => ResponsePayload): QueueRecord | undefined {
  const r = stored as QueueRecord | RecordV2 | RecordV1 | undefined
  if (r?.v === RECORD_VERSION) return r
  if (r?.v === 2) return { ...r, v: RECORD_VERSION, payload: outgoing(r.payload) }
  if (r?.v === 1) return { v: RECORD_VERSION, id: r.id, payload: outgoing(r.payload), attempts: 0, nextAttemptAt: 0, firstQueuedAt: r.queuedAt }
}
