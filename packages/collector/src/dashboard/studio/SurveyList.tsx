import { surveyState } from '@touchpoint/core'
import type { Survey, SurveyConfig } from '@touchpoint/core'
import { formatCount } from '../format.js'
import { NumberInput } from './fields.js'
import { fieldId, messagesAt } from './paths.js'
import { Words } from './Diff.js'
import { describeTrigger, describeType, formatInstant, STATE_WORDS } from './words.js'
import { surveyName, surveyProblems } from './working-copy.js'
import type { WorkingCopyProps } from './working-copy.js'

type Loose = Record<string, unknown>

interface Props extends WorkingCopyProps {
  onNew(): void
}

const text = (t: unknown) => (typeof t === 'string' ? t : t && typeof t === 'object' ? String(Object.values(t)[0] ?? '') : '')

/** When a survey runs, in a few words: `from 2026-12-01 09:00 UTC until …`, or nothing. */
function dates(s: Loose): string {
  const from = typeof s.startsAt === 'string' ? `from ${formatInstant(s.startsAt)}` : ''
  const until = typeof s.endsAt === 'string' ? `until ${formatInstant(s.endsAt)}` : ''
  return [from, until].filter(Boolean).join(' ')
}

/**
 * Every survey of the working copy: its state, kind, touchpoint and stage, answers so far,
 * dates, and what can be done with it. A survey changed since the published version says so.
 */
export function SurveyList({ config, live, answers, problems, now, onChange, onNew, onDuplicate, onDelete }: Props) {
  const surveys = (config.surveys ?? []) as unknown as Loose[]
  const published = new Map(live.surveys.map((s) => [s.id, JSON.stringify(s)]))
  return (
    <main class="st-main" aria-labelledby="st-title">
      <header class="st-head">
        <h2 id="st-title">Surveys</h2>
        <button type="button" class="button primary" onClick={onNew}>
          New survey
        </button>
      </header>
      {!surveys.length && (
        <section class="card empty-state">
          <h3>No surveys yet</h3>
          <p>Create one: it shows on your site once you publish it.</p>
        </section>
      )}
      <ul class="st-list">
        {surveys.map((s, i) => {
          const id = surveyName(s, i)
          const n = answers.get(id) ?? 0
          const state = surveyState(s as unknown as Survey, now, n)
          const changed = !published.has(id) ? 'New, not published' : published.get(id) !== JSON.stringify(s) ? 'Changed, not published' : ''
          const own = surveyProblems(problems, i)
          const paused = state === 'paused'
          const triggers = Array.isArray(s.triggers) ? (s.triggers as never[]) : []
          return (
            <li class="card st-item" key={i} aria-labelledby={`st-item-${i}`}>
              <div class="st-item-main">
                <h3 id={`st-item-${i}`}>
                  <a href={`#/surveys/${i}`}>{id}</a>
                </h3>
                <p class="st-question">{text(s.question) || <span class="muted">Built-in question</span>}</p>
                <p class="st-meta">
                  <span class={`st-badge ${state}`}>{STATE_WORDS[state]}</span>
                  {changed && <span class="st-badge changed">{changed}</span>}
                  {own.length > 0 && (
                    <span class="st-badge invalid">
                      {own.length} {own.length === 1 ? 'problem' : 'problems'}
                    </span>
                  )}
                </p>
              </div>
              <dl class="st-facts">
                <div>
                  <dt>Kind</dt>
                  <dd>{describeType(s as never)}</dd>
                </div>
                <div>
                  <dt>Touchpoint</dt>
                  <dd>
                    {String(s.touchpoint ?? id)}
                    {typeof s.stage === 'string' && <span class="muted"> · {s.stage}</span>}
                  </dd>
                </div>
                <div>
                  <dt>Answers</dt>
                  <dd>
                    {formatCount(n)}
                    {typeof s.maxResponses === 'number' && <span class="muted"> of {formatCount(s.maxResponses)}</span>}
                  </dd>
                </div>
                <div class="wide">
                  <dt>Shows on</dt>
                  <dd>
                    <Words text={triggers.map(describeTrigger).join(' or ') || 'no trigger'} />
                    {dates(s) && <span class="muted"> · {dates(s)}</span>}
                  </dd>
                </div>
              </dl>
              <div class="st-actions" role="group" aria-label={`Actions for ${id}`}>
                <a class="button" href={`#/surveys/${i}`}>
                  Edit<span class="sr-only"> {id}</span>
                </a>
                <button type="button" class="button" onClick={() => onDuplicate(i)}>
                  Duplicate<span class="sr-only"> {id}</span>
                </button>
                {s.status === 'draft' ? (
                  <button type="button" class="button" onClick={() => onChange(setStatus(config, i, undefined))}>
                    Make live<span class="sr-only"> {id}</span>
                  </button>
                ) : (
                  <button type="button" class="button" onClick={() => onChange(setStatus(config, i, paused ? undefined : 'paused'))}>
                    {paused ? 'Resume' : 'Pause'}
                    <span class="sr-only"> {id}</span>
                  </button>
                )}
                <button type="button" class="button danger" onClick={() => onDelete(i)}>
                  Delete<span class="sr-only"> {id}</span>
                </button>
              </div>
            </li>
          )
        })}
      </ul>
      <section class="card st-settings" aria-labelledby="st-settings-title">
        <h3 id="st-settings-title">For all surveys</h3>
        <NumberInput
          id={fieldId('globalCooldownDays')}
          label="Days between any two surveys for one visitor"
          unit="days"
          min={0}
          placeholder="0"
          value={config.globalCooldownDays}
          hint="Counted from the last survey shown to them. Empty: no wait."
          errors={messagesAt(problems, 'globalCooldownDays')}
          onValue={(v) => {
            const { globalCooldownDays: _, ...rest } = config
            onChange(v === undefined ? rest : { ...rest, globalCooldownDays: v })
          }}
        />
        <p class="st-hint">
          <a href="#/surveys/json">Edit the whole config as JSON</a> · <a href="v1/config/schema">its JSON Schema</a>
        </p>
      </section>
    </main>
  )
}

/** The config with survey `i`'s status set (`undefined`: live, the default). */
export function setStatus(config: SurveyConfig, i: number, status: 'paused' | 'draft' | undefined): SurveyConfig {
  const surveys = config.surveys.map((s, j) => {
    if (j !== i) return s
    const { status: _, ...rest } = s
    return (status ? { ...rest, status } : rest) as Survey
  })
  return { ...config, surveys }
}
