import type { Scale } from './scale.js'
import type { Device, Stage, SurveyType } from './types.js'
import type { EVENT_KINDS } from './vocabulary.js'

/** Version of the envelope below; a collector rejects envelopes it does not know. */
export const PROTOCOL_VERSION = 1

/** The page an answer or an event was made on. */
export interface PagePayload {
  url: string
  path: string
  referrer?: string
}

/** Who answered, or was asked. */
export interface VisitorPayload {
  anonymousId: string
  userId?: string
  attributes?: Record<string, unknown>
}

/**
 * What an answer says about the moment it was given: values of the keys its survey lists in
 * `context` (`{ "orderId": "A-1", "plan": "pro" }`), taken from the `track()` call that showed
 * it, the visitor's `identify` attributes, or `show()`. At most `RESPONSE_LIMITS.contextKeys`
 * keys, strings of at most `RESPONSE_LIMITS.contextValue` characters.
 */
export type Context = Record<string, string | number | boolean>

/** One answer, as it travels to the collector. */
export interface ResponsePayload {
  /** UUID; the idempotency key a collector dedupes on. */
  id: string
  surveyId: string
  type: SurveyType
  scale: Scale
  score: number
  comment?: string
  touchpoint: string
  stage?: Stage
  /** ISO 8601 time of the answer. */
  answeredAt: string
  locale: string
  /** What showed the survey: `event:checkout_completed`, `pageview`, `show`, `preview`… */
  trigger: string
  page: PagePayload
  visitor: VisitorPayload
  device: Device
  /** Only the keys the survey lists in its `context`; left out when none has a value. */
  context?: Context
}

/** What happened to a prompt: it was shown, or closed without a score. */
export type EventKind = (typeof EVENT_KINDS)[number]

/**
 * A prompt shown or dismissed, as it travels to the collector beside the answers: what response
 * rates are computed from. It never holds a score or a comment.
 */
export interface EventPayload {
  /** UUID; the idempotency key, as for answers (an event and an answer never share one). */
  id: string
  kind: EventKind
  surveyId: string
  type: SurveyType
  touchpoint: string
  stage?: Stage
  /** ISO 8601 time with a zone of the display or the dismissal. */
  at: string
  /** What showed the survey, as on answers. */
  trigger?: string
  page?: PagePayload
  visitor?: VisitorPayload
  device?: Device
  locale?: string
}

/** The body of one `POST` to a collector. */
export interface Envelope {
  v: typeof PROTOCOL_VERSION
  sentAt: string
  /** May be empty when the batch holds only events. */
  responses: ResponsePayload[]
  /** Prompts shown and dismissed; absent when there are none (and from SDKs before events). */
  events?: EventPayload[]
}

/** How a collector took the records of one kind: stored now, stored before, refused with a reason. */
export interface IngestCounts {
  accepted: number
  duplicates: number
  rejected: { id: string | null; reason: string }[]
}

/** What the reference collector answers to an accepted envelope: the answers' counts, and the events'. */
export interface IngestResult extends IngestCounts {
  events?: IngestCounts
}
