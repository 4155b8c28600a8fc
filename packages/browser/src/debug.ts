// The words of debug mode, and of a command called wrongly, in a lazy chunk: the runtime logs
// decisions and misuses as data, and loads this only when `debug: true` or `?touchpoint_debug=1`
// asks for them, or when a command is called wrongly (a wrong argument, a survey, event or
// command that does not exist).
import { explain as explainReason } from '@touchpoint/core'
import type { Reason, Trigger } from '@touchpoint/core'

/** Reasons only the runtime knows, beside the rule reasons of core. */
export type RuntimeReason = readonly ['consent' | 'denied' | 'busy' | 'tab' | 'moved']

/** A logged decision. */
export type Entry =
  | readonly ['armed', Trigger[]]
  | readonly ['skip', Reason | RuntimeReason]
  | readonly ['delay', Trigger]
  | readonly ['shown', trigger: string]
  | readonly ['preview', payload: unknown]
  | readonly ['cached', why: string]
  | readonly ['memory']
  | readonly ['sent', ids: number, status: number]
  | readonly ['retry', ids: number, error: string, inMs: number]

const RUNTIME: Record<RuntimeReason[0], string> = {
  consent: 'waiting for consent',
  denied: 'consent was denied',
  busy: 'another survey is on screen',
  tab: 'another tab is showing a survey',
  moved: 'the page changed during delaySeconds',
}

const describe = (t: Trigger) =>
  t.on === 'pageview' && t.url ? `pageview ${JSON.stringify(t.url)}`
  : t.on === 'event' ? `event ${t.event}${t.where ? ` where ${JSON.stringify(t.where)}` : ''}${t.count ? ` ×${t.count}` : ''}`
  : t.on === 'click' ? `click ${t.selector}`
  : t.on === 'scroll' ? `scroll ${t.percent}%`
  : t.on === 'dwell' || t.on === 'idle' ? `${t.on} ${t.seconds}s`
  : t.on === 'visit' ? `visit ${t.count}`
  : t.on

/** Writes a decision about `surveyId` to the console, in words (debug mode). */
export const say = (surveyId: string, e: Entry) => console.info('[touchpoint]', `${surveyId}: ${explain(e)}`)

/**
 * A logged decision in words.
 * @example explain(['skip', ['answered', 3 * 864e5, 90]]) // 'not shown — answered 3 days ago, recontactDays 90'
 */
export function explain(e: Entry): string {
  switch (e[0]) {
    case 'armed':
      return `waiting for ${e[1].map((t) => describe(t) + (t.delaySeconds ? ` (+${t.delaySeconds}s)` : '')).join(' or ')}`
    case 'skip':
      return `not shown — ${e[1][0] in RUNTIME ? RUNTIME[e[1][0] as RuntimeReason[0]] : explainReason(e[1] as Reason)}`
    case 'delay':
      return `${describe(e[1])} fired; showing in ${e[1].delaySeconds}s unless the page changes or the audience stops matching`
    case 'shown':
      return `shown (${e[1]})`
    case 'preview':
      return `preview answer, not stored and not sent: ${JSON.stringify(e[1])}`
    case 'cached':
      return `could not be fetched (${e[1]}); using the copy saved on this device`
    case 'memory':
      return 'IndexedDB is unavailable here: answers are kept in memory and sent from this page only'
    case 'sent':
      return `${e[1]} record(s) delivered (HTTP ${e[2]})`
    case 'retry':
      return `${e[1]} record(s) not delivered (${e[2]}); next try in ${Math.round(e[3] / 1000)}s`
  }
}

/** A command called wrongly, as facts. */
export type Misuse =
  | readonly ['track' | 'identify' | 'consent', got: unknown]
  | readonly ['show' | 'touchpoint_preview', id: unknown, surveys: readonly { id: string }[]]
  | readonly ['on', event: unknown, events: string[]]
  | readonly ['command', name: unknown, commands: string[]]
  | readonly ['again']

/**
 * A value a command was given, for a message: a scalar as it is (a string quoted and cut at 40
 * characters), an object, a function or a symbol by its kind only. Its content may be personal
 * data (an `identify` given the user object, `show` given a URL), and need not be JSON at all
 * (an event object with cycles). Never throws: a revoked Proxy cannot even be asked its kind.
 */
function shown(v: unknown): string {
  try {
    return typeof v === 'string'
      ? JSON.stringify(v.slice(0, 40))
      : typeof v === 'function'
        ? 'a function'
        : typeof v === 'symbol'
          ? 'a symbol'
          : Array.isArray(v)
            ? 'an array'
            : v && typeof v === 'object'
              ? 'an object'
              : String(v)
  } catch {
    return 'a value that cannot be read'
  }
}

/** What a command was given instead, for a message: `(got an object)`. */
const got = (v: unknown) => `(got ${shown(v)})`

/** The console message of a misuse. */
export function misused(m: Misuse): string {
  switch (m[0]) {
    case 'track':
      return `track: name must be a non-empty string ${got(m[1])}`
    case 'identify':
      return `identify: userId must be a string or null ${got(m[1])}`
    case 'consent':
      return `consent: must be "granted" or "denied" ${got(m[1])}`
    case 'show':
    case 'touchpoint_preview':
      return typeof m[1] == 'string'
        ? `${m[0]}: no survey ${shown(m[1])} (surveys: ${m[2].map((s) => s.id).join(', ') || 'none'})`
        : `${m[0]}: the survey id must be a string ${got(m[1])}`
    case 'on':
      return typeof m[1] == 'string' ? `on: unknown event ${shown(m[1])} (events: ${m[2].join(', ')})` : `on: the event name must be a string ${got(m[1])}`
    case 'command':
      return typeof m[1] == 'string'
        ? `unknown command ${shown(m[1])} (commands: ${m[2].join(', ')})`
        : `the command name must be a string ${got(m[1])} (commands: ${m[2].join(', ')})`
    case 'again':
      return 'init was called again; the second call is ignored'
  }
}
