// Unpublished changes are kept in this browser (localStorage), so that a reload, a closed tab
// or a look at the dashboard loses nothing. They hold no answers and no token: survey
// definitions only, which every visitor's browser receives anyway once published.
import type { SurveyConfig } from '@touchpoint/core'

const KEY = 'touchpoint-studio-draft'

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
 * Calls `changed` when another tab of this browser changes the kept draft (an edit, a publish,
 * Discard changes); returns what stops listening.
 */
export function onDraftChange(changed: () => void): () => void {
  const listener = (e: StorageEvent) => {
    if (e.key === KEY || e.key === null) changed()
  }
  addEventListener('storage', listener)
  return () => removeEventListener('storage', listener)
}
