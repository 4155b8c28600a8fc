import { createContext } from 'preact'
import type { ConfigProblem } from '@touchpoint/core'
import type { HeldRows } from './draft-store.js'
import { getIn } from './paths.js'
import type { Key } from './paths.js'
import { doubledLinesProblems, isConditionLine } from './conditions.js'
import type { ConditionLine } from './conditions.js'
import { doubledProblems, isTextRow } from './texts.js'
import type { TextRow } from './texts.js'

/** The keys of a path as the checker writes it: `surveys[2].labels.min` → `['surveys', 2, 'labels', 'min']`. */
export const keysOf = (path: string): Key[] => (path.match(/[^.[\]]+|\[\d+\]/g) ?? []).map((k) => (k.startsWith('[') ? Number(k.slice(1, -1)) : k))

/** The rows kept for the field at `at`, if they were typed over `value` as it is now. */
export const heldFor = (held: HeldRows, at: string, value: unknown): TextRow[] | ConditionLine[] | undefined => {
  const h = Object.hasOwn(held, at) ? held[at] : undefined
  return h && h.on === (JSON.stringify(value) ?? '') ? h.rows : undefined
}

/** The rows kept for the text at `at`, if they were typed over `value` as it is now. */
export const heldTexts = (held: HeldRows, at: string, value: unknown): TextRow[] | undefined => {
  const rows = heldFor(held, at, value)
  return rows && (rows as unknown[]).every(isTextRow) ? (rows as TextRow[]) : undefined
}

/** The lines kept for the conditions at `at`, if they were typed over `value` as it is now. */
export const heldLines = (held: HeldRows, at: string, value: unknown): ConditionLine[] | undefined => {
  const rows = heldFor(held, at, value)
  return rows && (rows as unknown[]).every(isConditionLine) ? (rows as ConditionLine[]) : undefined
}

/**
 * The problems of the rows kept in `held` that still stand over `config`: each a language given
 * twice, or a property compared the same way twice. They are the form's: the JSON holds the
 * first of each and cannot hold the later one, so its view does not count them against it.
 */
export function heldProblems(held: HeldRows, config: unknown): ConfigProblem[] {
  return Object.keys(held).flatMap((at) => {
    const value = getIn(config, keysOf(at))
    const texts = heldTexts(held, at, value)
    if (texts) return doubledProblems(at, texts)
    const lines = heldLines(held, at, value)
    return lines ? doubledLinesProblems(at, lines) : []
  })
}

/**
 * What the text fields of the studio share with it: the rows kept for each, and `hold`, which
 * keeps a field's rows over the value they make (`undefined`: none to keep).
 */
export const HeldRowsContext = createContext<{ held: HeldRows; hold(at: string, value: unknown, rows: TextRow[] | ConditionLine[] | undefined): void }>({
  held: {},
  hold: () => {},
})
