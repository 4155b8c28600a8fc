import type { EventPayload, ResponsePayload } from '@touchpoint/core'
import { outgoing } from '../outgoing.js'
import type { InitOptions, QueueRecord, RECORD_VERSION } from '../types.js'

// A chunk of its own (touchpoint-migrate-….js), loaded by the delivery chunk only when the
// queue holds records in an older format: pages whose queue is current never fetch it. In the
// script-tag build the trimming code it needs is in the UI chunk, which it fetches then. It
// imports nothing from the delivery chunk, which would then have to export it: the current
// version is written out, and the compiler checks that it is RECORD_VERSION.
const V: typeof RECORD_VERSION = 4

type Payload = ResponsePayload | EventPayload

/** Version 1, written by Touchpoint 0.1 before the queue kept attempts. */
interface RecordV1 {
  v: 1
  id: string
  payload: ResponsePayload
  queuedAt: number
}

/**
 * A stored record in the current format. Older versions are upgraded, never dropped, their
 * payload passed through `shape` (trimmed and redacted, which they were not when made); a
 * record this SDK does not understand (written by a newer one) comes back `undefined` and is
 * left as it is.
 */
export function migrate(stored: unknown, shape: <P extends Payload>(p: P) => P): QueueRecord | undefined {
  const r = stored as RecordV1 | { v: 2 | 3; payload: Payload } | QueueRecord | undefined
  if (r?.v === 2 || r?.v === 3) return { ...r, v: V, payload: shape(r.payload) } as QueueRecord
  if (r?.v === 1) return { v: V, id: r.id, payload: shape(r.payload), attempts: 0, nextAttemptAt: 0, firstQueuedAt: r.queuedAt }
  if (r?.v === V) return r
}

/** `migrate` with the page's trimming and redaction options. */
export const upgrade = (o: Pick<InitOptions, 'redactPaths'>) => (stored: unknown) => migrate(stored, outgoing(o))
