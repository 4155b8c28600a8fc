import { useState } from 'preact/hooks'
import { surveyState } from '@touchpoint/core'
import type { Survey } from '@touchpoint/core'
import { fieldId, formMessage } from './paths.js'
import { JsonEditor } from './JsonEditor.js'
import { Preview } from './Preview.js'
import { SurveyForm } from './SurveyForm.js'
import { setStatus } from './SurveyList.js'
import { LanguageList } from './TextsField.js'
import { STATE_WORDS } from './words.js'
import { surveyName, surveyProblems, typedFor } from './working-copy.js'
import type { WorkingCopyProps } from './working-copy.js'

type Loose = Record<string, unknown>

interface Props extends WorkingCopyProps {
  index: number
  /** A dialog is open over the editor: the preview waits. */
  dialogOpen: boolean
}

const SITE_KEY = 'touchpoint-studio-site'
const savedSite = () => {
  try {
    return localStorage.getItem(SITE_KEY) ?? ''
  } catch {
    return ''
  }
}

/** A page address with `?touchpoint_preview=<id>`, which makes the SDK show that survey at once. */
export function previewUrl(page: string, id: string): string | undefined {
  try {
    const u = new URL(page.includes('://') ? page : `https://${page}`)
    if (!/^https?:$/.test(u.protocol)) return
    u.searchParams.set('touchpoint_preview', id)
    return u.href
  } catch {
    return
  }
}

/**
 * One survey: the form (or its JSON), beside the live preview; its problems listed at the top
 * with links to their fields; and "Preview on my site".
 */
export function SurveyEditor({ index, config, live, answers, problems, formOnly, now, onChange, typed, onTyped, onDuplicate, onDelete, dialogOpen }: Props) {
  const entry = config.surveys[index] as unknown
  const unparsed = typedFor(typed, `surveys[${index}]`, entry)
  // JSON typed here before a reload that does not parse yet: back in the JSON tab, with its error.
  // Another survey opened in this editor (Back, Forward, Duplicate) keeps the tab chosen, unless
  // it holds such text, which only its JSON tab shows.
  const [chosen, choose] = useState<{ index: number; tab: 'form' | 'json' }>({ index, tab: unparsed === undefined ? 'form' : 'json' })
  const tab = chosen.index !== index && unparsed !== undefined ? 'json' : chosen.tab
  const setTab = (t: 'form' | 'json') => choose({ index, tab: t })
  const [site, setSite] = useState(savedSite)
  const survey = typeof entry === 'object' && entry !== null && !Array.isArray(entry) ? (entry as Loose) : undefined
  if (!survey) {
    return (
      <main class="st-main" aria-labelledby="st-title">
        <h2 id="st-title">No such survey</h2>
        <p>
          {entry === undefined ? `There is no survey ${index + 1} in your working copy.` : `Survey ${index + 1} is not an object: edit it in the JSON of the whole config.`}{' '}
          <a href="#/surveys">Back to the surveys</a>
        </p>
      </main>
    )
  }
  const id = surveyName(survey, index)
  const own = surveyProblems(problems, index)
  const state = surveyState(survey as unknown as Survey, now, answers.get(id) ?? 0)
  const setSurvey = (s: Loose, from?: string) => onChange({ ...config, surveys: config.surveys.map((x, j) => (j === index ? (s as unknown as Survey) : x)) }, from)
  const published = live.surveys.find((s) => s.id === id)
  const served = published && surveyState(published, now, answers.get(id) ?? 0) === 'live'
  const url = previewUrl(site, id)

  return (
    <main class="st-main" aria-labelledby="st-title">
      <p class="st-back">
        <a href="#/surveys">← All surveys</a>
      </p>
      <header class="st-head">
        <h2 id="st-title">
          {id} <span class={`st-badge ${state}`}>{STATE_WORDS[state]}</span>
        </h2>
        <div class="st-actions" role="group" aria-label="Survey actions">
          <div class="segmented" role="group" aria-label="Edit as">
            <button type="button" aria-pressed={tab === 'form'} onClick={() => setTab('form')}>
              Form
            </button>
            <button type="button" aria-pressed={tab === 'json'} onClick={() => setTab('json')}>
              JSON
            </button>
          </div>
          <button type="button" class="button" onClick={() => onDuplicate(index)}>
            Duplicate
          </button>
          {survey.status === 'paused' ? (
            <button type="button" class="button" onClick={() => onChange(setStatus(config, index, undefined))}>
              Resume
            </button>
          ) : (
            survey.status !== 'draft' && (
              <button type="button" class="button" onClick={() => onChange(setStatus(config, index, 'paused'))}>
                Pause
              </button>
            )
          )}
          <button type="button" class="button danger" onClick={() => onDelete(index)}>
            Delete
          </button>
        </div>
      </header>

      {own.length > 0 && (
        <section class="st-summary" aria-labelledby="st-summary-title">
          <h3 id="st-summary-title">
            {own.length} {own.length === 1 ? 'problem' : 'problems'} to fix before publishing
          </h3>
          <ul>
            {own.map((p) => (
              <li key={p.path + p.message}>
                {tab === 'form' ? (
                  <a href={`#${fieldId(p.path)}`} onClick={(e) => focusField(e, p.path)}>
                    {formMessage(p)}
                  </a>
                ) : formOnly.includes(p) ? (
                  `In the form: ${p.message}`
                ) : (
                  p.message
                )}
              </li>
            ))}
          </ul>
        </section>
      )}

      <div class="st-editor">
        <div class="st-editor-main">
          {tab === 'form' ? (
            <SurveyForm survey={survey} index={index} problems={problems} onChange={setSurvey} />
          ) : (
            <JsonEditor
              id="st-survey-json"
              label={`Survey ${id} as JSON`}
              value={survey}
              problems={own.filter((p) => !formOnly.includes(p))}
              formOnly={own.filter((p) => formOnly.includes(p)).map((p) => p.message)}
              onValue={(v) => setSurvey(v as Loose, `surveys[${index}]`)}
              unparsed={unparsed}
              onUnparsed={(text) => onTyped(`surveys[${index}]`, survey, text)}
            />
          )}
        </div>
        <aside class="st-editor-side" aria-label="Preview and your site">
          <Preview survey={survey} hold={dialogOpen} />
          <section class="card st-site" aria-labelledby="st-site-title">
            <h3 id="st-site-title">Preview on my site</h3>
            <p class="st-hint" id="st-site-hint">
              Opens your page with <code>?touchpoint_preview={id}</code>: the page shows this survey at once, whatever its triggers and
              audience, and stores and sends nothing. Your page loads the published config:
              {served ? ' this survey is in it.' : ' publish this survey, live, first.'}
            </p>
            <div class="st-site-row">
              <label for="st-site-url">Page address</label>
              <input
                id="st-site-url"
                type="url"
                value={site}
                placeholder="https://shop.example.com/support"
                aria-describedby="st-site-hint"
                onInput={(e) => {
                  setSite(e.currentTarget.value)
                  try {
                    localStorage.setItem(SITE_KEY, e.currentTarget.value)
                  } catch {
                    // Remembered for this page only.
                  }
                }}
              />
              <a class={`button${url ? '' : ' disabled'}`} href={url} target="_blank" rel="noopener noreferrer" aria-disabled={url ? undefined : true}>
                Open the page
              </a>
            </div>
          </section>
        </aside>
      </div>
      <LanguageList />
    </main>
  )
}

/** Follows a problem's link to its field (or the nearest part of the form that holds it), and puts the keyboard there. */
function focusField(e: Event, path: string) {
  // The link's own target would change the address's hash, which routes the dashboard.
  e.preventDefault()
  const parent = (p: string) => p.replace(/(\.[^.[\]]*|\[\d+\])$/, '')
  let p = path
  let target = document.getElementById(fieldId(p))
  while (!target && parent(p) !== p) {
    p = parent(p)
    target = document.getElementById(fieldId(p))
  }
  if (!target) return
  const control = target.matches('input, select, textarea') ? target : target.querySelector<HTMLElement>('input, select, textarea')
  target.scrollIntoView({ block: 'center' })
  ;(control ?? target).focus()
}
