import type { EventPayload, ResponsePayload } from '@touchpoint/core'
import { fit } from './fit.js'
import { redactUrl } from './redact.js'
import type { InitOptions } from './types.js'

// Imported lazily: by show.ts while the prompt shows (in the script-tag build, this code rides
// in the UI chunk), and by the delivery chunk only for records queued unshaped (by an older SDK,
// or offline), through delivery/migrate.ts.

/**
 * What an answer or an event looks like when it leaves the page: paths redacted (unless `redactPaths:
 * false`), every field within the protocol's limits. Applied when it is queued, so
 * that the queue holds only what may be sent and neither the prompt's nor the delivery chunk
 * carries it.
 */
export const outgoing =
  (o: Pick<InitOptions, 'redactPaths'>) =>
  <P extends ResponsePayload | EventPayload>(p: P): P =>
    fit(p, o.redactPaths === false ? undefined : redactUrl)
