import { useEffect, useState } from 'preact/hooks'
import type { SurveyConfig } from '@touchpoint/core'
import { getJson } from '../api.js'
import { formatDateTime } from '../format.js'
import type { ConfigVersion, VersionSummary } from './client.js'
import { configDiff } from './config-diff.js'
import { Dialog } from './Dialog.js'
import { Diff } from './Diff.js'

interface Props {
  token?: string
  live: { version: number; config: SurveyConfig }
  /** Unpublished changes would be lost by a rollback: it waits until they are published or discarded. */
  dirty: boolean
  generation: number
  onRollback(version: number, note: string): Promise<string | undefined>
  onError(e: Error): void
}

const PAGE = 20

/** Every published version, newest first, with its note; any earlier one can be published again. */
export function History({ token, live, dirty, generation, onRollback, onError }: Props) {
  const [versions, setVersions] = useState<VersionSummary[]>()
  const [next, setNext] = useState<number | null>(null)
  const [chosen, setChosen] = useState<ConfigVersion>()
  const [note, setNote] = useState('')
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<string>()

  useEffect(() => {
    const ctrl = new AbortController()
    getJson<{ versions: VersionSummary[]; next: number | null }>(`v1/config/versions?limit=${PAGE}`, token, ctrl.signal).then((r) => {
      setVersions(r.versions)
      setNext(r.next)
    }, onError)
    return () => ctrl.abort()
  }, [token, generation])

  const more = async () => {
    try {
      const r = await getJson<{ versions: VersionSummary[]; next: number | null }>(`v1/config/versions?limit=${PAGE}&before=${next}`, token)
      setVersions((v) => [...(v ?? []), ...r.versions])
      setNext(r.next)
    } catch (e) {
      onError(e as Error)
    }
  }

  const choose = async (version: number) => {
    try {
      setFailure(undefined)
      setNote('')
      setChosen(await getJson<ConfigVersion>(`v1/config/versions/${version}`, token))
    } catch (e) {
      onError(e as Error)
    }
  }

  const confirm = async () => {
    setBusy(true)
    const problem = await onRollback(chosen!.version, note.trim())
    setBusy(false)
    if (problem) setFailure(problem)
    else setChosen(undefined)
  }

  return (
    <main class="st-main" aria-labelledby="st-title">
      <header class="st-head">
        <h2 id="st-title">History</h2>
      </header>
      {dirty && (
        <p class="banner info" role="status">
          You have unpublished changes: publish or discard them before rolling back.
        </p>
      )}
      {!versions ? (
        <p class="muted">Loading…</p>
      ) : !versions.length ? (
        <section class="card empty-state">
          <h3>Nothing published yet</h3>
          <p>Each publish is kept here, with its note.</p>
        </section>
      ) : (
        <ol class="st-history">
          {versions.map((v) => (
            <li class="card st-version" key={v.version}>
              <div>
                <h3>
                  Version {v.version} {v.version === live.version && <span class="st-badge live">Live</span>}
                </h3>
                <p class="st-meta">
                  {formatDateTime(v.publishedAt)} · {v.publishedBy}
                  {v.rollbackOf !== null && ` · a copy of version ${v.rollbackOf}`}
                </p>
                {v.note && <p class="st-note">{v.note}</p>}
                <p class="st-meta">
                  {v.surveys.length} {v.surveys.length === 1 ? 'survey' : 'surveys'}: {v.surveys.join(', ') || 'none'}
                </p>
              </div>
              {v.version !== live.version && (
                <button type="button" class="button" disabled={dirty} onClick={() => choose(v.version)}>
                  Roll back to this<span class="sr-only"> (version {v.version})</span>
                </button>
              )}
            </li>
          ))}
        </ol>
      )}
      {next !== null && (
        <button type="button" class="button more" onClick={more}>
          Show older versions
        </button>
      )}
      {chosen && (
        <Dialog title={`Roll back to version ${chosen.version}?`} onClose={() => setChosen(undefined)} wide>
          <p>Publishing a copy of version {chosen.version} as a new version changes, from what is live now (version {live.version}):</p>
          <Diff diff={configDiff(live.config, chosen.config)} />
          <div class="st-field wide">
            <label for="st-rollback-note">Note (optional)</label>
            <input id="st-rollback-note" value={note} maxLength={1000} placeholder={`Rolled back to version ${chosen.version}`} onInput={(e) => setNote(e.currentTarget.value)} />
          </div>
          {failure && (
            <p class="error" role="alert">
              {failure}
            </p>
          )}
          <div class="st-dialog-actions">
            <button type="button" class="button" onClick={() => setChosen(undefined)}>
              Cancel
            </button>
            <button type="button" class="button primary" disabled={busy} onClick={confirm}>
              {busy ? 'Publishing…' : `Roll back to version ${chosen.version}`}
            </button>
          </div>
        </Dialog>
      )}
    </main>
  )
}
