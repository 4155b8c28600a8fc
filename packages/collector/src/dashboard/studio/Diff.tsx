import type { Change } from './config-diff.js'

/** `backticks` in plain words as code. */
export function Words({ text }: { text: string }) {
  return (
    <>
      {text.split(/`([^`]*)`/).map((part, i) => (i % 2 ? <code key={i}>{part}</code> : part))}
    </>
  )
}

/** A config diff in plain words: one entry per survey, then the config's own changes. */
export function Diff({ diff }: { diff: readonly Change[] }) {
  if (!diff.length) return <p class="muted">No changes.</p>
  return (
    <ul class="st-diff">
      {diff.map((c) => (
        <li key={c.survey ?? ''}>
          <strong>{c.survey ?? 'All surveys'}</strong>: <Words text={c.changes.join('; ')} />
        </li>
      ))}
    </ul>
  )
}
