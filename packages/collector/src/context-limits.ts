/**
 * What an answer's `context` may hold: at most `keys` keys, each a name of 1–`keyLength`
 * letters, digits or `_ . : -`, each value a string of at most `valueLength` characters, a
 * finite number or a boolean. The SDK sends no more (it takes only the keys a survey lists).
 * Collector-side copy of the limits core's RESPONSE_LIMITS holds (contextKeys, contextKey,
 * contextValue) and of core's CONTEXT_KEY, until the collector reads them from core.
 */
export const COLLECTOR_CONTEXT_LIMITS = { keys: 20, keyLength: 64, valueLength: 200 } as const

/** A context key's name. */
export const COLLECTOR_CONTEXT_KEY = /^[\w.:-]{1,64}$/
