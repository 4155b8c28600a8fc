import type { Condition, Scalar } from '@touchpoint/core'

/** What a line compares with. */
export const OPERATORS = ['is', 'oneOf', 'set', 'unset', 'gt', 'gte', 'lt', 'lte'] as const
export type Operator = (typeof OPERATORS)[number]
/** How a line's value is read: as text, a number, or true / false. */
export type ValueKind = 'text' | 'number' | 'boolean'

/** One line of conditions: property `name`, compared by `op` with `value` (typed as `kind`). */
export interface ConditionLine {
  name: string
  op: Operator
  value: string
  kind: ValueKind
}

const kindOf = (v: unknown): ValueKind => (typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'boolean' : 'text')
const OPS: Record<string, Operator> = { equals: 'is', oneOf: 'oneOf', gt: 'gt', gte: 'gte', lt: 'lt', lte: 'lte' }
const KEYS: Partial<Record<Operator, string>> = { is: 'equals', oneOf: 'oneOf', gt: 'gt', gte: 'gte', lt: 'lt', lte: 'lte' }

/**
 * Conditions (`where`, `audience.attributes`) as the form edits them: one line per property
 * and operator, so that `{ "seats": { "gte": 5, "lt": 50 } }` is two lines.
 */
export function conditionLines(conditions: Record<string, Condition> | undefined): ConditionLine[] {
  const out: ConditionLine[] = []
  for (const [name, c] of Object.entries(conditions ?? {})) {
    if (Array.isArray(c)) out.push({ name, op: 'oneOf', value: c.join(', '), kind: kindOf(c[0]) })
    else if (typeof c !== 'object' || c === null) out.push({ name, op: 'is', value: String(c), kind: kindOf(c) })
    else {
      for (const [k, v] of Object.entries(c)) {
        if (k === 'exists') out.push({ name, op: v ? 'set' : 'unset', value: '', kind: 'text' })
        else if (Array.isArray(v)) out.push({ name, op: 'oneOf', value: v.join(', '), kind: kindOf(v[0]) })
        else out.push({ name, op: OPS[k] ?? 'is', value: String(v), kind: kindOf(v) })
      }
    }
  }
  return out
}

/** A typed value from what was typed; text that is not the number it should be stays text, for the checker to name. */
export function typedValue(value: string, kind: ValueKind): Scalar {
  if (kind === 'boolean') return value === 'true'
  if (kind === 'number' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value)
  return value
}

/**
 * The conditions the form's lines make. A property with one line is written the short way
 * (`"plan": "pro"`, `"plan": ["pro", "team"]`); with several, as an operator object.
 */
export function linesConditions(lines: readonly ConditionLine[]): Record<string, Condition> | undefined {
  if (!lines.length) return undefined
  const byName = new Map<string, ConditionLine[]>()
  for (const l of lines) byName.set(l.name, [...(byName.get(l.name) ?? []), l])
  const list = (l: ConditionLine) => l.value.split(',').map((v) => v.trim()).filter(Boolean).map((v) => typedValue(v, l.kind))
  const one = (l: ConditionLine) => (l.op === 'oneOf' ? list(l) : l.op === 'gt' || l.op === 'gte' || l.op === 'lt' || l.op === 'lte' ? typedValue(l.value, 'number') : typedValue(l.value, l.kind))
  const out: Record<string, Condition> = {}
  for (const [name, ls] of byName) {
    if (ls.length === 1 && (ls[0]!.op === 'is' || ls[0]!.op === 'oneOf')) out[name] = one(ls[0]!)
    else {
      const c: Record<string, unknown> = {}
      for (const l of ls) {
        if (l.op === 'set' || l.op === 'unset') c.exists = l.op === 'set'
        else c[KEYS[l.op]!] = one(l)
      }
      out[name] = c as Condition
    }
  }
  return out
}

const WORDS: Record<Operator, string> = { is: 'is', oneOf: 'is one of', set: 'is set', unset: 'is not set', gt: '>', gte: '≥', lt: '<', lte: '≤' }

/** Conditions in plain words: `resolved is true and seats ≥ 5`. */
export function describeConditions(conditions: Record<string, Condition> | undefined): string {
  return conditionLines(conditions)
    .map((l) => `${l.name} ${WORDS[l.op]}${l.op === 'set' || l.op === 'unset' ? '' : ` ${l.value}`}`)
    .join(' and ')
}

/** The operators in words, for the form's menu. */
export const OPERATOR_WORDS = WORDS
