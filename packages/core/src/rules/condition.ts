import type { Condition } from '../types.js'

const COMPARE = {
  gt: (a: number, b: number) => a > b,
  gte: (a: number, b: number) => a >= b,
  lt: (a: number, b: number) => a < b,
  lte: (a: number, b: number) => a <= b,
}

/**
 * Whether a value meets a condition: a scalar means equals, a list means one of; an operator
 * object must meet every operator it has. Comparisons (`gt`, `gte`, `lt`, `lte`) need a number.
 * @example matchCondition({ gte: 100 }, 120) // true
 */
export function matchCondition(c: Condition, v: unknown): boolean {
  if (Array.isArray(c)) return c.includes(v as never)
  if (typeof c !== 'object') return v === c
  return (
    (c.exists === undefined || (v != null) === c.exists) &&
    (c.equals === undefined || v === c.equals) &&
    (c.oneOf === undefined || c.oneOf.includes(v as never)) &&
    (Object.keys(COMPARE) as (keyof typeof COMPARE)[]).every(
      (op) => c[op] === undefined || (typeof v === 'number' && COMPARE[op](v, c[op]!)),
    )
  )
}

/** The first name whose value fails its condition, or `undefined` when all hold. */
export function failedCondition(conditions: Record<string, Condition>, values: Record<string, unknown>): string | undefined {
  return Object.keys(conditions).find((k) => !matchCondition(conditions[k]!, values[k]))
}
