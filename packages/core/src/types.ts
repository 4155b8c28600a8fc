/** The three prompt kinds Touchpoint knows. */
export type SurveyType = 'nps' | 'csat' | 'ces'

/** Journey stages a survey can be filed under. */
export type Stage = 'awareness' | 'consideration' | 'purchase' | 'retention' | 'advocacy'

/** Device classes used by audience rules and sent with each response. */
export type Device = 'mobile' | 'tablet' | 'desktop'

/** A text shown to the visitor: one string, or one string per locale (`{ "en": "…", "it": "…" }`). */
export type Text = string | Record<string, string>

/**
 * A URL rule. Every key present must hold (AND); a list of rules matches when any of them does (OR).
 * Each test runs against the path and against the full URL; `not` negates a nested rule.
 */
export interface UrlRule {
  equals?: string
  contains?: string
  startsWith?: string
  endsWith?: string
  /** A regular expression source, e.g. `"^/products/\\d+$"`. */
  matches?: string
  not?: UrlRule | UrlRule[]
}

/** A rule or a list of rules (any of them). */
export type UrlRules = UrlRule | UrlRule[]

/** A scalar a condition compares against. */
export type Scalar = string | number | boolean

/**
 * A condition on one attribute or event property: a scalar (equals), a list (one of),
 * or an operator object. All operators present must hold.
 */
export type Condition =
  | Scalar
  | Scalar[]
  | {
      equals?: Scalar
      oneOf?: Scalar[]
      exists?: boolean
      gt?: number
      gte?: number
      lt?: number
      lte?: number
    }

interface TriggerBase {
  /** Wait this long after the trigger fires; cancelled if the page changes or the audience stops matching. */
  delaySeconds?: number
}

export interface PageviewTrigger extends TriggerBase {
  on: 'pageview'
  url?: UrlRules
}
export interface EventTrigger extends TriggerBase {
  on: 'event'
  event: string
  where?: Record<string, Condition>
  /** Fire on the Nth matching occurrence (counted across page loads). Default 1. */
  count?: number
}
export interface ClickTrigger extends TriggerBase {
  on: 'click'
  selector: string
}
export interface ExitIntentTrigger extends TriggerBase {
  on: 'exit_intent'
}
export interface ScrollTrigger extends TriggerBase {
  on: 'scroll'
  percent: number
}
export interface DwellTrigger extends TriggerBase {
  on: 'dwell'
  seconds: number
}
export interface IdleTrigger extends TriggerBase {
  on: 'idle'
  seconds: number
}
export interface VisitTrigger extends TriggerBase {
  on: 'visit'
  count: number
}

export type Trigger =
  | PageviewTrigger
  | EventTrigger
  | ClickTrigger
  | ExitIntentTrigger
  | ScrollTrigger
  | DwellTrigger
  | IdleTrigger
  | VisitTrigger

export type TriggerKind = Trigger['on']

export interface Audience {
  url?: UrlRules
  device?: Device[]
  /** Locale prefixes: `"it"` matches `it-IT` and `it-CH`; `"pt-BR"` only `pt-BR`. */
  locale?: string[]
  attributes?: Record<string, Condition>
  /** Share of visitors in the audience, 0..1, decided once per visitor and survey. */
  sampleRate?: number
}

export interface Frequency {
  /** Days before a survey answered or dismissed may show again. Unset: never again. */
  recontactDays?: number
  /** Most displays of this survey to one visitor. */
  maxShows?: number
}

/** CSAT look: numbers, stars or emoji faces. */
export type CsatStyle = 'numbers' | 'stars' | 'emoji'

/** Whether a survey runs: `live` (the default), `paused` (stopped for now), `draft` (not started yet). */
export type SurveyStatus = 'live' | 'paused' | 'draft'

export interface Survey {
  id: string
  type: SurveyType
  /** Where in the journey the survey asks, e.g. `"checkout"`. Defaults to the survey id. */
  touchpoint?: string
  stage?: Stage
  question?: Text
  /** `true` for the built-in follow-up question, a text for your own, `false`/unset for none. */
  followUp?: boolean | Text
  /** CES only: 7 (default) or 5 points. */
  scale?: 5 | 7
  /** CSAT only. Default `numbers`. */
  style?: CsatStyle
  /** Labels under the two ends of the scale. */
  labels?: { min?: Text; max?: Text }
  triggers: Trigger[]
  audience?: Audience
  frequency?: Frequency
  /** Default `live`. A paused or draft survey never shows, and collectors leave it out of what they serve. */
  status?: SurveyStatus
  /** ISO 8601 date-time with a zone (`2026-12-01T09:00:00Z`): the survey shows from this instant on. */
  startsAt?: string
  /** ISO 8601 date-time with a zone: the survey stops showing at this instant. */
  endsAt?: string
  /** Stop once this many answers are stored (decided by the collector that serves the config). */
  maxResponses?: number
  /**
   * Names of the values that travel with each answer as its `context` (at most 20, each 1–64
   * letters, digits or `_ . : -`): taken from the properties of the `track()` call that showed
   * the survey, then from the visitor's `identify` attributes, or from `show()`. Nothing else is sent.
   * @example ["orderId", "plan"]
   */
  context?: string[]
}

export interface SurveyConfig {
  surveys: Survey[]
  /** Days between any two surveys shown to one visitor. Default 0. */
  globalCooldownDays?: number
}
