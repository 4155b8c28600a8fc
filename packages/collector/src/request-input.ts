import { HttpError } from './http-error.js'
import { wellFormed } from './well-formed.js'

// What every endpoint reads from a request before it looks at the meaning: the query string and
// a JSON body. A NUL character is valid in both, but PostgreSQL cannot hold it in text or jsonb:
// it is refused here, naming where it is, instead of failing the query (500) or, worse, being
// stored by one store and unreadable by the other.

const NUL_MESSAGE = 'must not contain NUL (\\u0000) characters'

/** A name or value for a message, cut to a readable length. */
export const quote = (s: string) => JSON.stringify(s.length > 60 ? `${s.slice(0, 57)}…` : s)

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
    if (k.includes('\0') || v.includes('\0')) throw new HttpError(400, `parameter ${quote(k)} ${NUL_MESSAGE}`)
    out.set(k, v)
  }
  return out
}

/**
 * The path (`surveys[0].question`, `filter.touchpoint`) of the first text or member name in
 * `v` that holds a NUL; `''` for `v` itself; `undefined` when there is none.
 */
export function nulPath(v: unknown, path = ''): string | undefined {
  if (typeof v === 'string') return v.includes('\0') ? path : undefined
  if (typeof v !== 'object' || v === null) return undefined
  const array = Array.isArray(v)
  for (const [k, x] of Object.entries(v)) {
    const at = array ? `${path}[${k}]` : path ? `${path}.${k}` : k
    if (k.includes('\0')) return at
    const found = nulPath(x, at)
    if (found !== undefined) return found
  }
  return undefined
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
 * A JSON body made ready to store: a `BodyError` when it is not JSON or holds a NUL (naming the
 * field), and every lone surrogate replaced by U+FFFD, as in answers.
 * @example parseJson('{"url":"https://x.example/\\u0000"}') // throws: url must not contain NUL…
 */
export function parseJson(text: string): unknown {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (e) {
    throw new BodyError('', `the body is not valid JSON: ${(e as Error).message}`)
  }
  const at = nulPath(value)
  if (at !== undefined) throw new BodyError(at, `${at || 'the body'} ${NUL_MESSAGE}`)
  return wellFormed(value)
}
