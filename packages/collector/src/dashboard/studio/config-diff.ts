import type { SurveyConfig } from '@touchpoint/core'
import { describeConditions } from './conditions.js'
import { describeUrl } from './url-rules.js'
import { describeText, describeTrigger, describeType, formatInstant } from './words.js'

/** What changed about one survey (or, without `survey`, about the config as a whole). */
export interface Change {
  survey?: string
  /** In plain words, each: `sampling 100% → 25%`. */
  changes: string[]
}

type Loose = Record<string, unknown>
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)
// To a ten-thousandth of a percent, as finely as the form takes a share: 25.04% is no 25%.
const percent = (rate: unknown) => (rate === undefined ? '100%' : typeof rate === 'number' ? `${Math.round(rate * 1e6) / 1e4}%` : JSON.stringify(rate))
const list = (v: unknown, none: string) => (Array.isArray(v) && v.length ? v.join(', ') : v === undefined ? none : JSON.stringify(v))
const days = (n: unknown, none: string) => (n === undefined ? none : `${n} ${n === 1 ? 'day' : 'days'}`)
const when = (t: unknown, none: string) => (typeof t === 'string' ? formatInstant(t) : t === undefined ? none : JSON.stringify(t))
const describe = (v: unknown): string => (v === undefined ? 'none' : typeof v === 'string' ? `"${v}"` : JSON.stringify(v))

/** What `status`, `style` and `scale` are when left out. */
const DEFAULTS: Loose = { status: 'live', style: 'numbers', scale: 7 }
const status = (s: unknown) => String(s ?? DEFAULTS.status)
/**
 * A field written out with its default on one side and left out on the other: the same survey
 * either way (the form leaves a default out when it is chosen), said as such, not as `live → live`.
 */
const spelled = (key: string, a: Loose, b: Loose) =>
  a[key] === undefined ? `"${key}": ${describe(b[key])} written out (the default: no change)` : `"${key}": ${describe(a[key])} left out (the default: no change)`
const isDefault = (key: string, a: Loose, b: Loose) => (a[key] ?? DEFAULTS[key]) === (b[key] ?? DEFAULTS[key])
const typeWords = (key: string) => (a: Loose, b: Loose) => (isDefault(key, a, b) && a.type === b.type ? spelled(key, a, b) : `type ${describeType(a as never)} → ${describeType(b as never)}`)

/** Fields compared one by one, each worded its own way; any other field is "changed". */
const FIELDS: [key: string, words: (a: Loose, b: Loose) => string | undefined][] = [
  ['status', (a, b) => (isDefault('status', a, b) ? spelled('status', a, b) : status(b.status) === 'paused' ? 'paused' : status(a.status) === 'paused' && status(b.status) === 'live' ? 'resumed' : `status ${status(a.status)} → ${status(b.status)}`)],
  ['type', (a, b) => `type ${describeType(a as never)} → ${describeType(b as never)}`],
  ['scale', typeWords('scale')],
  ['style', typeWords('style')],
  ['touchpoint', (a, b) => `touchpoint ${describe(a.touchpoint ?? a.id)} → ${describe(b.touchpoint ?? b.id)}`],
  ['stage', (a, b) => `journey stage ${a.stage ?? 'none'} → ${b.stage ?? 'none'}`],
  ['question', (a, b) => `question changed from ${describeText(a.question as never)} to ${describeText(b.question as never)}`],
  ['followUp', (a, b) => `follow-up question ${describeText(a.followUp as never)} → ${describeText(b.followUp as never)}`],
  ['labels', (a, b) => `scale labels ${describe(a.labels)} → ${describe(b.labels)}`],
  ['triggers', (a, b) => {
    const words = (s: Loose) => (Array.isArray(s.triggers) ? s.triggers.map((t) => describeTrigger(t)).join(' or ') : describe(s.triggers))
    const n = Array.isArray(a.triggers) && Array.isArray(b.triggers) && a.triggers.length === 1 && b.triggers.length === 1 ? 'trigger' : 'triggers'
    return `${n} changed from ${words(a)} to ${words(b)}`
  }],
  ['audience', (a, b) => audience((a.audience ?? {}) as Loose, (b.audience ?? {}) as Loose).join('; ')],
  ['frequency', (a, b) => {
    const fa = (a.frequency ?? {}) as Loose
    const fb = (b.frequency ?? {}) as Loose
    const out: string[] = []
    if (!same(fa.recontactDays, fb.recontactDays)) out.push(`ask again after ${days(fa.recontactDays, 'never')} → ${days(fb.recontactDays, 'never')}`)
    if (!same(fa.maxShows, fb.maxShows)) out.push(`shown at most ${fa.maxShows ?? 'any number of'} → ${fb.maxShows ?? 'any number of'} times`)
    return out.join('; ')
  }],
  ['startsAt', (a, b) => `starts ${when(a.startsAt, 'at once')} → ${when(b.startsAt, 'at once')}`],
  ['endsAt', (a, b) => `ends ${when(a.endsAt, 'never')} → ${when(b.endsAt, 'never')}`],
  ['maxResponses', (a, b) => `cap ${a.maxResponses ?? 'none'} → ${b.maxResponses === undefined ? 'none' : `${b.maxResponses} answers`}`],
]

function audience(a: Loose, b: Loose): string[] {
  const out: string[] = []
  if (!same(a.url, b.url)) out.push(`pages ${describeUrl(a.url as never)} → ${describeUrl(b.url as never)}`)
  if (!same(a.device, b.device)) out.push(`devices ${list(a.device, 'all')} → ${list(b.device, 'all')}`)
  if (!same(a.locale, b.locale)) out.push(`languages ${list(a.locale, 'all')} → ${list(b.locale, 'all')}`)
  if (!same(a.attributes, b.attributes)) {
    const words = (c: unknown) => (c && Object.keys(c).length ? describeConditions(c as never) : 'anyone')
    out.push(`visitors ${words(a.attributes)} → ${words(b.attributes)}`)
  }
  if (!same(a.sampleRate, b.sampleRate)) out.push(`sampling ${percent(a.sampleRate)} → ${percent(b.sampleRate)}`)
  for (const k of Object.keys({ ...a, ...b })) if (!['url', 'device', 'locale', 'attributes', 'sampleRate'].includes(k) && !same(a[k], b[k])) out.push(`audience.${k} changed`)
  return out
}

function surveyChanges(a: Loose, b: Loose): string[] {
  const out: string[] = []
  const done = new Set<string>()
  for (const [key, words] of FIELDS) {
    if (same(a[key], b[key])) continue
    const w = words(a, b)
    // type, scale and style are worded together: say it once.
    if (w && !done.has(w)) out.push(w)
    done.add(w ?? '')
  }
  const known = new Set(['id', ...FIELDS.map(([k]) => k)])
  for (const k of Object.keys({ ...a, ...b })) if (!known.has(k) && !same(a[k], b[k])) out.push(`${k} ${describe(a[k])} → ${describe(b[k])}`)
  return out
}

const idOf = (s: unknown, i: number) => (typeof (s as Loose)?.id === 'string' ? ((s as Loose).id as string) : `#${i + 1}`)

/**
 * What publishing `next` changes from `live`, in plain words, one entry per survey (matched
 * by id) and one for the config's own fields. Empty when they are the same.
 * @example configDiff(live, next)
 * // [{ survey: 'checkout-nps', changes: ['trigger changed from event `order_paid` to event `checkout_completed`', 'sampling 100% → 25%'] }]
 */
export function configDiff(live: SurveyConfig, next: SurveyConfig): Change[] {
  const out: Change[] = []
  const before = new Map((live.surveys ?? []).map((s, i) => [idOf(s, i), s as unknown as Loose]))
  const after = new Map((next.surveys ?? []).map((s, i) => [idOf(s, i), s as unknown as Loose]))
  for (const [id, s] of after) {
    const old = before.get(id)
    if (!old) {
      const st = status(s.status)
      out.push({ survey: id, changes: [`new ${describeType(s as never)} survey${st === 'live' ? '' : `, ${st}`}, on ${(Array.isArray(s.triggers) ? s.triggers.map((t) => describeTrigger(t)) : []).join(' or ') || 'no trigger'}`] })
    } else if (!same(old, s)) {
      const changes = surveyChanges(old, s)
      out.push({ survey: id, changes: changes.length ? changes : ['fields reordered'] })
    }
  }
  for (const id of before.keys()) if (!after.has(id)) out.push({ survey: id, changes: ['deleted'] })
  const global: string[] = []
  const rest = (c: SurveyConfig) => Object.fromEntries(Object.entries(c).filter(([k]) => k !== 'surveys'))
  const ra = rest(live) as Loose
  const rb = rest(next) as Loose
  if (!same(ra.globalCooldownDays, rb.globalCooldownDays)) global.push(`days between any two surveys for one visitor ${ra.globalCooldownDays ?? 0} → ${rb.globalCooldownDays ?? 0}`)
  for (const k of Object.keys({ ...ra, ...rb })) if (k !== 'globalCooldownDays' && !same(ra[k], rb[k])) global.push(`${k} ${describe(ra[k])} → ${describe(rb[k])}`)
  const order = (c: SurveyConfig) => (c.surveys ?? []).map(idOf).filter((id) => before.has(id) && after.has(id))
  if (!same(order(live), order(next))) global.push('the order of the surveys changed (the first one wins when two could show at once)')
  if (global.length) out.push({ changes: global })
  return out
}

/** How many things a diff lists. */
export const changeCount = (diff: readonly Change[]) => diff.reduce((n, c) => n + c.changes.length, 0)

