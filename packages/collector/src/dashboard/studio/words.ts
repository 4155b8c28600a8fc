// A config's parts in plain words, as the studio's list, publish diff and history say them.
// Code-like values (event names, selectors, paths) are set in `backticks`, which the studio
// shows as code.
import type { Survey, SurveyState, Text, Trigger } from '@touchpoint/core'
import { describeConditions } from './conditions.js'
import { describeUrl } from './url-rules.js'

const ORDINAL = ['th', 'st', 'nd', 'rd']
/** `1st`, `2nd`, `11th`, `23rd`. */
export const ordinal = (n: number) => `${n}${(n % 100 >= 11 && n % 100 <= 13) || n % 10 > 3 ? 'th' : ORDINAL[n % 10]}`

/** The trigger kinds in plain words, for menus. */
export const TRIGGER_WORDS: Record<Trigger['on'], string> = {
  pageview: 'Page view',
  event: 'Event from your code (track)',
  click: 'Click on an element',
  exit_intent: 'About to leave (desktop)',
  scroll: 'Scrolled down the page',
  dwell: 'Time on the page',
  idle: 'Idle on the page',
  visit: 'Number of visits',
}

/** A trigger in plain words: `event \`checkout_completed\` where resolved is true, the 2nd time`. */
export function describeTrigger(t: Trigger): string {
  const delay = t.delaySeconds ? `, after ${t.delaySeconds} s` : ''
  switch (t.on) {
    case 'pageview':
      return `${t.url === undefined ? 'page view of any page' : `page view where the address ${describeUrl(t.url)}`}${delay}`
    case 'event': {
      const where = t.where && Object.keys(t.where).length ? ` where ${describeConditions(t.where)}` : ''
      return `event \`${t.event}\`${where}${t.count && t.count > 1 ? `, the ${ordinal(t.count)} time` : ''}${delay}`
    }
    case 'click':
      return `click on \`${t.selector}\`${delay}`
    case 'exit_intent':
      return `about to leave${delay}`
    case 'scroll':
      return `scrolled to ${t.percent}%${delay}`
    case 'dwell':
      return `${t.seconds} s on the page${delay}`
    case 'idle':
      return `${t.seconds} s idle${delay}`
    case 'visit':
      return `${ordinal(t.count)} visit${delay}`
    default:
      return JSON.stringify(t)
  }
}

/** A survey's type in words: `NPS`, `CSAT (stars)`, `CES (5 points)`. */
export function describeType(s: Pick<Survey, 'type' | 'scale' | 'style'>): string {
  const name = String(s.type).toUpperCase()
  if (s.type === 'ces') return s.scale === 5 ? `${name} (5 points)` : name
  if (s.type === 'csat') return s.style && s.style !== 'numbers' ? `${name} (${s.style})` : name
  return name
}

/** A text in one line: `"How likely…"`, or per language `en "…", it "…"`. */
export function describeText(t: Text | boolean | undefined): string {
  if (t === undefined || t === false) return 'none'
  if (t === true) return 'the built-in one'
  if (typeof t === 'string') return `"${t}"`
  return Object.entries(t)
    .map(([k, v]) => `${k || 'any'} "${v}"`)
    .join(', ')
}

/** An instant as the studio shows it everywhere: `2026-12-01 09:00 UTC` (the same for every viewer). */
export function formatInstant(iso: string): string {
  const ms = Date.parse(iso)
  return Number.isNaN(ms) ? iso : `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

/** A survey state in words, for its badge. */
export const STATE_WORDS: Record<SurveyState, string> = {
  live: 'Live',
  paused: 'Paused',
  draft: 'Draft',
  scheduled: 'Scheduled',
  ended: 'Ended',
  full: 'Cap reached',
}
