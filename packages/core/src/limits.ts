/**
 * The longest value of each response field that a collector must accept, in UTF-16 code units
 * (JavaScript's `length`); `attributes` counts the characters of its JSON. The SDK never sends
 * more: it trims or leaves out what is longer, so that no answer is refused for a long URL.
 * The reference collector rejects a record over any of them. Events share the fields of
 * answers (`touchpoint`, `locale`, `trigger`, `page`, `visitor`) and their limits.
 *
 * `context` on an answer: at most `contextKeys` keys, each a name of 1–`contextKey` letters,
 * digits or `_ . : -`, each value a string of at most `contextValue` characters, a finite
 * number or a boolean. A survey's config lists at most `contextKeys` names.
 */
export const RESPONSE_LIMITS = {
  comment: 5000,
  touchpoint: 64,
  locale: 35,
  trigger: 200,
  url: 2048,
  path: 2048,
  referrer: 2048,
  anonymousId: 100,
  userId: 200,
  attributes: 4096,
  contextKeys: 20,
  contextKey: 64,
  contextValue: 200,
} as const

/** The rule for a context key's name (a survey's `context` entries, an answer's `context` keys). */
export const CONTEXT_KEY = /^[\w.:-]{1,64}$/
