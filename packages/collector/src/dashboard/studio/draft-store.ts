// Unpublished changes are kept in this browser (localStorage), so that a reload, a closed tab
// or a look at the dashboard loses nothing. They hold no answers and no token: survey
// definitions only, which every visitor's browser receives anyway once published.
import type { SurveyConfig } from '@touchpoint/core'
import { isConditionLine } from './conditions.js'
import type { ConditionLine } from './conditions.js'
import { isTextRow } from './texts.js'
import type { TextRow } from './texts.js'

const KEY = 'touchpoint-studio-draft'
const ROWS_KEY = 'touchpoint-studio-rows'

/** A working copy of the config, and the version it was made on (0: none was published). */
export interface Draft {
  base: number
  config: SurveyConfig
  /**
   * JSON typed in a JSON view that does not parse yet: kept until it parses (then it is in
   * `config`) or the changes are discarded. `at` is the view (`config`, or `surveys[2]`), `on`
   * the JSON of the value it was typed over, so that an edit made elsewhere since wins.
   */
  typed?: Typed
}

/** Text typed in one JSON view, over the value whose JSON is `on`. */
export interface Typed {
  at: string
  on: string
  text: string
}

const isTyped = (t: unknown): t is Typed => typeof t === 'object' && t !== null && ['at', 'on', 'text'].every((k) => typeof (t as Record<string, unknown>)[k] === 'string')

/**
 * The rows of a field that give a key twice, by the field's path: a text's rows that give a
 * language twice (`surveys[2].question`), the lines of conditions that compare a property the
 * same way twice (`surveys[2].audience.attributes`). An object cannot hold them, so they are
 * kept as typed beside the draft, over the value whose JSON is `on` (an edit made elsewhere
 * since wins).
 */
export type HeldRows = Record<string, { on: string; rows: TextRow[] | ConditionLine[] }>

const isRows = (rows: unknown) => Array.isArray(rows) && (rows.every(isTextRow) || rows.every(isConditionLine))

/** The rows kept, if any. */
export function loadHeldRows(): HeldRows {
  try {
    const h = JSON.parse(localStorage.getItem(ROWS_KEY) ?? 'null') as unknown
    if (typeof h !== 'object' || h === null || Array.isArray(h)) return {}
    return Object.fromEntries(
      Object.entries(h).filter(([, v]) => typeof v === 'object' && v !== null && typeof v.on === 'string' && isRows(v.rows)),
    ) as HeldRows
  } catch {
    return {}
  }
}

/** Keeps the rows; none forgets them. */
export function saveHeldRows(h: HeldRows): void {
  try {
    if (Object.keys(h).length) localStorage.setItem(ROWS_KEY, JSON.stringify(h))
    else localStorage.removeItem(ROWS_KEY)
  } catch {
    // Full or off: the rows live in this page only.
  }
}

/** The kept draft, if any. */
export function loadDraft(): Draft | undefined {
  try {
    const d = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Draft | null
    if (d && typeof d.base === 'number' && typeof d.config === 'object' && d.config) return isTyped(d.typed) ? d : { base: d.base, config: d.config }
  } catch {
    // Storage off, or not ours: start from the published version.
  }
}

/** Keeps the draft; `undefined` forgets it. */
export function saveDraft(d: Draft | undefined): void {
  try {
    if (d) localStorage.setItem(KEY, JSON.stringify(d))
    else localStorage.removeItem(KEY)
  } catch {
    // Full or off: the draft lives in this page only.
  }
}

/**
 * Calls `changed` when another tab of this browser changes the kept draft or rows (an edit, a
 * publish, Discard changes); returns what stops listening.
 */
export function onDraftChange(changed: () => void): () => void {
  const listener = (e: StorageEvent) => {
    if (e.key === KEY || e.key === ROWS_KEY || e.key === null) changed()
  }
  addEventListener('storage', listener)
  return () => removeEventListener('storage', listener)
}
