import { useState } from 'preact/hooks'
import type { ConfigProblem } from '@touchpoint/core'
import { formatDateTime } from '../format.js'
import type { PublishResult, VersionSummary } from './client.js'
import type { Change } from './config-diff.js'
import { Dialog } from './Dialog.js'
import { Diff } from './Diff.js'

interface Props {
  diff: readonly Change[]
  liveVersion: number
  /** Publishes with a note, on top of `base` (the version the changes were made on, or the one that won a conflict). */
  onPublish(note: string, base?: number): Promise<PublishResult>
  /** Drops the changes and loads the latest version. */
  onDiscard(): void
  onClose(): void
}

/**
 * Publish: what changes from the live version, in plain words, and an optional note. When
 * someone published meanwhile, says who and when, and lets the person choose: load theirs, or
 * publish over it.
 */
export function PublishDialog({ diff, liveVersion, onPublish, onDiscard, onClose }: Props) {
  const [note, setNote] = useState('')
  const [busy, setBusy] = useState(false)
  const [conflict, setConflict] = useState<VersionSummary | null>()
  const [problems, setProblems] = useState<ConfigProblem[]>()
  const [error, setError] = useState<string>()

  const publish = async (base?: number) => {
    setBusy(true)
    setError(undefined)
    try {
      const r = await onPublish(note.trim(), base)
      if (r.ok) return
      if ('conflict' in r) setConflict(r.conflict)
      else {
        setProblems(r.problems)
        setError(r.error)
      }
    } catch (e) {
      setError((e as Error).message)
    }
    setBusy(false)
  }

  return (
    <Dialog title={conflict === undefined ? 'Publish these changes?' : 'Someone published meanwhile'} onClose={onClose} wide>
      {conflict === undefined ? (
        <>
          <p>
            From the live version{liveVersion ? ` (version ${liveVersion})` : ' (none yet)'}, visitors' next page loads get:
          </p>
          <Diff diff={diff} />
          <div class="st-field wide">
            <label for="st-publish-note">Note (optional)</label>
            <textarea id="st-publish-note" value={note} maxLength={1000} placeholder="Why, for the history: e.g. CES after support chats, for Q4" onInput={(e) => setNote(e.currentTarget.value)} />
          </div>
        </>
      ) : (
        <p role="alert">
          {conflict
            ? `Version ${conflict.version} was published by ${conflict.publishedBy} at ${formatDateTime(conflict.publishedAt)}${conflict.note ? ` (“${conflict.note}”)` : ''}, after you started editing. Publishing yours now would replace it.`
            : 'The versions changed while you were editing.'}
        </p>
      )}
      {error && (
        <div class="error" role="alert">
          <p>{error}</p>
          {problems && (
            <ul>
              {problems.map((p) => (
                <li key={p.path + p.message}>
                  {p.path}: {p.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div class="st-dialog-actions">
        <button type="button" class="button" onClick={onClose}>
          Cancel
        </button>
        {conflict === undefined ? (
          <button type="button" class="button primary" disabled={busy || !diff.length} onClick={() => publish()}>
            {busy ? 'Publishing…' : 'Publish'}
          </button>
        ) : (
          <>
            <button type="button" class="button" onClick={onDiscard}>
              Drop mine, load version {conflict?.version}
            </button>
            <button type="button" class="button primary" disabled={busy} onClick={() => publish(conflict?.version ?? 0)}>
              Publish mine over it
            </button>
          </>
        )}
      </div>
    </Dialog>
  )
}
