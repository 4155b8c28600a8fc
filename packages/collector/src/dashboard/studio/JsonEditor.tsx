import { useRef, useState } from 'preact/hooks'
import type { ConfigProblem } from '@touchpoint/core'
import { Errors } from './fields.js'

interface Props {
  id: string
  label: string
  value: unknown
  /** The checker's problems about this value, listed under the box with their paths. */
  problems: readonly ConfigProblem[]
  onValue(v: unknown): void
}

/**
 * The raw JSON, for those who prefer it: edited as text, taken as soon as it parses (the form
 * and the preview follow), with the JSON error or the checker's problems under it.
 */
export function JsonEditor({ id, label, value, problems, onValue }: Props) {
  const text = JSON.stringify(value, null, 2)
  const kept = useRef({ value: text, typed: text })
  const [parseError, setParseError] = useState<string>()
  const [, rerender] = useState(0)
  // Changed elsewhere (the form, a rollback): show it.
  if (kept.current.value !== text) kept.current = { value: text, typed: text }
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
        aria-describedby={`${id}-hint${parseError || problems.length ? ` ${id}-error` : ''}`}
        aria-invalid={parseError || problems.length ? true : undefined}
        onInput={(e) => {
          const typed = e.currentTarget.value
          kept.current = { ...kept.current, typed }
          try {
            const parsed: unknown = JSON.parse(typed)
            setParseError(undefined)
            kept.current = { value: JSON.stringify(parsed, null, 2), typed }
            onValue(parsed)
          } catch (err) {
            setParseError((err as Error).message)
          }
          rerender((n) => n + 1)
        }}
      />
      <Errors id={id} errors={parseError ? [`Not JSON yet: ${parseError}`] : problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message))} />
    </div>
  )
}
