import { createContext } from 'preact'
import { useContext } from 'preact/hooks'
import type { ConfigProblem } from '@touchpoint/core'
import type { HeldRows } from './draft-store.js'
import { getIn, keysOf } from './paths.js'
import { doubledLinesProblems, isConditionLine, notNumberLinesProblems } from './conditions.js'
import type { ConditionLine } from './conditions.js'
import { doubledProblems, isTextRow } from './texts.js'
import type { TextRow } from './texts.js'
import { useRows } from './use-rows.js'

/** The rows kept for the field at `at`, if they were typed over `value` as it is now and are rows of its kind (`is`). */
const heldFor = <R>(held: HeldRows, at: string, value: unknown, is: (r: unknown) => r is R): R[] | undefined => {
  const h = Object.hasOwn(held, at) ? held[at] : undefined
  return h && h.on === (JSON.stringify(value) ?? '') && (h.rows as unknown[]).every(is) ? (h.rows as R[]) : undefined
}

/**
 * The problems of the rows kept in `held` that still stand over `config`: each a language given
 * twice, a property compared the same way twice, or a number that is none. They are the form's:
 * the JSON holds the first of each and cannot hold the later one (nor a number typed as one), so
 * its view does not count them against it.
 */
export function heldProblems(held: HeldRows, config: unknown): ConfigProblem[] {
  return Object.keys(held).flatMap((at) => {
    const value = getIn(config, keysOf(at))
    const texts = heldFor(held, at, value, isTextRow)
    if (texts) return doubledProblems(at, texts)
    const lines = heldFor(held, at, value, isConditionLine)
    return lines ? [...doubledLinesProblems(at, lines), ...notNumberLinesProblems(at, lines)] : []
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

/**
 * `useRows` for a field whose rows make an object (a text's languages, conditions): rows that
 * give a key twice (`doubled`) make the value with the first of each, and are kept as typed by
 * the studio (`HeldRowsContext`), so that a reload or another view brings them back; the rows
 * the studio keeps for the field are read back first (`is`: rows of its kind).
 */
export function useHeldRows<V, R>(
  path: string,
  value: V,
  is: (r: unknown) => r is R,
  toRows: (v: V) => R[],
  fromRows: (rows: R[]) => V,
  doubled: (rows: R[]) => number[],
  onValue: (v: V) => void,
): [R[], (rows: R[]) => void] {
  const { held, hold } = useContext(HeldRowsContext)
  const [rows, setRows] = useRows(value, (v) => heldFor(held, path, v, is) ?? toRows(v), fromRows, onValue)
  const set = (next: R[]) => {
    hold(path, fromRows(next), doubled(next).length ? (next as TextRow[] | ConditionLine[]) : undefined)
    setRows(next)
  }
  return [rows, set]
}
