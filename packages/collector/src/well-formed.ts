// A lone UTF-16 surrogate (half of an emoji, what a page sends when it cuts a name mid-character)
// is valid in a JavaScript string and in JSON.parse's output, but not in UTF-8: PostgreSQL's
// jsonb refuses the `\ud83d` escape that JSON.stringify writes for it, and text drivers write
// U+FFFD in its place. Doing the replacement here makes every store keep the same text.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g

/** `s` with each lone surrogate replaced by U+FFFD (what `String.prototype.toWellFormed` does). */
export const wellFormedText = (s: string): string => s.replace(LONE_SURROGATE, '\ufffd')

/** `v` (parsed JSON) with every text made well-formed, object keys included. */
export function wellFormed<T>(v: T): T {
  if (typeof v === 'string') return wellFormedText(v) as T
  if (Array.isArray(v)) return v.map(wellFormed) as T
  if (typeof v !== 'object' || v === null) return v
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [wellFormedText(k), wellFormed(x)])) as T
}

/** The rule a text breaks when it holds a NUL, which neither PostgreSQL's text nor its jsonb can store. */
export const NO_NUL = 'must not contain NUL (\\u0000) characters'

/**
 * The path (`surveys[0].question`, `filter.touchpoint`) of the first value or member name in `v`
 * (parsed JSON) that `bad` is true of; `''` for `v` itself; `undefined` when none is. The path is
 * put together only on the way back from a match, so that a value without one costs a walk.
 */
export function pathWhere(v: unknown, bad: (x: unknown) => boolean): string | undefined {
  if (typeof v !== 'object' || v === null) return bad(v) ? '' : undefined
  const array = Array.isArray(v)
  for (const [k, x] of Object.entries(v)) {
    const below = !array && bad(k) ? '' : pathWhere(x, bad)
    if (below !== undefined) return `${array ? `[${k}]` : k}${below === '' || below.startsWith('[') ? '' : '.'}${below}`
  }
  return undefined
}

/** The path of the first text or member name in `v` that holds a NUL (see `pathWhere`). */
export const nulPath = (v: unknown) => pathWhere(v, (x) => typeof x === 'string' && x.includes('\0'))

/**
 * What a number is when JSON.parse read it as Infinity (`1e400`), which JSON.stringify would
 * store as `null`.
 */
export const HUGE = 'a number too large to hold (beyond ±1.8e308)'

/** The path of the first number in `v` too large to hold, read as ±Infinity (see `pathWhere`). */
export const hugePath = (v: unknown) => pathWhere(v, (x) => typeof x === 'number' && !Number.isFinite(x))
