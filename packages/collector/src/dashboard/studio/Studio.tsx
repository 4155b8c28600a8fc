import { useEffect, useRef, useState } from 'preact/hooks'
import { configProblems } from '@touchpoint/core'
import type { Survey, SurveyConfig } from '@touchpoint/core'
import type { StatsRow } from '../../stats.js'
import { getJson, Unauthorized } from '../api.js'
import { StudioBar } from './StudioBar.js'
import { latestVersion, publishConfig, rollbackTo } from './client.js'
import type { PublishResult } from './client.js'
import { changeCount, configDiff } from './config-diff.js'
import { Dialog } from './Dialog.js'
import { loadDraft, loadHeldRows, onDraftChange, saveDraft, saveHeldRows } from './draft-store.js'
import type { Draft, HeldRows, Typed } from './draft-store.js'
import { heldProblems, HeldRowsContext } from './held-rows.js'
import type { ConditionLine } from './conditions.js'
import type { TextRow } from './texts.js'
import { JsonEditor } from './JsonEditor.js'
import { History } from './History.js'
import { PublishDialog } from './PublishDialog.js'
import type { Route } from './route.js'
import { SurveyEditor } from './SurveyEditor.js'
import { SurveyList } from './SurveyList.js'
import { surveyName, typedFor } from './working-copy.js'
import type { WorkingCopyProps } from './working-copy.js'

interface Props {
  route: Exclude<Route, { view: 'dashboard' }>
  token?: string
  onUnauthorized(): void
  onSignOut?(): void
}

interface Live {
  version: number
  config: SurveyConfig
  publishedAt?: string
  publishedBy?: string
}

const EMPTY: SurveyConfig = { surveys: [] }
const copy = <T,>(v: T): T => JSON.parse(JSON.stringify(v))
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

/** An id not used in `config`: `base`, else `base-2`, `base-3`… */
function freeId(config: SurveyConfig, base: string): string {
  const used = new Set(config.surveys.map((s) => s.id))
  if (!used.has(base)) return base
  let n = 2
  while (used.has(`${base}-${n}`)) n++
  return `${base}-${n}`
}

/** The survey whose JSON view `at` is (`surveys[2]`: 2), or `undefined` for the whole config's. */
const surveyOf = (at: string) => {
  const i = /^surveys\[(\d+)\]$/.exec(at)
  return i ? Number(i[1]) : undefined
}

/**
 * Where the JSON view `at` is once surveys were added or removed: `moved` maps a survey's old
 * index to its new one (`undefined`: that survey is gone). The whole config's view stays put.
 */
function movedTo(at: string, moved?: (i: number) => number | undefined): string | undefined {
  const i = surveyOf(at)
  if (i === undefined || !moved) return at
  const j = moved(i)
  return j === undefined ? undefined : `surveys[${j}]`
}

/** The value the JSON view `at` (`config`, or `surveys[2]`) edits in `raw`. */
function valueAt(raw: unknown, at: string): unknown {
  if (at === 'config') return raw
  const i = surveyOf(at)
  const surveys = (raw as { surveys?: unknown } | null)?.surveys
  return i !== undefined && Array.isArray(surveys) ? surveys[i] : undefined
}

/**
 * The survey studio: a working copy of the config, made on the latest published version and
 * kept in this browser until it is published or discarded; the list, the editor, the JSON, the
 * history; Publish with the changes in plain words.
 */
export function Studio({ route, token, onUnauthorized, onSignOut }: Props) {
  const [live, setLive] = useState<Live>()
  const [draft, setDraft] = useState<Draft>()
  // Rows of fields that give a key twice (a language, a comparison), kept as typed beside the draft.
  const [held, setHeld] = useState<HeldRows>(loadHeldRows)
  const [answers, setAnswers] = useState<Map<string, number>>(new Map())
  const [error, setError] = useState<string>()
  const [status, setStatus] = useState('')
  const [publishing, setPublishing] = useState(false)
  const [deleting, setDeleting] = useState<number>()
  const [generation, setGeneration] = useState(0)
  // An edit that would replace JSON typed elsewhere that does not parse yet, waiting for a yes.
  // `then`: what the edit goes on to do once made (open the new survey, say what was done).
  const [pending, setPending] = useState<{ config: SurveyConfig; typed: Typed; next?: Typed; then?: () => void }>()
  // The dialog's close event comes after its button: the question is answered once.
  const asking = useRef(false)
  const [reopened, setReopened] = useState(0)
  const focusJson = useRef<string>(undefined)

  const fail = (e: Error) => {
    if (e.name === 'AbortError') return
    if (e instanceof Unauthorized) onUnauthorized()
    else setError(e.message)
  }

  useEffect(() => {
    const ctrl = new AbortController()
    Promise.all([latestVersion(token, ctrl.signal), getJson<{ results: StatsRow[] }>('v1/stats?groupBy=survey', token, ctrl.signal)]).then(([latest, stats]) => {
      const l: Live = latest ? { version: latest.version, config: latest.config, publishedAt: latest.publishedAt, publishedBy: latest.publishedBy } : { version: 0, config: EMPTY }
      const counts = new Map<string, number>()
      for (const r of stats.results) counts.set(r.survey!, (counts.get(r.survey!) ?? 0) + r.n)
      setLive(l)
      setAnswers(counts)
      setDraft(loadDraft() ?? { base: l.version, config: copy(l.config) })
      setError(undefined)
    }, fail)
    return () => ctrl.abort()
  }, [token, generation])

  // Another tab of this browser changed the working copy, published or discarded it: take that
  // up (and the live version), so that an edit here goes on top of theirs instead of over it.
  useEffect(
    () =>
      onDraftChange(() => {
        const kept = loadDraft()
        if (kept) setDraft(kept)
        setHeld(loadHeldRows())
        setGeneration((g) => g + 1)
      }),
    [],
  )

  // A new view (the list, a survey, the JSON, the history) puts the focus on its heading, where a
  // screen reader starts reading and Tab goes on into the view, instead of leaving it on the
  // link or button that opened it, which is gone.
  const viewKey = route.view === 'survey' ? `survey/${route.index}` : route.view
  const focusedView = useRef<string>(undefined)
  useEffect(() => {
    const heading = document.getElementById('st-title')
    if (focusedView.current === viewKey || !heading) return
    focusedView.current = viewKey
    heading.tabIndex = -1
    heading.focus()
  })

  useEffect(() => {
    const before = document.title
    return () => void (document.title = before)
  }, [])

  const raw = draft?.config ?? EMPTY
  // What the JSON tab holds may not be a config yet: the views see its surveys, if any; the
  // checker (which keeps Publish off) sees all of it.
  const config: SurveyConfig = typeof raw === 'object' && raw !== null && !Array.isArray(raw) && Array.isArray(raw.surveys) ? raw : { ...(raw as object), surveys: [] }
  const liveConfig = live?.config ?? EMPTY
  const commit = (next: SurveyConfig, typed?: Typed) => {
    // What the bar said about the last Duplicate or Delete is no news after another edit.
    setStatus('')
    const d: Draft = typed ? { base: draft!.base, config: next, typed } : { base: draft!.base, config: next }
    setDraft(d)
    saveDraft(same(next, liveConfig) && d.base === live!.version && !typed ? undefined : d)
  }
  // An edit keeps the JSON typed elsewhere that does not parse yet, if it leaves the value under
  // it alone; one that would replace that value asks first, instead of dropping the text. `from`
  // is the JSON view whose text now parses: its own text goes, that is the edit. `then` runs once
  // the edit is made: not while asked, nor when the text is kept. `moved`: where each survey went,
  // when the edit adds or removes surveys before others (the text goes with its survey).
  const change = (next: SurveyConfig, from?: string, then?: () => void, moved?: (i: number) => number | undefined) => {
    const t = draft!.typed
    const held = t && t.at !== from && typedFor(t, t.at, valueAt(raw, t.at)) !== undefined ? t : undefined
    const at = held && movedTo(held.at, moved)
    if (held && (at === undefined || typedFor(held, held.at, valueAt(next, at)) === undefined)) {
      asking.current = true
      setPending({ config: next, typed: held, then })
    } else {
      commit(next, held && { ...held, at: at! })
      then?.()
    }
  }
  const keepJson = (t: Typed) => {
    if (!asking.current) return
    asking.current = false
    setPending(undefined)
    if (t.at === 'config') {
      location.hash = '#/surveys/json'
      return
    }
    location.hash = `#/surveys/${surveyOf(t.at)}`
    // The editor opens again, in its JSON tab, with the text: the keyboard goes there.
    setReopened((n) => n + 1)
    focusJson.current = 'st-survey-json'
  }
  useEffect(() => {
    const box = focusJson.current && document.getElementById(focusJson.current)
    if (!box) return
    focusJson.current = undefined
    box.focus()
  })
  const keepTyped = (at: string, value: unknown, text: string) => {
    const t = draft!.typed
    const next = { at, on: JSON.stringify(value), text }
    // One JSON view's text is kept at a time: another's that does not parse either is not dropped unasked.
    if (t && t.at !== at && typedFor(t, t.at, valueAt(raw, t.at)) !== undefined) {
      asking.current = true
      setPending({ config: raw as SurveyConfig, typed: t, next })
      return
    }
    const d = { ...draft!, typed: next }
    setStatus('')
    setDraft(d)
    saveDraft(d)
  }
  const reset = () => {
    // The buttons that discard or publish go with the changes: the view's heading takes the focus again.
    focusedView.current = undefined
    saveDraft(undefined)
    saveHeldRows({})
    setHeld({})
    setDraft(undefined)
    setGeneration((g) => g + 1)
  }
  // Dropped by hand: what was said about the dropped changes (a duplicate, a delete) goes with them.
  const discard = () => {
    setStatus('')
    reset()
  }
  const diff = same(raw, config) ? configDiff(liveConfig, config) : [{ changes: ['the config is not { "surveys": [...] } yet'] }]
  const changes = changeCount(diff)
  // A language given twice in a text's rows, or a property compared the same way twice in
  // conditions, is a problem like the checker's: said beside its row and in the lists, and
  // nothing is published while it stands.
  const doubled = heldProblems(held, raw)
  const problems = [...configProblems(raw), ...doubled]
  const hold = (at: string, value: unknown, rows: TextRow[] | ConditionLine[] | undefined) => {
    if (!rows && !Object.hasOwn(held, at)) return
    const next = { ...held }
    if (rows) next[at] = { on: JSON.stringify(value) ?? '', rows }
    else delete next[at]
    setHeld(next)
    saveHeldRows(next)
  }
  const now = Date.now()

  const publish = async (note: string, base = draft!.base): Promise<PublishResult> => {
    try {
      const r = await publishConfig(raw, note, base, token)
      if (r.ok) {
        setPublishing(false)
        setStatus(`Version ${r.version} is published: visitors get it from their next page load.`)
        reset()
      }
      return r
    } catch (e) {
      fail(e as Error)
      throw e
    }
  }

  const rollback = async (version: number, note: string) => {
    try {
      const r = await rollbackTo(version, note, live!.version, token)
      if (r.ok) {
        setStatus(`Version ${r.version} is published: a copy of version ${version}.`)
        reset()
        return
      }
      return 'conflict' in r ? `${r.error}. Reload the history.` : `${r.error}: ${r.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`
    } catch (e) {
      fail(e as Error)
      return (e as Error).message
    }
  }

  const newSurvey = () => {
    const id = freeId(config, 'new-survey')
    change({ ...config, surveys: [...config.surveys, { id, type: 'nps', triggers: [{ on: 'pageview' }] }] }, undefined, () => {
      location.hash = `#/surveys/${config.surveys.length}`
    })
  }
  const duplicate = (i: number) => {
    const s = config.surveys[i]!
    const dup = { ...copy(s), id: freeId(config, `${typeof s.id === 'string' ? s.id : 'survey'}-copy`), status: 'draft' } as Survey
    change(
      { ...config, surveys: [...config.surveys.slice(0, i + 1), dup, ...config.surveys.slice(i + 1)] },
      undefined,
      () => {
        location.hash = `#/surveys/${i + 1}`
        setStatus(`Duplicated as ${dup.id}, a draft.`)
      },
      (j) => (j > i ? j + 1 : j),
    )
  }
  const remove = (i: number) => {
    const id = config.surveys[i]?.id
    setDeleting(undefined)
    change(
      { ...config, surveys: config.surveys.filter((_, j) => j !== i) },
      undefined,
      () => {
        setStatus(`${id} deleted from your changes.`)
        if (route.view === 'survey') location.hash = '#/surveys'
      },
      (j) => (j === i ? undefined : j > i ? j - 1 : j),
    )
  }

  // Each view its own title, so that a tab strip, the history or a screen reader tells them apart.
  const entry = route.view === 'survey' && live && draft ? (config.surveys[route.index] as unknown) : undefined
  const viewName =
    route.view === 'history'
      ? 'History'
      : route.view === 'json'
        ? 'The whole config'
        : route.view === 'survey' && live && draft
          ? typeof entry === 'object' && entry !== null && !Array.isArray(entry)
            ? surveyName(entry as { id?: unknown }, route.index)
            : 'No such survey'
          : undefined
  const title = `${viewName ? `${viewName} · ` : ''}Surveys · Touchpoint`
  useEffect(() => void (document.title = title), [title])

  const typed = draft?.typed
  /** Survey `at` (`surveys[2]`) as the dialog names it. */
  const jsonName = (c: SurveyConfig, at: string) => {
    const s = valueAt(c, at)
    return typeof s === 'object' && s !== null ? surveyName(s as { id?: unknown }, surveyOf(at)!) : at
  }
  const workingCopy: WorkingCopyProps = { config, live: liveConfig, answers, problems, formOnly: doubled, now, onChange: change, typed, onTyped: keepTyped, onDuplicate: duplicate, onDelete: setDeleting }
  // JSON that does not parse yet is a change too: it can be discarded, and nothing is published over it.
  // So are rows that give a key twice, even over a value that is as published.
  const dirty = diff.length > 0 || typed !== undefined || doubled.length > 0
  const stale = draft && live && dirty && draft.base !== live.version

  return (
    <div class="app studio">
      <StudioBar view={route.view} onSignOut={onSignOut} />

      <div class="st-bar" role="region" aria-label="Publishing">
        <p class="st-bar-text" role="status">
          {!live
            ? 'Loading…'
            : dirty
              ? [
                  status,
                  changes > 0 && `${changes} unpublished ${changes === 1 ? 'change' : 'changes'}`,
                  problems.length && `${problems.length} ${problems.length === 1 ? 'problem' : 'problems'} to fix first`,
                  typed && 'JSON that does not parse yet',
                ]
                  .filter(Boolean)
                  .join(' · ')
              : status || (live.version ? `Version ${live.version} is live. Changes you make stay here until you publish them.` : 'Nothing is published yet.')}
        </p>
        {dirty && (
          <div class="st-actions">
            <button type="button" class="button ghost" onClick={discard}>
              Discard changes
            </button>
            <button type="button" class="button primary" disabled={problems.length > 0 || typed !== undefined} onClick={() => setPublishing(true)}>
              Review and publish
            </button>
          </div>
        )}
      </div>
      {stale && (
        <p class="banner info" role="status">
          Your changes were made on version {draft.base}; version {live.version} was published since
          {live.publishedBy ? ` by ${live.publishedBy}` : ''}. Publishing will ask before replacing it.
        </p>
      )}
      {error && (
        <p class="banner" role="alert">
          {error}
        </p>
      )}

      {live && draft && (
        <HeldRowsContext.Provider value={{ held, hold }}>
          {route.view === 'surveys' && <SurveyList {...workingCopy} onNew={newSurvey} />}
          {route.view === 'survey' && <SurveyEditor key={reopened} {...workingCopy} index={route.index} dialogOpen={publishing || deleting !== undefined} />}
          {route.view === 'json' && (
            <main class="st-main" aria-labelledby="st-title">
              <p class="st-back">
                <a href="#/surveys">← All surveys</a>
              </p>
              <h2 id="st-title">The whole config</h2>
              <JsonEditor
                id="st-config-json"
                label="Config as JSON"
                value={raw}
                problems={problems.filter((p) => !doubled.includes(p))}
                formOnly={doubled.map((p) => `${p.path.replace(/\..*$/, '')}: ${p.message}`)}
                onValue={(v) => change(v as SurveyConfig, 'config')}
                unparsed={typedFor(typed, 'config', raw)}
                onUnparsed={(text) => keepTyped('config', raw, text)}
              />
            </main>
          )}
          {route.view === 'history' && <History token={token} live={live} dirty={dirty} generation={generation} onRollback={rollback} onError={fail} />}
        </HeldRowsContext.Provider>
      )}

      {publishing && <PublishDialog diff={diff} liveVersion={live!.version} onPublish={publish} onDiscard={() => (setPublishing(false), discard())} onClose={() => setPublishing(false)} />}
      {pending && (
        <Dialog title="Drop the JSON that does not parse yet?" onClose={() => keepJson(pending.typed)}>
          <p>
            {pending.typed.at === 'config' ? 'The JSON of the whole config' : `The JSON of ${jsonName(config, pending.typed.at)}`} holds text you typed that does
            not parse yet.{' '}
            {pending.next
              ? 'Text that does not parse is kept for one JSON view at a time: keeping this would drop it.'
              : 'This edit would replace what it was typed over, and the text would be lost.'}
          </p>
          <div class="st-dialog-actions">
            <button type="button" class="button" onClick={() => keepJson(pending.typed)}>
              Keep the text, go back to it
            </button>
            <button
              type="button"
              class="button danger"
              onClick={() => {
                asking.current = false
                commit(pending.config, pending.next)
                pending.then?.()
                setPending(undefined)
              }}
            >
              Drop the text, make this edit
            </button>
          </div>
        </Dialog>
      )}
      {deleting !== undefined && config.surveys[deleting] && (
        <Dialog title={`Delete ${config.surveys[deleting]!.id}?`} onClose={() => setDeleting(undefined)}>
          <p>It stops showing once you publish. The answers it collected stay, and the history keeps every version that had it.</p>
          <div class="st-dialog-actions">
            <button type="button" class="button" onClick={() => setDeleting(undefined)}>
              Cancel
            </button>
            <button type="button" class="button danger" onClick={() => remove(deleting)}>
              Delete
            </button>
          </div>
        </Dialog>
      )}
    </div>
  )
}
