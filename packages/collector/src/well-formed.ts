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
