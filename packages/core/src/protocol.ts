import type { Scale } from './scale.js'
import type { Device, Stage, SurveyType } from './types.js'

/** Version of the envelope below; a collector rejects envelopes it does not know. */
export const PROTOCOL_VERSION = 1

/** One answer, as it travels to the collector (DESIGN §6). */
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
  page: { url: string; path: string; referrer?: string }
  visitor: { anonymousId: string; userId?: string; attributes?: Record<string, unknown> }
  device: Device
}

/** The body of one `POST` to a collector. */
export interface Envelope {
  v: typeof PROTOCOL_VERSION
  sentAt: string
  responses: ResponsePayload[]
}

/** What the reference collector answers to an accepted envelope. */
export interface IngestResult {
  accepted: number
  duplicates: number
  rejected: { id: string | null; reason: string }[]
}
