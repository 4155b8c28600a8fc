import { useRef, useState } from 'preact/hooks'
import type { ConfigProblem } from '@touchpoint/core'
import { Errors } from './fields.js'
import { repeatedKeyProblem } from '../../repeated-key.js'

interface Props {
  id: string
  label: string
  value: unknown
  /** The checker's problems about this value, listed under the box with their paths. */
  problems: readonly ConfigProblem[]
  /**
   * The form's own problems with this value, worded for the list: rows the form keeps beside it
   * that give a key twice. This JSON holds the first of each and is not wrong for them: they are
   * said under the box, apart from its own problems, without marking it invalid.
   */
  formOnly?: readonly string[]
  onValue(v: unknown): void
  /** Text typed here before that did not parse, kept in the working copy: shown instead of `value`. */
  unparsed?: string
  /** Keeps text that does not parse (yet) in the working copy. */
  onUnparsed(text: string): void
}

/**
 * `text` parsed, or why it does not parse. A key given twice in one object does not parse here:
 * `JSON.parse` would keep the last and drop the others (a text, a trigger) without a word.
 */
function parse(text: string): { value: unknown } | { error: string } {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (err) {
    return { error: `Not JSON yet: ${(err as Error).message}` }
  }
  const twice = repeatedKeyProblem(text)
  return twice ? { error: twice } : { value }
}

/**
 * What the box holds: the JSON of the value it shows, the text in it, why that text does not
 * parse, if it does not, and the unparsed text of the working copy it matches (`undefined`: none).
 */
interface Kept {
  value: string
  typed: string
  error?: string
  unparsed?: string
}

/**
 * The raw JSON, for those who prefer it: edited as text, taken as soon as it parses (the form
 * and the preview follow), with the JSON error or the checker's problems under it. Text that
 * does not parse yet is kept in the working copy too, so that a reload brings it back.
 */
export function JsonEditor({ id, label, value, problems, formOnly = [], onValue, unparsed, onUnparsed }: Props) {
  const text = JSON.stringify(value, null, 2)
  const kept = useRef<Kept>(undefined)
  const [, rerender] = useState(0)
  // First shown, or changed elsewhere (the form, a rollback, another tab, which may also have
  // typed text that does not parse, or dropped it): show it.
  if (kept.current?.value !== text || kept.current.unparsed !== unparsed) {
    const r = unparsed === undefined ? undefined : parse(unparsed)
    kept.current = { value: text, typed: unparsed ?? text, error: r && 'error' in r ? r.error : undefined, unparsed }
  }
  const { error } = kept.current
  return (
    <div class="st-json">
      <label for={id}>{label}</label>
      <p class="st-hint" id={`${id}-hint`}>
        The checker of the SDK, and <a href="v1/config/schema">the JSON Schema</a> (for your editor: <code>"$schema"</code>), say what each field takes.
      </p>
      <textarea
        id={id}
        class="st-code"
        spellcheck={false}
        value={kept.current.typed}
        aria-describedby={`${id}-hint${error || problems.length ? ` ${id}-error` : ''}${formOnly.length ? ` ${id}-form` : ''}`}
        aria-invalid={error || problems.length ? true : undefined}
        onInput={(e) => {
          const typed = e.currentTarget.value
          const r = parse(typed)
          if ('value' in r) {
            kept.current = { value: JSON.stringify(r.value, null, 2), typed }
            onValue(r.value)
          } else {
            kept.current = { ...kept.current!, typed, error: r.error, unparsed: typed }
            onUnparsed(typed)
          }
          rerender((n) => n + 1)
        }}
      />
      <Errors id={id} errors={error ? [error] : problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message))} />
      {formOnly.length > 0 && (
        <div class="st-json-form" id={`${id}-form`}>
          <p class="st-note">
            In the form, not in this JSON, which holds the first of each: fix {formOnly.length === 1 ? 'it' : 'them'} in the form to publish (an edit of
            that field here replaces the form's rows instead).
          </p>
          <ul>
            {formOnly.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  )
}
