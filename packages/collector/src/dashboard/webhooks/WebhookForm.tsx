import { STAGES } from '@touchpoint/core'
import { useState } from 'preact/hooks'
import type { Webhook } from '../../webhooks/webhook.js'
import { describeFilter, EMPTY_FILTER_FIELDS, filterFromFields, scoresProblem } from './webhook-text.js'
import type { FilterFields } from './webhook-text.js'
import { sendJson } from './webhooks-api.js'

type Created = Webhook & { secret: string }

interface Props {
  token?: string
  /** Surveys and touchpoints the collector has answers for, offered as suggestions. */
  options: { survey: string[]; touchpoint: string[] }
  onCreated(webhook: Created): void
  onError(e: Error): boolean
}

/** The detractor alert: NPS detractors who left a comment, as a Slack or Mattermost message. */
const DETRACTOR_ALERT: Partial<FilterFields> = { type: 'nps', min: '0', max: '6', comment: 'with' }

/** Creates a webhook: where to, in which format, for which answers. */
export function WebhookForm({ token, options, onCreated, onError }: Props) {
  const [url, setUrl] = useState('')
  const [format, setFormat] = useState<'json' | 'slack'>('json')
  const [fields, setFields] = useState<FilterFields>(EMPTY_FILTER_FIELDS)
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const set = (patch: Partial<FilterFields>) => setFields((f) => ({ ...f, ...patch }))
  const filter = filterFromFields(fields)
  // A range the collector would refuse (9 to 2, 11, 2.5) is said as such, not described as if it were one.
  const problem = scoresProblem(fields)

  const submit = async (e: Event) => {
    e.preventDefault()
    if (problem) {
      // Nothing is sent: the focus goes to the scores, which are described by what is wrong with them.
      document.getElementById('hook-min')?.focus()
      return
    }
    setBusy(true)
    try {
      const created = await sendJson<Created>('POST', 'v1/webhooks', token, { url: url.trim(), events: ['answer'], filter, format })
      setUrl('')
      setFields(EMPTY_FILTER_FIELDS)
      setFormat('json')
      setError(undefined)
      onCreated(created)
    } catch (err) {
      if (!onError(err as Error)) setError((err as Error).message)
    }
    setBusy(false)
  }

  const text = (k: 'survey' | 'touchpoint', label: string, suggestions: string[]) => (
    <div class="field">
      <label for={`hook-${k}`}>{label}</label>
      <input id={`hook-${k}`} list={`hook-${k}-list`} value={fields[k]} placeholder="Any" onInput={(e) => set({ [k]: e.currentTarget.value })} />
      <datalist id={`hook-${k}-list`}>
        {suggestions.map((s) => (
          <option key={s} value={s} />
        ))}
      </datalist>
    </div>
  )

  return (
    <form class="card panel hook-form" aria-labelledby="hook-form-title" onSubmit={submit}>
      <header class="panel-head">
        <h2 id="hook-form-title">New webhook</h2>
        <button
          type="button"
          class="button ghost"
          onClick={() => {
            setFields({ ...EMPTY_FILTER_FIELDS, ...DETRACTOR_ALERT })
            setFormat('slack')
          }}
        >
          Detractor alert recipe
        </button>
      </header>
      <div class="field hook-url-field">
        <label for="hook-url">Receiver URL</label>
        <input
          id="hook-url"
          type="url"
          required
          spellcheck={false}
          value={url}
          placeholder="https://hooks.slack.com/services/…"
          aria-describedby="hook-url-hint"
          onInput={(e) => setUrl(e.currentTarget.value)}
        />
        <p id="hook-url-hint" class="hint">
          https, on a public address. Each answer is POSTed there, signed with the secret you get next.
        </p>
      </div>
      <fieldset class="hook-formats">
        <legend>Format</legend>
        <label class="check">
          <input type="radio" name="hook-format" value="json" checked={format === 'json'} onChange={() => setFormat('json')} />
          <span>JSON: the answer as the SDK sent it</span>
        </label>
        <label class="check">
          <input type="radio" name="hook-format" value="slack" checked={format === 'slack'} onChange={() => setFormat('slack')} />
          <span>Slack or Mattermost message</span>
        </label>
      </fieldset>
      <fieldset class="hook-filter">
        <legend>Answers to send</legend>
        {text('survey', 'Survey', options.survey)}
        {text('touchpoint', 'Touchpoint', options.touchpoint)}
        <div class="field">
          <label for="hook-stage">Journey stage</label>
          <select id="hook-stage" value={fields.stage} onChange={(e) => set({ stage: e.currentTarget.value })}>
            <option value="">Any</option>
            {STAGES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="hook-type">Type</label>
          <select id="hook-type" value={fields.type} onChange={(e) => set({ type: e.currentTarget.value, ...(e.currentTarget.value ? {} : { min: '', max: '' }) })}>
            <option value="">Any</option>
            <option value="nps">NPS</option>
            <option value="csat">CSAT</option>
            <option value="ces5">CES, 5 points</option>
            <option value="ces7">CES, 7 points</option>
          </select>
        </div>
        <div class="field score-field">
          <label for="hook-min">Scores from</label>
          <input id="hook-min" type="number" inputMode="numeric" min={0} max={10} value={fields.min} disabled={!fields.type} aria-invalid={problem ? true : undefined} aria-describedby="hook-summary" onInput={(e) => set({ min: e.currentTarget.value })} />
        </div>
        <div class="field score-field">
          <label for="hook-max">to</label>
          <input id="hook-max" type="number" inputMode="numeric" min={0} max={10} value={fields.max} disabled={!fields.type} aria-invalid={problem ? true : undefined} aria-describedby="hook-summary" onInput={(e) => set({ max: e.currentTarget.value })} />
        </div>
        <div class="field">
          <label for="hook-comment">Comment</label>
          <select id="hook-comment" value={fields.comment} onChange={(e) => set({ comment: e.currentTarget.value as FilterFields['comment'] })}>
            <option value="any">With or without</option>
            <option value="with">Only with a comment</option>
            <option value="without">Only without</option>
          </select>
        </div>
      </fieldset>
      {problem ? (
        <p id="hook-summary" class="hook-summary error">
          {problem}
        </p>
      ) : (
        <p id="hook-summary" class="hook-summary">
          Sends: <strong>{describeFilter(filter)}</strong>
        </p>
      )}
      <div>
        <button class="button primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create webhook'}
        </button>
      </div>
      {/* Under the button, not above it: the button stays where it was clicked. */}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </form>
  )
}
