import { closest } from './closest.js'
import { ConfigError } from './errors/ConfigError.js'
import type { Survey, SurveyConfig } from './types.js'
import { DEVICES, STAGES, STATUSES, SURVEY_TYPES, TRIGGER_KINDS } from './vocabulary.js'


/** Checks that need a browser, passed in by the SDK (core has no DOM). */
export interface ValidateOptions {
  /** Whether a click trigger's selector parses, e.g. by trying `querySelector`. */
  isSelector?: (selector: string) => boolean
  /**
   * What a field the config does not define does. `'error'` (default): the survey is skipped,
   * as every strict check (an editor's schema, the collector's `--config`) does. `'warn'`: the
   * field is left out and the survey runs, with a warning; what the SDK does in the browser,
   * where a typo in an optional field should not cost a survey.
   */
  unknownFields?: 'error' | 'warn'
}

/** The surveys that can run, one error for each survey (or config) that cannot, and warnings. */
export interface ValidationResult {
  config: SurveyConfig
  errors: ConfigError[]
  /** With `unknownFields: 'warn'`: per survey (or config), the unknown fields left out of it. */
  warnings: ConfigError[]
}

type Obj = Record<string, unknown>

const URL_KEYS = ['equals', 'contains', 'startsWith', 'endsWith', 'matches', 'not']
const CONDITION_KEYS = ['equals', 'oneOf', 'exists', 'gt', 'gte', 'lt', 'lte']
// Fields each trigger kind takes besides `on` and `delaySeconds`, with the required one first.
const TRIGGER_FIELDS: Record<string, string[]> = {
  pageview: ['url'],
  event: ['event', 'where', 'count'],
  click: ['selector'],
  exit_intent: [],
  scroll: ['percent'],
  dwell: ['seconds'],
  idle: ['seconds'],
  visit: ['count'],
}
const SURVEY_KEYS = [
  'id', 'type', 'touchpoint', 'stage', 'question', 'followUp', 'scale', 'style', 'labels', 'triggers', 'audience', 'frequency',
  'status', 'startsAt', 'endsAt', 'maxResponses', 'context',
]
/** Survey ids and context keys: 1–64 letters, digits or `_ . : -`. */
const NAME = /^[\w.:-]{1,64}$/
const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/i

/**
 * A text's length in characters (code points), as the JSON Schema's `maxLength` counts it: an
 * emoji is one character, not the two UTF-16 units of `.length`.
 */
const chars = (v: string): number => {
  let n = 0
  for (const _ of v) n++
  return n
}
/** The first `n` characters (code points) of a text: never half an emoji. */
const head = (v: string, n: number): string => [...v].slice(0, n).join('')

/** A value as a message quotes it: a long one is cut (the message names the field; the text is in the editor). */
const show = (v: unknown): string => {
  if (typeof v === 'string' && chars(v) > 80) return `${JSON.stringify(`${head(v, 60)}…`)}, ${chars(v)} characters`
  const s = v === undefined ? 'nothing' : JSON.stringify(v) ?? String(v)
  return chars(s) > 80 ? `${head(s, 60)}…` : s
}
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const isScalar = (v: unknown) => ['string', 'number', 'boolean'].includes(typeof v)

/**
 * Checks a survey config. Bad surveys are left out, each with one `ConfigError` naming its id
 * and every field at fault; good surveys are returned unchanged (copies without their unknown
 * fields, with `unknownFields: 'warn'`).
 * @example
 * const { config, errors } = validateConfig(json)
 * errors.forEach((e) => console.error(e.message))
 */
export function validateConfig(input: unknown, options: ValidateOptions = {}): ValidationResult {
  const errors: ConfigError[] = []
  const warnings: ConfigError[] = []
  const surveys: Survey[] = []
  const top: string[] = []
  const topUnknown = unknownSink(options, top)
  const ids = new Set<string>()
  let globalCooldownDays: number | undefined
  // Unknown fields are deleted in 'warn' mode: from a copy, never from the caller's objects.
  if (topUnknown !== top) input = copy(input)

  if (!isObj(input)) {
    // Worded without "must", "is" or "needs" after its subject: configProblems reads the text
    // before those as the field's path, and this problem is the config's own (path '').
    top.push(`the config has to be an object: { "surveys": [ … ] } (got ${Array.isArray(input) ? 'an array' : show(input)})`)
  } else if (!Array.isArray(input.surveys)) {
    top.push(`surveys must be an array of surveys (got ${show(input.surveys)})`)
  } else {
    const p = new Problems(top, topUnknown)
    p.known(input, '', ['surveys', 'globalCooldownDays', '$schema'])
    if (input.globalCooldownDays !== undefined && p.num(input.globalCooldownDays, 'globalCooldownDays', 0)) {
      globalCooldownDays = input.globalCooldownDays as number
    }
    input.surveys.forEach((raw, i) => {
      const id = isObj(raw) && typeof raw.id === 'string' ? raw.id : undefined
      const problems: string[] = []
      const unknown = unknownSink(options, problems)
      checkSurvey(new Problems(problems, unknown), raw, i, options)
      if (id !== undefined && ids.has(id)) problems.unshift(`id is used by an earlier survey`)
      // A survey that cannot run lists its unknown fields with its errors: they may be why.
      if (problems.length) errors.push(new ConfigError(id ?? `#${i}`, unknown === problems ? problems : [...problems, ...unknown]))
      else {
        surveys.push(raw as unknown as Survey)
        if (unknown.length && unknown !== problems) warnings.push(new ConfigError(id, unknown))
      }
      if (id !== undefined) ids.add(id)
    })
  }
  if (top.length) errors.unshift(new ConfigError(undefined, top))
  if (topUnknown.length && topUnknown !== top) warnings.unshift(new ConfigError(undefined, topUnknown))
  return { config: globalCooldownDays === undefined ? { surveys } : { surveys, globalCooldownDays }, errors, warnings }
}

/** Where unknown-field problems go: with the errors (`out` itself), or apart as warnings. */
const unknownSink = (options: ValidateOptions, out: string[]): string[] => (options.unknownFields === 'warn' ? [] : out)

/** `folowUp is not a known field (did you mean followUp?)`, or the known fields when no name is close. */
function unknownField(at: string, name: string, keys: readonly string[]): string {
  const guess = closest(name, keys)
  return `${at ? at + '.' : ''}${name} is not a known field (${guess ? `did you mean ${guess}?` : `expected one of ${keys.join(', ')}`})`
}

/** A copy of plain objects and arrays, so that deleting from it leaves the caller's config alone. */
const copy = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(copy) : isObj(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copy(x)])) : v

function checkSurvey(p: Problems, s: unknown, index: number, options: ValidateOptions): void {
  const out = p.out
  if (!isObj(s)) {
    out.push(`surveys[${index}] must be an object (got ${show(s)})`)
    return
  }
  p.known(s, '', SURVEY_KEYS)
  if (typeof s.id !== 'string' || !NAME.test(s.id)) {
    p.add('id', 'must be 1–64 letters, digits or . _ : -', s.id)
  }
  p.oneOf(s.type, 'type', SURVEY_TYPES)
  if (s.touchpoint !== undefined) p.str(s.touchpoint, 'touchpoint', 64)
  if (s.stage !== undefined) p.oneOf(s.stage, 'stage', STAGES)
  if (s.question !== undefined) p.text(s.question, 'question')
  if (s.followUp !== undefined && typeof s.followUp !== 'boolean') p.text(s.followUp, 'followUp', 'true, false, ')
  if (s.scale !== undefined) {
    if (s.type !== 'ces') p.add('scale', 'is only for type "ces"', s.scale)
    else if (s.scale !== 5 && s.scale !== 7) p.add('scale', 'must be 5 or 7', s.scale)
  }
  if (s.style !== undefined) {
    if (s.type !== 'csat') p.add('style', 'is only for type "csat"', s.style)
    else p.oneOf(s.style, 'style', ['numbers', 'stars', 'emoji'])
  }
  if (s.labels !== undefined && p.obj(s.labels, 'labels', ['min', 'max'])) {
    for (const k of ['min', 'max']) if (s.labels[k] !== undefined) p.text(s.labels[k], `labels.${k}`)
  }
  if (!Array.isArray(s.triggers) || !s.triggers.length) {
    p.add('triggers', 'must be a non-empty array of triggers', s.triggers)
  } else {
    s.triggers.forEach((t, i) => checkTrigger(p, t, `triggers[${i}]`, options))
  }
  if (s.audience !== undefined && p.obj(s.audience, 'audience', ['url', 'device', 'locale', 'attributes', 'sampleRate'])) {
    const a = s.audience
    if (a.url !== undefined) p.urlRules(a.url, 'audience.url')
    if (a.device !== undefined) p.list(a.device, 'audience.device', (v, at) => p.oneOf(v, at, DEVICES))
    if (a.locale !== undefined) p.list(a.locale, 'audience.locale', (v, at) => p.str(v, at, 35))
    if (a.attributes !== undefined) p.conditions(a.attributes, 'audience.attributes')
    if (a.sampleRate !== undefined) p.num(a.sampleRate, 'audience.sampleRate', 0, 1)
  }
  if (s.frequency !== undefined && p.obj(s.frequency, 'frequency', ['recontactDays', 'maxShows'])) {
    if (s.frequency.recontactDays !== undefined) p.num(s.frequency.recontactDays, 'frequency.recontactDays', 0)
    if (s.frequency.maxShows !== undefined) p.int(s.frequency.maxShows, 'frequency.maxShows')
  }
  checkLifecycle(p, s)
  if (s.context !== undefined) checkContext(p, s.context)
}

/**
 * `context`: a short list of distinct key names, which answers may then carry. The numbers are
 * RESPONSE_LIMITS' (a test holds them equal), written out so that the checker's chunk and the
 * delivery chunk share no module.
 */
function checkContext(p: Problems, v: unknown): void {
  if (!Array.isArray(v) || v.length > 20) return p.add('context', 'must be a list of at most 20 key names, e.g. ["orderId", "plan"]', v)
  v.forEach((k, i) => {
    if (typeof k !== 'string' || !NAME.test(k)) p.add(`context[${i}]`, 'must be a name of 1–64 letters, digits or . _ : -', k)
    else if (v.indexOf(k) < i) p.add(`context[${i}]`, `is listed twice: remove one "${k}"`, k)
  })
}

/** An instant every device reads the same way: an ISO 8601 date-time with a zone, on a day that exists. */
function isIsoTime(v: unknown): v is string {
  const m = typeof v === 'string' ? ISO_TIME.exec(v) : null
  if (!m) return false
  const [, y, mo, d, h] = m.map(Number) as number[]
  return mo! >= 1 && mo! <= 12 && d! >= 1 && d! <= new Date(Date.UTC(y!, mo!, 0)).getUTCDate() && h! <= 23
}

/** `status`, the dates and the cap: when a survey runs. */
function checkLifecycle(p: Problems, s: Obj): void {
  if (s.status !== undefined) p.oneOf(s.status, 'status', STATUSES)
  for (const k of ['startsAt', 'endsAt']) {
    if (s[k] !== undefined && !isIsoTime(s[k])) p.add(k, 'must be an ISO 8601 date-time with a zone, e.g. "2026-12-01T09:00:00Z"', s[k])
  }
  if (isIsoTime(s.startsAt) && isIsoTime(s.endsAt) && Date.parse(s.endsAt) <= Date.parse(s.startsAt)) {
    p.add('endsAt', `must be after startsAt (${s.startsAt})`, s.endsAt)
  }
  if (s.maxResponses !== undefined) p.int(s.maxResponses, 'maxResponses')
}

function checkTrigger(p: Problems, t: unknown, at: string, options: ValidateOptions): void {
  if (!isObj(t)) return p.add(at, 'must be an object', t)
  if (!p.oneOf(t.on, `${at}.on`, TRIGGER_KINDS)) return
  const fields = TRIGGER_FIELDS[t.on as string]!
  p.known(t, at, ['on', 'delaySeconds', ...fields])
  if (t.delaySeconds !== undefined) p.num(t.delaySeconds, `${at}.delaySeconds`, 0)
  const required = fields[0]
  if (required && required !== 'url' && t[required] === undefined) return p.add(`${at}.${required}`, `is required for "${t.on}"`, undefined)
  switch (t.on) {
    case 'pageview':
      if (t.url !== undefined) p.urlRules(t.url, `${at}.url`)
      break
    case 'event':
      p.str(t.event, `${at}.event`, 100)
      if (t.where !== undefined) p.conditions(t.where, `${at}.where`)
      if (t.count !== undefined) p.int(t.count, `${at}.count`)
      break
    case 'click':
      if (p.str(t.selector, `${at}.selector`, 500) && options.isSelector && !options.isSelector(t.selector as string)) {
        p.add(`${at}.selector`, 'is not a valid CSS selector', t.selector)
      }
      break
    case 'scroll':
      p.num(t.percent, `${at}.percent`, 1, 100)
      break
    case 'dwell':
    case 'idle':
      p.num(t.seconds, `${at}.seconds`, 1)
      break
    case 'visit':
      p.int(t.count, `${at}.count`)
  }
}

/**
 * Collects problems as `path` + rule + the value found. Each check returns whether it passed.
 * Unknown fields go to `unknown`; when that is not `out`, they are warnings and are deleted.
 */
class Problems {
  constructor(
    readonly out: string[],
    readonly unknown = out,
  ) {}

  add(path: string, rule: string, got: unknown): void {
    this.out.push(`${path} ${rule} (got ${show(got)})`)
  }

  known(o: Obj, at: string, keys: string[]): void {
    for (const k of Object.keys(o)) {
      if (keys.includes(k)) continue
      this.unknown.push(unknownField(at, k, keys))
      if (this.unknown !== this.out) delete o[k]
    }
  }

  obj(v: unknown, at: string, keys: string[]): v is Obj {
    if (!isObj(v)) return this.add(at, 'must be an object', v), false
    this.known(v, at, keys)
    return true
  }

  oneOf(v: unknown, at: string, allowed: readonly string[]): boolean {
    return allowed.includes(v as string) || (this.add(at, `must be one of ${allowed.join(', ')}`, v), false)
  }

  str(v: unknown, at: string, max: number): boolean {
    return (typeof v === 'string' && v.length > 0 && chars(v) <= max) || (this.add(at, `must be a text of 1–${max} characters`, v), false)
  }

  num(v: unknown, at: string, min: number, max = Infinity): boolean {
    const ok = typeof v === 'number' && v >= min && v <= max
    const range = max < Infinity ? ` from ${min} to ${max}` : min > -Infinity ? ` ≥ ${min}` : ''
    return ok || (this.add(at, `must be a number${range}`, v), false)
  }

  int(v: unknown, at: string): boolean {
    return (Number.isInteger(v) && (v as number) >= 1) || (this.add(at, 'must be a whole number ≥ 1', v), false)
  }

  /** A text or a `{ "locale": "text" }` map; `also` lists the field's other forms (followUp's `true, false, `). */
  text(v: unknown, at: string, also = ''): void {
    if (typeof v === 'string') this.str(v, at, 500)
    else if (isObj(v) && Object.keys(v).length > 0) {
      for (const [k, t] of Object.entries(v)) {
        // A text under no language is shown to no one once another language is there.
        if (!k.trim()) this.add(at, 'has a text without its language: give it one ("it", "pt-BR"), or remove it', t)
        else this.str(t, `${at}.${k}`, 500)
      }
    }
    else this.add(at, `must be ${also}a text or a { "locale": "text" } map`, v)
  }

  list(v: unknown, at: string, each: (item: unknown, at: string) => void): void {
    if (Array.isArray(v) && v.length) v.forEach((item, i) => each(item, `${at}[${i}]`))
    else this.add(at, 'must be a non-empty array', v)
  }

  urlRules(v: unknown, at: string): void {
    if (Array.isArray(v)) return this.list(v, at, (r, a) => this.urlRules(r, a))
    if (!this.obj(v, at, URL_KEYS)) return
    if (!Object.keys(v).length) this.add(at, `needs one of ${URL_KEYS.join(', ')}`, v)
    for (const k of URL_KEYS) {
      const r = v[k]
      if (r === undefined) continue
      if (k === 'not') this.urlRules(r, `${at}.not`)
      else if (this.str(r, `${at}.${k}`, 2000) && k === 'matches') {
        try {
          new RegExp(r as string)
        } catch {
          this.add(`${at}.matches`, 'must be a valid regular expression', r)
        }
      }
    }
  }

  conditions(v: unknown, at: string): void {
    if (!isObj(v)) return this.add(at, 'must be an object of { "name": condition }', v)
    for (const [name, c] of Object.entries(v)) {
      const a = `${at}.${name}`
      if (Array.isArray(c) ? !c.length || !c.every(isScalar) : !isScalar(c) && !isObj(c)) {
        this.add(a, 'must be a value, a list of values or an operator object', c)
      } else if (isObj(c) && this.obj(c, a, CONDITION_KEYS)) {
        if (!Object.keys(c).length) this.add(a, `needs one of ${CONDITION_KEYS.join(', ')}`, c)
        for (const op of ['gt', 'gte', 'lt', 'lte']) if (c[op] !== undefined) this.num(c[op], `${a}.${op}`, -Infinity)
        if (c.exists !== undefined && typeof c.exists !== 'boolean') this.add(`${a}.exists`, 'must be true or false', c.exists)
        if (c.oneOf !== undefined && !(Array.isArray(c.oneOf) && c.oneOf.every(isScalar))) this.add(`${a}.oneOf`, 'must be a list of values', c.oneOf)
        if (c.equals !== undefined && !isScalar(c.equals)) this.add(`${a}.equals`, 'must be a text, number or boolean', c.equals)
      }
    }
  }
}
