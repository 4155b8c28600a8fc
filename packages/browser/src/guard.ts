// The checker's small stand-in (check.ts is 4.8 KB): a yes or no, without a word of why, in a
// lazy chunk of its own fetched when the options or config are new to the device. It says yes
// only to what the checker takes as it is (no error, no warning, no option ignored), so that a
// page with a good config never downloads the checker; anything it is not sure of is a no, and
// the checker then names the problem. It may say no to a config the checker finds nothing
// wrong with (a collector given as a relative path without a leading `/`, say): that costs a
// download, never a missed message.
import { httpUrl } from './config.js'
import type { Checked } from './config.js'
import type { InitOptions } from './types.js'

type O = Record<string, any>

const isObj = (v: unknown): v is O => typeof v == 'object' && !!v && !Array.isArray(v)
/** An object whose fields are all among `keys` (space-separated). */
const obj = (v: unknown, keys: string): v is O => isObj(v) && Object.keys(v).every((k) => keys.split(' ').includes(k))
/** A text of 1–`max` characters, counted as the checker and the schema count them: an emoji is one. */
const str = (v: unknown, max = 500) => typeof v == 'string' && v.length > 0 && [...v].length <= max
const num = (v: unknown, min = 0, max = Infinity) => typeof v == 'number' && v >= min && v <= max
const int = (v: unknown) => Number.isInteger(v) && (v as number) > 0
/** Absent, or `ok`. */
const opt = (v: unknown, ok: (v: any) => unknown) => v === undefined || !!ok(v)
const list = (v: unknown, ok: (v: any) => unknown) => Array.isArray(v) && v.length > 0 && v.every(ok)
const oneOf = (words: string) => (v: unknown) => words.split(' ').includes(v as string)
const scalar = (v: unknown) => oneOf('string number boolean')(typeof v)
const text = (v: unknown) => str(v) || (isObj(v) && list(Object.entries(v), ([k, t]) => k.trim() && str(t)))
/** Whether `f` returns something truthy without throwing. */
const holds = (f: () => unknown) => {
  try {
    return !!f()
  } catch {
    return false
  }
}
/** ISO 8601 with a zone, on a day that exists (`new Date` rolls 02-30 over to 03-02). */
const iso = (v: unknown) =>
  typeof v == 'string' &&
  /^\d{4}-\d\d-\d\dT([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/i.test(v) &&
  new Date(v.slice(0, 10) + 'T00:00Z').getUTCDate() == +v.slice(8, 10)

const urlRule = (v: unknown): boolean =>
  Array.isArray(v)
    ? list(v, urlRule)
    : obj(v, 'equals contains startsWith endsWith matches not') &&
      Object.keys(v).length > 0 &&
      Object.entries(v).every(([k, r]) => (k == 'not' ? urlRule(r) : str(r, 2000) && (k != 'matches' || holds(() => new RegExp(r)))))

const condition = (c: any) =>
  Array.isArray(c)
    ? list(c, scalar)
    : scalar(c) ||
      (obj(c, 'equals oneOf exists gt gte lt lte') &&
        Object.keys(c).length > 0 &&
        opt(c.equals, scalar) &&
        opt(c.oneOf, (x) => Array.isArray(x) && x.every(scalar)) &&
        opt(c.exists, (x) => typeof x == 'boolean') &&
        [c.gt, c.gte, c.lt, c.lte].every((x) => opt(x, (y) => num(y, -Infinity))))
const conditions = (v: unknown) => isObj(v) && Object.values(v).every(condition)

/** Each trigger kind's own fields. */
const FIELDS: O = { pageview: 'url', event: 'event where count', click: 'selector', exit_intent: '', scroll: 'percent', dwell: 'seconds', idle: 'seconds', visit: 'count' }

const trigger = (t: any) =>
  Object.hasOwn(FIELDS, t?.on) &&
  obj(t, 'on delaySeconds ' + FIELDS[t.on]) &&
  opt(t.delaySeconds, num) &&
  (t.on == 'pageview'
    ? opt(t.url, urlRule)
    : t.on == 'event'
      ? str(t.event, 100) && opt(t.where, conditions) && opt(t.count, int)
      : t.on == 'click'
        ? str(t.selector) && holds(() => !document.createDocumentFragment().querySelector(t.selector))
        : t.on == 'scroll'
          ? num(t.percent, 1, 100)
          : t.on == 'visit'
            ? int(t.count)
            : t.on == 'exit_intent' || num(t.seconds, 1))

/**
 * A check of an object by field: every field it has is among `checks`, and passes its check
 * (given the value and the whole object); absent (`undefined`) fields pass.
 */
const shape =
  (checks: Record<string, (v: any, o: O) => unknown>) =>
  (v: unknown): boolean =>
    isObj(v) && Object.entries(v).every(([k, x]) => Object.hasOwn(checks, k) && (x === undefined || !!checks[k]!(x, v)))

/** A survey id or a context key: 1–64 letters, digits or `_ . : -`. */
const name = (v: unknown) => str(v, 64) && /^[\w.:-]+$/.test(v as string)

const surveyShape = shape({
  id: name,
  type: oneOf('nps csat ces'),
  touchpoint: (v) => str(v, 64),
  stage: oneOf('awareness consideration purchase retention advocacy'),
  question: text,
  followUp: (v) => v === !!v || text(v),
  scale: (v, s) => s.type == 'ces' && (v === 5 || v === 7),
  style: (v, s) => s.type == 'csat' && oneOf('numbers stars emoji')(v),
  labels: shape({ min: text, max: text }),
  triggers: (v) => list(v, trigger),
  audience: shape({
    url: urlRule,
    device: (d) => list(d, oneOf('mobile tablet desktop')),
    locale: (l) => list(l, (x) => str(x, 35)),
    attributes: conditions,
    sampleRate: (r) => num(r, 0, 1),
  }),
  frequency: shape({ recontactDays: (v) => num(v), maxShows: int }),
  status: oneOf('live paused draft'),
  startsAt: iso,
  endsAt: (v, s) => iso(v) && !(Date.parse(v) <= Date.parse(s.startsAt)),
  maxResponses: int,
  context: (v) => Array.isArray(v) && v.length <= 20 && v.every((k, i) => name(k) && v.indexOf(k) == i),
})

// `id`, `type` and `triggers` are required; ids are unique across inline and remote surveys.
const survey = (s: any, ids: Set<unknown>) => surveyShape(s) && s.type && s.triggers && s.id !== undefined && !ids.has(s.id) && ids.add(s.id)

/** An http(s) collector, as a URL with its scheme or a path from the site's root. */
const collector = (c: any) => {
  const x = typeof c == 'string' ? { url: c } : c
  return (
    isObj(x) &&
    typeof x.url == 'string' &&
    holds(() => httpUrl(x.url)) &&
    opt(x.headers, (h) => isObj(h) && Object.values(h).every((v) => typeof v == 'string')) &&
    opt(x.transform, (f) => typeof f == 'function')
  )
}

/** The type of each option besides collector, theme, position and surveys. */
const TYPES: O = {
  config: 'string',
  locale: 'string',
  target: 'string',
  nonce: 'string',
  requireConsent: 'boolean',
  debug: 'boolean',
  keepUrlQuery: 'boolean',
  redactPaths: 'boolean',
  events: 'boolean',
  zIndex: 'number',
  globalCooldownDays: 'number',
  batchSize: 'number',
  timeout: 'number',
  maxQueueAge: 'number',
  maxQueueSize: 'number',
  user: 'object',
  appearance: 'object',
}

const option = (o: InitOptions, k: string, v: any) =>
  v === undefined ||
  (k == 'collector'
    ? collector(v)
    : k == 'theme'
      ? oneOf('light dark auto')(v)
      : k == 'position'
        ? oneOf('bottom-right bottom-left top center inline')(v) && (v != 'inline' || !!o.target)
        : k == 'surveys'
          ? Array.isArray(v)
          : (TYPES[k] == 'object' ? isObj(v) : typeof v == TYPES[k]) &&
            (!/^(batchSize|timeout|maxQueueSize)$/.test(k) || int(v)) &&
            (k != 'maxQueueAge' || v > 0))

/**
 * Whether the options and the config are exactly what the checker takes without a word: then
 * the runtime uses them as they are and the checker is not downloaded. `false` when in doubt.
 * @example acceptable({ collector: '/v1/responses' }, { surveys: [] }) // true
 */
export function acceptable(o: InitOptions, remote: unknown): boolean {
  try {
    const ids = new Set()
    return (
      collector(o.collector) &&
      Object.entries(o).every(([k, v]) => option(o, k, v)) &&
      opt(remote, (r) => obj(r, 'surveys globalCooldownDays $schema') && Array.isArray(r.surveys) && opt(r.globalCooldownDays, num)) &&
      [...(o.surveys ?? []), ...((remote as O | undefined)?.surveys ?? [])].every((s) => survey(s, ids))
    )
  } catch {
    return false
  }
}

/**
 * The options and config checked: as they are when the guard is sure they are right (the
 * inline surveys, then the remote ones; the remote cooldown first), else by the checker, which
 * is downloaded then (and always when `strict`: debug mode, a preview) and names each problem.
 */
export async function checked(o: InitOptions, remote: unknown, strict?: unknown): Promise<Omit<Checked, 'key'>> {
  const r = remote as { surveys?: Checked['surveys']; globalCooldownDays?: number } | undefined
  return !strict && acceptable(o, r)
    ? { surveys: [...(o.surveys ?? []), ...(r?.surveys ?? [])], cooldownDays: r?.globalCooldownDays ?? o.globalCooldownDays ?? 0, ignored: [], errors: [], warnings: [] }
    : (await import('./check.js')).check(o, remote, o.config)
}
