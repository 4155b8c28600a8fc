import { createContext } from 'preact'
import type { ConfigProblem } from '@touchpoint/core'
import type { HeldRows } from './draft-store.js'
import { getIn } from './paths.js'
import type { Key } from './paths.js'
import { doubledProblems } from './texts.js'
import type { TextRow } from './texts.js'

/** The keys of a path as the checker writes it: `surveys[2].labels.min` → `['surveys', 2, 'labels', 'min']`. */
export const keysOf = (path: string): Key[] => (path.match(/[^.[\]]+|\[\d+\]/g) ?? []).map((k) => (k.startsWith('[') ? Number(k.slice(1, -1)) : k))

/** The rows kept for the text at `at`, if they were typed over `value` as it is now. */
export const heldFor = (held: HeldRows, at: string, value: unknown): TextRow[] | undefined => {
  const h = Object.hasOwn(held, at) ? held[at] : undefined
  return h && h.on === (JSON.stringify(value) ?? '') ? h.rows : undefined
}

/** The problems of the rows kept in `held` that still stand over `config`: each a language given twice. */
export function heldProblems(held: HeldRows, config: unknown): ConfigProblem[] {
  return Object.keys(held).flatMap((at) => {
    const rows = heldFor(held, at, getIn(config, keysOf(at)))
    return rows ? doubledProblems(at, rows) : []
  })
}

/**
 * What the text fields of the studio share with it: the rows kept for each, and `hold`, which
 * keeps a field's rows over the value they make (`undefined`: none to keep).
 */
export const HeldRowsContext = createContext<{ held: HeldRows; hold(at: string, value: unknown, rows: TextRow[] | undefined): void }>({
  held: {},
  hold: () => {},
})
