// What a webhook and a delivery are, as the admin API and the dashboard see them. Types only
// (and one list), so that the dashboard, which runs in browsers, can import them.
import type { Stage, SurveyType } from '@touchpoint/core'
import type { Format, WebhookEvent } from './formats.js'

/** Which answers a webhook receives: every field narrows, all must hold. */
export interface WebhookFilter {
  survey?: string
  touchpoint?: string
  stage?: Stage
  type?: SurveyType
  /** Inclusive score range, on the scale of `type` (required with it): `[0, 6]` are NPS detractors. */
  scores?: [number, number]
  /**
   * CES only: the answers on this scale, 5 or 7 points (required with `scores`, which it reads:
   * a 4 is "agree", easy, on 5 points and "neutral" on 7). Filters made before it existed have
   * none, and read a CES range on both scales.
   */
  scale?: 5 | 7
  /** `true`: only answers with a comment; `false`: only answers without one. */
  withComment?: boolean
}

/** What `POST /v1/webhooks` takes (and `PATCH`, every field optional). */
export interface WebhookInput {
  url: string
  events: 'answer'[]
  filter: WebhookFilter
  format: Format
  enabled: boolean
}

/** A webhook as the admin API shows it: never with its secret. */
export interface Webhook {
  id: string
  url: string
  events: 'answer'[]
  filter: WebhookFilter
  format: Format
  enabled: boolean
  /** Why the collector turned it off (a 410 from the receiver), or `null`. */
  disabledReason: string | null
  createdAt: string
  updatedAt: string
  /** Deliveries waiting to be sent or retried. */
  pending: number
  /** Deliveries given up on, which wait for a retry from the dashboard or the API. */
  failed: number
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed'
export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['pending', 'delivered', 'failed']

/** One delivery of one answer to one webhook, as the admin API lists it. */
export interface Delivery {
  /** The `Touchpoint-Delivery` header: the same on every attempt. */
  id: string
  event: WebhookEvent
  responseId: string
  surveyId: string
  /** What the answer was, when it is still stored: enough to recognise it in a list. */
  answer: { type: string; score: number; touchpoint: string } | null
  status: DeliveryStatus
  attempts: number
  lastAttemptAt: string | null
  /** The receiver's HTTP status at the last attempt, or `null` when there was no answer. */
  lastStatus: number | null
  lastError: string | null
  /** When the worker tries again (pending deliveries only). */
  nextAttemptAt: string | null
  /**
   * A waiting delivery behind an earlier one of the same survey (answers go in order): the id of
   * the first of that line, which goes before it, whatever `nextAttemptAt` says. Otherwise `null`.
   */
  waitingFor: string | null
  createdAt: string
  finishedAt: string | null
}
