import type { Envelope, EventPayload, ResponsePayload, Survey } from '@touchpoint/core'
import type { Appearance, Position } from '@touchpoint/widget'

/** Where answers go. A string is the URL of a collector that speaks the Touchpoint protocol. */
export type CollectorOption =
  | string
  | {
      url: string
      /** Sent with every `fetch` (not with beacons, which cannot carry headers). */
      headers?: Record<string, string>
      /** Reshapes each batch for an endpoint that expects another body; the result is sent as JSON (a string as is). */
      transform?: (batch: Envelope) => unknown
    }

/** A collector, resolved: absolute URL, headers, optional transform. */
export interface Collector {
  url: string
  headers: Record<string, string>
  transform?: (batch: Envelope) => unknown
}

/** Options of `init`. */
export interface InitOptions {
  collector: CollectorOption
  /** Surveys given inline; validated like a remote config. */
  surveys?: Survey[]
  /** URL of a survey config JSON, fetched once per page load and cached for offline use. */
  config?: string
  /** Who answers; the same as calling `identify` before any survey shows. */
  user?: { id?: string; attributes?: Record<string, unknown> }
  /** BCP 47 locale; default `<html lang>`, then the browser's languages. */
  locale?: string
  /** With `true`, nothing is stored or sent, and no survey shows, before `consent('granted')`. */
  requireConsent?: boolean
  /** Log every decision on the console (also `?touchpoint_debug=1`). */
  debug?: boolean
  theme?: 'light' | 'dark' | 'auto'
  appearance?: Appearance
  position?: Position
  /** CSS selector of the element an `inline` prompt renders into. */
  target?: string
  zIndex?: number
  /** Nonce for the `<style>` fallback on pages whose CSP needs one. */
  nonce?: string
  /** Days between any two surveys for one visitor; a remote config's own value wins. */
  globalCooldownDays?: number
  /** Answers per request. Default 20. */
  batchSize?: number
  /** Milliseconds a request may take before it counts as failed. Default 10000. */
  timeout?: number
  /** Days an answer may wait in the queue before it is dropped. Default 30. */
  maxQueueAge?: number
  /** Most answers the queue holds; the oldest are dropped beyond it. Default 500. */
  maxQueueSize?: number
  /** Send `page.url` and `page.referrer` with their query string and hash. Default `false`. */
  keepUrlQuery?: boolean
  /**
   * Replace path segments that look like an email, a token or a UUID with `:email`, `:token`
   * and `:id` in `page.path`, `page.url` and `page.referrer`. Default `true`; `false` sends paths as they are.
   */
  redactPaths?: boolean
  /**
   * Send a record when a prompt is shown and when it is dismissed without a score (no score, no
   * comment in it), so that a collector can count response rates. Default `true`.
   */
  events?: boolean
}

/** What each event hands its handlers. */
export interface EventMap {
  ready: { surveys: string[] }
  shown: { surveyId: string; trigger: string }
  answered: { surveyId: string; id: string; score: number; comment?: string }
  dismissed: { surveyId: string }
  queued: { id: string; surveyId: string }
  delivered: { ids: string[]; status: number }
  dropped: {
    ids: string[]
    /** `rejected` (by the collector), `expired` (maxQueueAge) or `queue full` (maxQueueSize). */
    reason: string
    status?: number
    /** When a collector took the batch (2xx) but rejected some of its answers: its reason for each. */
    reasons?: Record<string, string>
  }
  error: { error: unknown; message: string }
}

export type EventName = keyof EventMap

/**
 * The queue record format this SDK writes: answers and events, trimmed to the protocol's limits
 * and redacted when queued. Older formats are upgraded when read (delivery/migrate.ts, a chunk loaded only for them): 1
 * and 2 are answers, 3 is an event, none of them trimmed yet. An SDK from before this format
 * leaves its records alone, as it does any record from a newer version.
 */
export const RECORD_VERSION = 4

/** Whether a stored record is not trimmed yet (an older SDK's, or queued while the trimming code could not load): it needs upgrading. */
export const isOld = (stored: unknown): boolean => (stored as { v: number } | undefined)?.v! < RECORD_VERSION

/** A stored record if it is in the current format; `undefined` for any other (older, or a newer SDK's). */
export const current = (stored: unknown): QueueRecord | undefined =>
  (stored as QueueRecord | undefined)?.v === RECORD_VERSION ? (stored as QueueRecord) : undefined

interface RecordBase {
  /** The payload's id, also the record's key and the collector's idempotency key. */
  id: string
  /** Sends tried and failed so far. */
  attempts: number
  /** Epoch ms before which the record is not sent again (backoff); 0 when due. */
  nextAttemptAt: number
  /** Epoch ms when the record entered the queue. */
  firstQueuedAt: number
  /** Why the last attempt failed: `HTTP 503`, `Failed to fetch`, … */
  lastError?: string
}

/** One answer waiting in the queue: as it will be sent (version 4), or not yet trimmed (2). */
export interface AnswerRecord extends RecordBase {
  v: typeof RECORD_VERSION | 2
  payload: ResponsePayload
}

/** A prompt shown or dismissed, waiting in the queue: as it will be sent (version 4), or not yet trimmed (3). */
export interface EventRecord extends RecordBase {
  v: typeof RECORD_VERSION | 3
  payload: EventPayload
}

/** One record of the queue: an answer or an event, sent in the same batches. */
export type QueueRecord = AnswerRecord | EventRecord
