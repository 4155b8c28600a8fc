import type { ConfigProblem } from '@touchpoint/core'

/** A key of an object or an index of an array, on the way to a field. */
export type Key = string | number

/** A path as the checker writes it: `surveys[2].audience.attributes.plan`. */
export const pathOf = (keys: readonly Key[]) => keys.map((k, i) => (typeof k === 'number' ? `[${k}]` : i ? `.${k}` : k)).join('')

/** The keys of a path as the checker writes it: `surveys[2].labels.min` → `['surveys', 2, 'labels', 'min']`. */
export const keysOf = (path: string): Key[] => (path.match(/[^.[\]]+|\[\d+\]/g) ?? []).map((k) => (k.startsWith('[') ? Number(k.slice(1, -1)) : k))

/** A field's path within its survey, as the checker's messages start: `surveys[2].audience.attributes` → `audience.attributes`. */
export const inSurvey = (path: string) => path.replace(/^surveys\[\d+\]\./, '')

/**
 * The rows whose `key` an earlier row already has (their indexes): of rows that make an object,
 * those whose key it cannot hold a second time.
 * @example laterRepeats(['en', 'it', 'en'], (l) => l) // [2]
 */
export function laterRepeats<R>(rows: readonly R[], key: (r: R) => string): number[] {
  const seen = new Set<string>()
  const out: number[] = []
  rows.forEach((r, i) => {
    const k = key(r)
    if (seen.has(k)) out.push(i)
    seen.add(k)
  })
  return out
}

/**
 * Where the problem of row `i` of a field the form edits as rows is (a text's language, a
 * condition's comparison): the field's path and the row's index, `surveys[2].question[1]`.
 */
export const rowPath = (path: string, i: number) => `${path}[${i}]`

/** A DOM id for the field at `path`, so that a problem can link to its field. */
export const fieldId = (path: string) => `f-${path.replace(/[^\w-]/g, (c) => `_${c.charCodeAt(0).toString(16)}`)}`

const isEmptyObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v) && !Object.keys(v).length

/**
 * `value` at `keys` in a copy of `root` (objects and arrays along the way are copied, the rest
 * shared). `undefined` removes the key, and an object left empty by that goes too, so that
 * clearing the last audience rule leaves no `"audience": {}` behind.
 */
export function setIn<T>(root: T, keys: readonly Key[], value: unknown): T {
  if (!keys.length) return value as T
  const [k, ...rest] = keys
  const copy = (Array.isArray(root) ? [...root] : { ...(root as object) }) as Record<Key, unknown>
  const child = copy[k!]
  const next = rest.length ? setIn(child ?? (typeof rest[0] === 'number' ? [] : {}), rest, value) : value
  if (next === undefined || (rest.length && isEmptyObject(next) && !Array.isArray(copy))) {
    if (Array.isArray(copy)) copy[k as number] = next
    else delete copy[k!]
  } else copy[k!] = next
  return copy as T
}

/** The value at `keys`, or `undefined`. */
export function getIn(root: unknown, keys: readonly Key[]): unknown {
  let v = root
  for (const k of keys) v = typeof v === 'object' && v !== null ? (v as Record<Key, unknown>)[k] : undefined
  return v
}

/**
 * A problem's message as the form shows it, beside its field or linked to it. The checker's
 * words, except where the form shows a value in other units: the share of visitors asked is
 * typed in percent, so its range and the value it got are said in percent too.
 */
export function formMessage(p: ConfigProblem): string {
  const rate = /^(.*?audience\.sampleRate) must be a number from 0 to 1 \(got (.*)\)$/.exec(p.message)
  if (!rate || !p.path.endsWith('audience.sampleRate')) return p.message
  const got = Number(rate[2])
  return `${rate[1]} must be from 0 to 100 % (got ${rate[2] !== '' && Number.isFinite(got) ? `${Math.round(got * 1e6) / 1e4} %` : rate[2]})`
}

/** The checker's messages about exactly `path`, in the form's words. */
export const messagesAt = (problems: readonly ConfigProblem[], path: string) => problems.filter((p) => p.path === path).map(formMessage)
