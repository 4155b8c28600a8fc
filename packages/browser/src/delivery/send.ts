import ky from 'ky'
import { PROTOCOL_VERSION } from '@touchpoint/core'
import type { Envelope, EventPayload, IngestResult, ResponsePayload } from '@touchpoint/core'
import type { Collector } from '../types.js'
import { outcomeOf } from './outcome.js'
import type { Outcome } from './outcome.js'
import { retryAfter } from './retry-after.js'

/** How an attempt went. */
export interface Sent {
  outcome: Outcome
  status?: number
  /** `HTTP 503`, `Failed to fetch`, `Request timed out…` */
  error?: string
  /** What `Retry-After` asked for, capped. */
  retryAfterMs?: number
  /** On a 2xx, the collector's reason for each answer or event id it rejected (`rejected`, `events.rejected`). */
  rejected?: Record<string, string>
}

/**
 * The request body for some records: the protocol's envelope, answers in `responses` and
 * events (which have a `kind`) in `events`, or what `transform` makes of it.
 */
export function bodyOf(collector: Collector, records: (ResponsePayload | EventPayload)[]): string {
  const responses: ResponsePayload[] = []
  const events: EventPayload[] = []
  for (const r of records) 'kind' in r ? events.push(r) : responses.push(r)
  // Without events the envelope is what collectors from before events know, key for key.
  const envelope: Envelope = { v: PROTOCOL_VERSION, sentAt: new Date().toISOString(), responses, ...(events.length ? { events } : {}) }
  const body = collector.transform ? collector.transform(envelope) : envelope
  // Arrays as arrays: Prototype.js (Magento 1 and other older sites) gives `Array.prototype` a
  // `toJSON` that makes each array a string in JSON, which no collector takes. The replacer
  // sees each value as it was before `toJSON`, in `this[k]`. fit.ts has the same three lines for
  // the visitor's attributes: it is in the UI chunk, this in the delivery chunk, and a module
  // shared by the two would be a third file to fetch.
  return typeof body === 'string'
    ? body
    : JSON.stringify(body, function (this: Record<string, unknown>, k: unknown, v) {
        return Array.isArray((k = this[k as string])) ? k : v
      })
}

/**
 * POSTs a body with ky. The queue owns retries (`retry: 0`); an HTTP error status is an
 * outcome, not an exception. The batch's answer ids go out as `Idempotency-Key`. `timeout`
 * covers the whole exchange, the answer's body included (a signal, not ky's own timeout,
 * which ends at the headers).
 */
export async function send(collector: Collector, body: string, ids: string[], timeout: number): Promise<Sent> {
  try {
    const res = await ky.post(collector.url, {
      body,
      headers: { 'Content-Type': 'application/json', ...collector.headers, 'Idempotency-Key': ids.join(',') },
      retry: 0,
      timeout: false,
      signal: AbortSignal.timeout(timeout),
      throwHttpErrors: false,
    })
    let rejected: Record<string, string> | undefined
    if (res.ok) {
      try {
        const result = (await res.json()) as IngestResult
        for (const r of [...result.rejected, ...(result.events?.rejected ?? [])]) (rejected ??= {})[r.id!] = String(r.reason)
      } catch {
        // No body, or not the reference collector's: every answer was taken.
      }
    } else void res.body?.cancel().catch(() => {})
    return {
      outcome: outcomeOf(res.status),
      status: res.status,
      error: res.ok ? undefined : `HTTP ${res.status}`,
      retryAfterMs: retryAfter(res.headers.get('Retry-After')),
      rejected,
    }
  } catch (e) {
    return { outcome: 'retry', error: (e as Error)?.message || String(e) }
  }
}
