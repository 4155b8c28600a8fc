import { useEffect, useRef, useState } from 'preact/hooks'
import type { StatsRow } from '../../stats.js'
import type { Webhook } from '../../webhooks/webhook.js'
import { Unauthorized } from '../api.js'
import { TopBar } from '../TopBar.js'
import { DeliveryTable } from './DeliveryTable.js'
import { SecretNotice } from './SecretNotice.js'
import { describeFilter } from './webhook-text.js'
import { sendJson } from './webhooks-api.js'
import { WebhookForm } from './WebhookForm.js'

interface Props {
  token?: string
  onUnauthorized(): void
  onSignOut?(): void
}

type TestResult = { delivered: boolean; status: number | null; error: string | null }

/**
 * The webhooks page: the webhooks with what they send and how their deliveries stand, a form
 * to create one (its secret shown once), and each one's deliveries, where failed ones can be
 * retried.
 */
export function WebhooksPage({ token, onUnauthorized, onSignOut }: Props) {
  const [webhooks, setWebhooks] = useState<Webhook[]>()
  const [options, setOptions] = useState({ survey: [] as string[], touchpoint: [] as string[] })
  const [error, setError] = useState<string>()
  const [message, setMessage] = useState('')
  const [created, setCreated] = useState<{ url: string; secret: string }>()
  const [open, setOpen] = useState<string>()
  const [confirming, setConfirming] = useState<string>()
  const [generation, setGeneration] = useState(0)
  /** Bumped to reload the list (its counts) alone. */
  const [counts, setCounts] = useState(0)
  // What the last action on a webhook did, or why it failed, said in its row: where the user is
  // when acting on it, however far down the list. A deleted webhook's row gives way to a note of
  // it, at the same place in the list.
  const [said, setSaid] = useState<{ id: string; text: string; error?: boolean }>()
  const [gone, setGone] = useState<{ id: string; text: string; index: number }>()
  // The list could not be loaded: the form is drawn without it (its error says why).
  const [listFailed, setListFailed] = useState(false)
  const heading = useRef<HTMLHeadingElement>(null)
  const goneNote = useRef<HTMLLIElement>(null)
  const listHeading = useRef<HTMLHeadingElement>(null)

  /** Handles what every request may meet; `true` when the error was taken care of. */
  const onError = (e: Error) => {
    if (e.name === 'AbortError') return true
    if (e instanceof Unauthorized) {
      onUnauthorized()
      return true
    }
    return false
  }
  const fail = (e: Error) => onError(e) || setError(e.message)
  const refresh = () => setGeneration((g) => g + 1)

  useEffect(() => {
    const title = document.title
    document.title = 'Webhooks · Touchpoint'
    // Arriving from the overview, the focus lands on the page's heading, where a screen reader starts reading.
    heading.current?.focus()
    return () => {
      document.title = title
    }
  }, [])

  useEffect(() => {
    const ctrl = new AbortController()
    sendJson<{ webhooks: Webhook[] }>('GET', 'v1/webhooks', token, undefined, ctrl.signal).then(
      (r) => {
        setWebhooks(r.webhooks)
        setListFailed(false)
        setError(undefined)
      },
      (e: Error) => {
        if (e.name !== 'AbortError') setListFailed(true)
        fail(e)
      },
    )
    return () => ctrl.abort()
  }, [token, generation, counts])

  // Suggestions for the filter: the surveys and touchpoints the collector has answers for.
  useEffect(() => {
    const ctrl = new AbortController()
    sendJson<{ results: StatsRow[] }>('GET', 'v1/stats?groupBy=survey,touchpoint', token, undefined, ctrl.signal).then((r) => {
      const values = (k: 'survey' | 'touchpoint') => [...new Set(r.results.map((x) => x[k]).filter((v): v is string => !!v))].sort()
      setOptions({ survey: values('survey'), touchpoint: values('touchpoint') })
    }, fail)
    return () => ctrl.abort()
  }, [token])

  // The webhooks with an action on its way: a second click meanwhile (a double click) asks for
  // nothing, rather than send a second test or delete a deleted webhook. The buttons stay enabled,
  // so that the focus stays on the one pressed.
  const running = useRef(new Set<string>())
  const act = async (w: Webhook, label: string, run: () => Promise<string>) => {
    if (running.current.has(w.id)) return
    running.current.add(w.id)
    setError(undefined)
    setGone(undefined)
    const say = (text: string) => {
      setMessage(text)
      setSaid({ id: w.id, text })
    }
    say(`${label}…`)
    try {
      say(await run())
      refresh()
    } catch (e) {
      setMessage('')
      if (onError(e as Error)) setSaid(undefined)
      else setSaid({ id: w.id, text: (e as Error).message, error: true })
    } finally {
      running.current.delete(w.id)
    }
  }
  const test = (w: Webhook) =>
    act(w, 'Sending a test', async () => {
      const r = await sendJson<TestResult>('POST', `v1/webhooks/${w.id}/test`, token)
      return r.delivered ? `Test delivered (${r.status}) to ${w.url}.` : `Test not delivered (${r.error}) to ${w.url}.`
    })
  const toggle = (w: Webhook) =>
    act(w, w.enabled ? 'Turning off' : 'Turning on', async () => {
      await sendJson('PATCH', `v1/webhooks/${w.id}`, token, { enabled: !w.enabled })
      return `Turned ${w.enabled ? 'off' : 'on'}: the webhook to ${w.url}.`
    })
  const remove = (w: Webhook) =>
    act(w, 'Deleting', async () => {
      await sendJson('DELETE', `v1/webhooks/${w.id}`, token)
      if (open === w.id) setOpen(undefined)
      setConfirming(undefined)
      const text = `Deleted: the webhook to ${w.url}.`
      setGone({ id: w.id, text, index: webhooks?.findIndex((x) => x.id === w.id) ?? 0 })
      return text
    })

  // The focused button went with its row: the focus goes to the note that took the row's place
  // rather than to the page's start, so that a keyboard user carries on where the row was.
  useEffect(() => {
    if (gone) goneNote.current?.focus()
  }, [gone?.id])

  const row = (w: Webhook) => (
    <li class="hook" key={w.id} data-webhook={w.id}>
      <div class="hook-main">
        <p class="hook-line">
          <span class="hook-url" id={`hook-${w.id}`}>
            {w.url}
          </span>
          <span class="badge hook-format">{w.format === 'slack' ? 'Slack' : 'JSON'}</span>
          <span class={`badge ${w.enabled ? 'status-delivered' : 'status-failed'}`}>{w.enabled ? 'On' : 'Off'}</span>
        </p>
        <p class="hook-filter-text">{describeFilter(w.filter)}</p>
        {w.disabledReason && <p class="error">Turned off: {w.disabledReason}</p>}
        <p class="muted hook-counts">
          {w.pending} waiting · {w.failed} failed
        </p>
      </div>
      <div class="hook-actions" role="group" aria-labelledby={`hook-${w.id}`}>
        <button type="button" class="button" aria-expanded={open === w.id} aria-controls="deliveries" onClick={() => setOpen(open === w.id ? undefined : w.id)}>
          Deliveries
        </button>
        <button type="button" class="button" onClick={() => test(w)}>
          Send a test
        </button>
        <button type="button" class="button" onClick={() => toggle(w)}>
          {w.enabled ? 'Turn off' : 'Turn on'}
        </button>
        {confirming === w.id ? (
          <button type="button" class="button danger" onClick={() => remove(w)}>
            Confirm delete
          </button>
        ) : (
          <button type="button" class="button ghost" onClick={() => setConfirming(w.id)}>
            Delete
          </button>
        )}
      </div>
      {said?.id === w.id && (
        // Under the buttons, across the row: the buttons stay where they were clicked, and the text is there whole, however narrow.
        <p class={`hook-outcome ${said.error ? 'error' : 'status'}`} role={said.error ? 'alert' : undefined}>
          {said.text}
        </p>
      )}
    </li>
  )
  const items = (webhooks ?? []).filter((w) => w.id !== gone?.id).map(row)
  if (gone)
    items.splice(
      Math.min(gone.index, items.length),
      0,
      <li class="hook hook-gone" key={`gone-${gone.id}`} tabIndex={-1} ref={goneNote}>
        <p class="hook-outcome status">{gone.text}</p>
      </li>,
    )
  const shown = webhooks?.find((w) => w.id === open)

  return (
    <div class="app webhooks-page">
      <TopBar section="webhooks" sub="CX dashboard" brandIsHeading={false} onSignOut={onSignOut} />

      <main class="hooks-main">
        <div class="page-title">
          <h1 tabIndex={-1} ref={heading}>
            Webhooks
          </h1>
          <p class="muted">Answers as they arrive, signed, to your systems or a Slack or Mattermost channel. None is lost: each is retried for up to 24 hours.</p>
        </div>
        {/* One line, always there, for an error loading the page: appearing, a one-line error
            moves nothing below it, so a second click lands where the first did. A longer text
            wraps onto the lines it needs, never cut short. What an action did is shown in its
            webhook's row (see `said`); the live region here tells screen readers. */}
        <div class="page-feedback">
          <p class="sr-only" role="status">
            {message}
          </p>
          {error && (
            <p class="error page-error" role="alert">
              {error}
            </p>
          )}
        </div>

        {created && (
          <SecretNotice
            url={created.url}
            secret={created.secret}
            onDone={() => {
              // The notice goes, with the focused button: the focus goes to the list just under
              // it, where the new webhook is, rather than to the page's start.
              listHeading.current?.focus()
              setCreated(undefined)
            }}
          />
        )}

        <section class="card panel" aria-labelledby="hooks-title">
          <header class="panel-head">
            <h2 id="hooks-title" tabIndex={-1} ref={listHeading}>
              Your webhooks
            </h2>
            <button type="button" class="button" onClick={refresh}>
              Refresh
            </button>
          </header>
          {/* A line while the list loads, in place of the one an empty list has: the form under it does not move when the list arrives empty. */}
          {!webhooks?.length && !listFailed && <p class="muted">{webhooks ? 'None yet: create one below.' : 'Loading…'}</p>}
          <ul class="hooks">
            {items}
          </ul>
        </section>

        <div id="deliveries">
          {shown && (
            <DeliveryTable
              webhook={shown}
              token={token}
              generation={generation}
              onError={onError}
              onRetried={(m) => {
                setMessage(m)
                // The counts only: the table has the retried row already, and keeps the rows Show more brought.
                setCounts((c) => c + 1)
              }}
            />
          )}
        </div>

        {/* With the list, not before it: drawn first, the form would move down under the pointer as the list's rows came. */}
        {(webhooks || listFailed) && (
          <WebhookForm
            token={token}
            options={options}
            onError={onError}
            onCreated={(w) => {
              setCreated({ url: w.url, secret: w.secret })
              setMessage('')
              refresh()
            }}
          />
        )}
      </main>
    </div>
  )
}
