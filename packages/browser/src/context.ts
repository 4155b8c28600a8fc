import type { Context } from '@touchpoint/core'

// RESPONSE_LIMITS.contextKeys and .contextValue, written out: importing core's limits here would
// make Rollup split them into a chunk of their own, shared with the delivery chunk (a request
// more for every prompt). A test holds them equal.
const MAX_KEYS = 20
const MAX_VALUE = 200

/**
 * A value an answer's context may hold: a string that fits, a boolean, a finite number. Never
 * an object, so that what a key finds on `Object.prototype` (`constructor`, `__proto__`) is
 * never taken.
 */
const usable = (v: unknown) => (typeof v === 'string' ? v.length <= MAX_VALUE : v === !!v || Number.isFinite(v))

/**
 * The context an answer carries: the values in `source` of the keys the survey lists (the
 * first 20), or in `fallback` where `source` has none (`undefined` is none), and nothing else.
 * A value that is not usable is left out; a string too long too, not cut: a cut order id names
 * another order, or none. `undefined` when no listed key has a value.
 * @example pickContext(['orderId', 'plan'], { orderId: 'A-1', plan: undefined, email: 'x@y' }, { plan: 'pro' }) // { orderId: 'A-1', plan: 'pro' }
 */
export function pickContext(keys: readonly string[] = [], source: Record<string, unknown> = {}, fallback: Record<string, unknown> = {}): Context | undefined {
  const picked = keys
    .slice(0, MAX_KEYS)
    .map((k) => [k, source[k] === undefined ? fallback[k] : source[k]])
    .filter(([, v]) => usable(v))
  // fromEntries defines each key as the object's own, `__proto__` included.
  return picked[0] && Object.fromEntries(picked)
}
