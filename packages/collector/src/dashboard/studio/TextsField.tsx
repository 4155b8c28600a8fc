import type { ConfigProblem, Text } from '@touchpoint/core'
import { describedBy, Errors } from './fields.js'
import { useHeldRows } from './held-rows.js'
import { fieldId, messagesAt, rowPath } from './paths.js'
import { doubledRows, isTextRow, rowsText, textRows } from './texts.js'
import type { TextRow } from './texts.js'

/** Languages offered first: those the prompts speak; any other BCP 47 tag can be typed. */
const SUGGESTED = ['en', 'ar', 'de', 'es', 'fr', 'it', 'ja', 'nl', 'pt', 'pt-BR']

interface Props {
  /** The checker's path of the text, e.g. `surveys[2].question`. */
  path: string
  label: string
  hint?: string
  value: Text | undefined
  /** Shown in an empty box: what visitors see without a text of yours. */
  placeholder?: string
  problems: readonly ConfigProblem[]
  onValue(t: Text | undefined): void
  multiline?: boolean
}

/**
 * A text a visitor reads, in one or several languages: one box for every language, or one
 * per language once a translation is added (`{ "en": …, "it": … }`).
 */
export function TextsField({ path, label, hint, value, placeholder, problems, onValue, multiline }: Props) {
  const toText = (next: TextRow[]) => (next.length === 1 && !next[0]!.lang && !next[0]!.text ? undefined : rowsText(next))
  // Rows that give a language twice make a text with the first of each: the studio keeps them
  // as typed and counts each later one a problem.
  const [rows, set] = useHeldRows(path, value, isTextRow, textRows, toText, doubledRows, onValue)
  const shown: TextRow[] = rows.length ? rows : [{ lang: '', text: '' }]
  const id = fieldId(path)
  const change = (i: number, patch: Partial<TextRow>) => set(shown.map((r, j) => (j === i ? { ...r, ...patch } : r)))
  const own = messagesAt(problems, path)
  const several = shown.length > 1 || !!shown[0]!.lang
  return (
    <fieldset class={`st-texts${own.length ? ' invalid' : ''}`} id={id} aria-describedby={describedBy(id, hint, own)}>
      <legend>{label}</legend>
      {shown.map((r, i) => {
        const textPath = r.lang ? `${path}.${r.lang}` : path
        const rowId = several ? `${id}-${i}` : `${id}-text`
        // The checker's words on a language's text go to the row whose text that is: the first.
        const first = shown.findIndex((x) => x.lang === r.lang) === i
        const errors = several && first ? messagesAt(problems, textPath) : []
        // The language box's id is its problem's field id, so that the editor's list links to it.
        const langId = fieldId(rowPath(path, i))
        const langErrors = messagesAt(problems, rowPath(path, i))
        const Box = multiline ? 'textarea' : 'input'
        return (
          <div class="st-text-row" key={i}>
            {several && (
              <span class="st-lang">
                <label for={langId}>Language</label>
                <input
                  id={langId}
                  class="st-lang-input"
                  value={r.lang}
                  list="st-languages"
                  placeholder="e.g. it"
                  spellcheck={false}
                  required
                  aria-invalid={langErrors.length ? true : undefined}
                  aria-describedby={describedBy(langId, false, langErrors)}
                  onInput={(e) => change(i, { lang: e.currentTarget.value.trim() })}
                />
              </span>
            )}
            <span class="st-text-box">
              <label for={rowId} class={several ? '' : 'sr-only'}>
                {several ? `Text${r.lang ? ` (${r.lang})` : ''}` : label}
              </label>
              <Box
                id={rowId}
                value={r.text}
                dir="auto"
                placeholder={i === 0 ? placeholder : undefined}
                maxLength={500}
                aria-describedby={describedBy(rowId, false, errors)}
                aria-invalid={(several ? errors : own).length ? true : undefined}
                onInput={(e: Event) => change(i, { text: (e.currentTarget as HTMLInputElement).value })}
              />
              <Errors id={rowId} errors={errors} />
            </span>
            {several && (
              <button type="button" class="button ghost st-remove" onClick={() => set(shown.filter((_, j) => j !== i))} aria-label={`Remove the ${r.lang || 'untitled'} text of ${label.toLowerCase()}`}>
                Remove
              </button>
            )}
            {several && <Errors id={langId} errors={langErrors} />}
          </div>
        )
      })}
      <button
        type="button"
        class="button st-add"
        onClick={() => set(several ? [...shown, { lang: '', text: '' }] : [{ lang: 'en', text: shown[0]!.text }, { lang: '', text: '' }])}
      >
        {several ? 'Add a language' : 'Translate'}
      </button>
      {hint && (
        <p class="st-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <Errors id={id} errors={own} />
    </fieldset>
  )
}

/** The suggestions of every language box (one list for the page). */
export const LanguageList = () => (
  <datalist id="st-languages">
    {SUGGESTED.map((l) => (
      <option key={l} value={l} />
    ))}
  </datalist>
)
