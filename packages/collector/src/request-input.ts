import { HttpError } from './http-error.js'
import { escaped, quote, shortened } from './quote.js'
import { repeatedKeyProblem } from './repeated-key.js'
import { HUGE, NO_NUL, hugePath, nulPath, wellFormed } from './well-formed.js'

// What every endpoint reads from a request before it looks at the meaning: the query string and
// a JSON body. A NUL character is valid in both, but PostgreSQL cannot hold it in text or jsonb:
// it is refused here, naming where it is, instead of failing the query (500) or, worse, being
// stored by one store and unreadable by the other.

/**
 * A JSON value from a body as a message shows it: as JSON, shortened, its control characters
 * escaped. JSON.parse reads a number too large for a double (`1e400`) as Infinity, which
 * JSON.stringify would write `null`: it is named instead.
 */
export function shownValue(v: unknown): string {
  if (v === undefined) return 'nothing'
  if (typeof v === 'number' && !Number.isFinite(v)) return HUGE
  const json = JSON.stringify(v, (_, x: unknown) => (typeof x === 'number' && !Number.isFinite(x) ? `\0${x}` : x)) ?? String(v)
  return escaped(shortened(json.replace(/"\\u0000(-?Infinity)"/g, '$1')))
}

/**
 * A request's query parameters, refusing those the endpoint does not take (a typo would
 * silently widen a filter), one given twice, and NUL in a name or a value. `prefix`: names
 * that start with it are taken too (the filter's `context.<key>`).
 */
export function readParams(url: URL, allowed: readonly string[], prefix?: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const [k, v] of url.searchParams) {
    if (!allowed.includes(k) && !(prefix && k.startsWith(prefix))) {
      throw new HttpError(400, `unknown parameter ${quote(k)}: ${url.pathname} takes ${[...allowed, ...(prefix ? [`${prefix}<key>`] : [])].join(', ') || 'none'}`)
    }
    if (out.has(k)) throw new HttpError(400, `parameter ${quote(k)} is given twice`)
    if (k.includes('\0') || v.includes('\0')) throw new HttpError(400, `parameter ${quote(k)} ${NO_NUL}`)
    out.set(k, v)
  }
  return out
}

/**
 * Query parameter `name` of `p` as a whole number from `min` to `max` (`fallback` when it is not
 * there). Digits only: `0x10`, `1e3`, ` 5` and an empty value are refused, not read as numbers.
 */
export function whole(p: Map<string, string>, name: string, min: number, max: number, fallback?: number): number | undefined {
  const v = p.get(name)
  if (v === undefined) return fallback
  const n = Number(v)
  if (!/^\d{1,9}$/.test(v) || n < min || n > max) throw new HttpError(400, `${name} must be a whole number from ${min} to ${max} (got ${quote(v)})`)
  return n
}

/** A 400 about one field of a JSON body (`''`: the body as a whole). */
export class BodyError extends HttpError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(400, message)
  }
}

/**
 * Parsed JSON made ready to store: a `BodyError` when it holds a NUL or a number too large to
 * hold (naming the field; `whole` names the value itself), and every lone surrogate replaced by
 * U+FFFD, as in answers.
 * @example storable({ url: 'https://x.example/\0' }) // throws: url must not contain NUL…
 */
export function storable(value: unknown, whole = 'the body'): unknown {
  const at = nulPath(value)
  if (at !== undefined) throw new BodyError(at, `${at || whole} ${NO_NUL}`)
  const huge = hugePath(value)
  if (huge !== undefined) throw new BodyError(huge, `${huge || whole} is ${HUGE}`)
  return wellFormed(value)
}

/** A JSON body made ready to store (see `storable`): a `BodyError` when it is not JSON too, or gives a key twice in one object. */
export function parseJson(text: string): unknown {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (e) {
    throw new BodyError('', `the body is not valid JSON: ${escaped((e as Error).message)}`)
  }
  // JSON.parse keeps the last of a key given twice, and the other would be lost without a word.
  const twice = repeatedKeyProblem(text)
  if (twice) throw new BodyError('', twice)
  return storable(value)
}
