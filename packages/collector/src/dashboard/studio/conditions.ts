import type { Condition, ConfigProblem, Scalar } from '@touchpoint/core'
import { inSurvey, laterRepeats, rowPath } from './paths.js'

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
  /**
   * For a line read from the config: the value it was read from, exactly, and the line it made
   * (`JSON.stringify([op, value, kind])`). While the line is as it was made, it writes that value
   * back, which its text cannot always say: a list of a text and a number (`["pro", 5]`), a value
   * with a comma in it (`"Rome, Italy"`), spaces around a value.
   */
  read?: { json: Scalar | Scalar[]; as: string }
}

const kindOf = (v: unknown): ValueKind => (typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'boolean' : 'text')
const OPS: Record<string, Operator> = { equals: 'is', oneOf: 'oneOf', gt: 'gt', gte: 'gte', lt: 'lt', lte: 'lte' }
const KEYS: Record<Operator, string> = { is: 'equals', oneOf: 'oneOf', set: 'exists', unset: 'exists', gt: 'gt', gte: 'gte', lt: 'lt', lte: 'lte' }
const KINDS: readonly string[] = ['text', 'number', 'boolean']

/** Whether `l` is a line as the form keeps it (rows kept in the browser are read back through this). */
export const isConditionLine = (l: unknown): l is ConditionLine =>
  typeof l === 'object' &&
  l !== null &&
  typeof (l as ConditionLine).name === 'string' &&
  (OPERATORS as readonly unknown[]).includes((l as ConditionLine).op) &&
  typeof (l as ConditionLine).value === 'string' &&
  KINDS.includes((l as ConditionLine).kind)

/**
 * Conditions (`where`, `audience.attributes`) as the form edits them: one line per property
 * and operator, so that `{ "seats": { "gte": 5, "lt": 50 } }` is two lines.
 */
export function conditionLines(conditions: Record<string, Condition> | undefined): ConditionLine[] {
  const out: ConditionLine[] = []
  const line = (name: string, op: Operator, json: Scalar | Scalar[]) => {
    const [value, kind] = Array.isArray(json) ? [json.join(', '), kindOf(json[0])] : [String(json), kindOf(json)]
    out.push({ name, op, value, kind, read: { json, as: JSON.stringify([op, value, kind]) } })
  }
  for (const [name, c] of Object.entries(conditions ?? {})) {
    if (Array.isArray(c)) line(name, 'oneOf', c)
    else if (typeof c !== 'object' || c === null) line(name, 'is', c as Scalar)
    else {
      for (const [k, v] of Object.entries(c)) {
        if (k === 'exists') out.push({ name, op: v ? 'set' : 'unset', value: '', kind: 'text' })
        else line(name, Array.isArray(v) ? 'oneOf' : (OPS[k] ?? 'is'), v as Scalar | Scalar[])
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
 * The lines that write a key an earlier line of the same property already writes (their
 * indexes): `plan is pro` then `plan is team` both write `plan.equals`, `is set` and `is not set`
 * both write `exists`. An object holds one value per key, so each such line is a problem to fix.
 * @example doubledLines([{ name: 'seats', op: 'gte', value: '5', kind: 'number' }, { name: 'seats', op: 'gte', value: '10', kind: 'number' }]) // [1]
 */
export const doubledLines = (lines: readonly ConditionLine[]): number[] => laterRepeats(lines, (l) => JSON.stringify([l.name, KEYS[l.op]]))

/** The values of a line read as numbers that are none: `5a`, or `two` in `1, two`. */
const notNumbers = (l: ConditionLine) =>
  l.kind === 'number' && (l.op === 'is' || l.op === 'oneOf') ? valuesOf(l).filter((v) => typeof typedValue(v, 'number') !== 'number') : []

/**
 * The lines read as numbers whose value is not one (their indexes). Written as text, they would
 * be published as such, and no number could ever match them.
 */
export const notNumberLines = (lines: readonly ConditionLine[]): number[] => lines.flatMap((l, i) => (notNumbers(l).length ? [i] : []))

/** The lines the form keeps as typed, over a value that cannot say them: those given twice, and numbers that are none. */
export const heldLines = (lines: readonly ConditionLine[]): number[] => [...doubledLines(lines), ...notNumberLines(lines)]

/** The problems of the lines read as numbers whose value is not one, on their comparison box. */
export function notNumberLinesProblems(path: string, lines: readonly ConditionLine[]): ConfigProblem[] {
  return notNumberLines(lines).map((i) => {
    const l = lines[i]!
    const wrong = notNumbers(l)
    return { path: rowPath(path, i), message: `${inSurvey(path)}.${l.name} is read as a number, and ${wrong.map((v) => JSON.stringify(v)).join(', ')} ${wrong.length === 1 ? 'is none' : 'are none'}: write digits (5, 2.5), or read it as text` }
  })
}

/** The values a line gives, as typed: `pro, team` → `['pro', 'team']`. */
const valuesOf = (l: ConditionLine) => l.value.split(',').map((v) => v.trim()).filter(Boolean)

/**
 * The conditions the form's lines make. A property with one line is written the short way
 * (`"plan": "pro"`, `"plan": ["pro", "team"]`); with several, as an operator object. A line
 * that compares a property the way an earlier line already does is left out, not merged over
 * the earlier one: the form keeps it and flags it (`doubledLines`) until it is changed or
 * removed, and nothing is published meanwhile.
 */
export function linesConditions(lines: readonly ConditionLine[]): Record<string, Condition> | undefined {
  if (!lines.length) return undefined
  const doubled = new Set(doubledLines(lines))
  const byName = new Map<string, ConditionLine[]>()
  lines.forEach((l, i) => doubled.has(i) || byName.set(l.name, [...(byName.get(l.name) ?? []), l]))
  const list = (l: ConditionLine) => valuesOf(l).map((v) => typedValue(v, l.kind))
  const typed = (l: ConditionLine) => (l.op === 'oneOf' ? list(l) : l.op === 'gt' || l.op === 'gte' || l.op === 'lt' || l.op === 'lte' ? typedValue(l.value, 'number') : typedValue(l.value, l.kind))
  // A line as it was read writes back what it was read from; one changed since, what it says.
  const one = (l: ConditionLine) => (l.read?.as === JSON.stringify([l.op, l.value, l.kind]) ? l.read.json : typed(l))
  const out: Record<string, Condition> = {}
  for (const [name, ls] of byName) {
    if (ls.length === 1 && (ls[0]!.op === 'is' || ls[0]!.op === 'oneOf')) out[name] = one(ls[0]!)
    else {
      const c: Record<string, unknown> = {}
      for (const l of ls) {
        if (l.op === 'set' || l.op === 'unset') c.exists = l.op === 'set'
        else c[KEYS[l.op]] = one(l)
      }
      out[name] = c as Condition
    }
  }
  return out
}

/**
 * The problems of the lines of the conditions at `path` (`surveys[2].audience.attributes`) that
 * compare a property the way an earlier line already does, worded as the checker words its own
 * (the field's path within its survey first), each with what to do instead.
 */
export function doubledLinesProblems(path: string, lines: readonly ConditionLine[]): ConfigProblem[] {
  const field = inSurvey(path)
  return doubledLines(lines).map((i) => {
    const l = lines[i]!
    const first = lines.find((x) => x.name === l.name && KEYS[x.op] === KEYS[l.op])!
    const at = `${field}.${l.name}`
    const values = [first, l].flatMap(valuesOf)
    const message = !l.name
      ? `${field} has a second "${WORDS[l.op]}" condition without a name: type its name, or remove it`
      : l.op === 'is' && first.op === 'is'
        ? `${at} is compared with "is" twice, and only the first counts: for either value, make it one "is one of" line (${[...new Set(values)].join(', ')}); else remove one`
        : l.op === 'oneOf'
          ? `${at} is compared with "is one of" twice, and only the first counts: put all the values in one line (${[...new Set(values)].join(', ')}), or remove one`
          : l.op === 'set' || l.op === 'unset'
            ? first.op === l.op
              ? `${at} "${WORDS[l.op]}" is given twice: remove one`
              : `${at} is both "is set" and "is not set", which no ${l.name} can be: remove the one you do not mean`
            : `${at} is compared with "${WORDS[l.op]}" twice, and only the first counts: keep the one you mean (both would have to hold: the stricter) and remove the other`
    return { path: rowPath(path, i), message }
  })
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
