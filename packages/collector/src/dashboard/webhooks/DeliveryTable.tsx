import { useEffect, useRef, useState } from 'preact/hooks'
import type { Delivery, DeliveryStatus, Webhook } from '../../webhooks/webhook.js'
import { formatDateTime } from '../format.js'
import { deliveryAnswer, lastResult } from './webhook-text.js'
import { sendJson } from './webhooks-api.js'

type Page = { deliveries: Delivery[]; next: string | null }

const FILTERS: { status: DeliveryStatus | ''; label: string }[] = [
  { status: '', label: 'All' },
  { status: 'failed', label: 'Failed' },
  { status: 'pending', label: 'Waiting' },
  { status: 'delivered', label: 'Delivered' },
]

const statusLabel = (d: Delivery) => (d.status === 'pending' ? (d.attempts ? 'Retrying' : 'Waiting') : d.status === 'failed' ? 'Failed' : 'Delivered')

interface Props {
  webhook: Webhook
  token?: string
  /** Bumped by the page to reload. */
  generation: number
  onError(e: Error): boolean
  /** A retry was asked for: the page refreshes its counts. */
  onRetried(message: string): void
}

/** A webhook's deliveries, newest first: status and attempts, the last result and the next attempt; failed ones can be retried. */
export function DeliveryTable({ webhook, token, generation, onError, onRetried }: Props) {
  const [status, setStatus] = useState<DeliveryStatus | ''>('')
  const [page, setPage] = useState<Page>()
  const [error, setError] = useState<string>()
  // What is on its way: 'more', or the id of a delivery being retried. Busy buttons are
  // aria-disabled, not disabled (a disabled button drops the keyboard's focus to the page), and
  // a press meanwhile (a double click) asks for nothing; `running` sees it before a render does.
  const running = useRef(new Set<string>())
  const [busy, setBusy] = useState<ReadonlySet<string>>(() => new Set())
  const start = (key: string) => {
    if (running.current.has(key)) return false
    running.current.add(key)
    setBusy(new Set(running.current))
    return true
  }
  const stop = (key: string) => {
    running.current.delete(key)
    setBusy(new Set(running.current))
  }
  // The last page takes Show more away: the focus it had goes to the first delivery of that page
  // (or the table), where the reading goes on, rather than to the page's start. So does a retry
  // that takes its row's button away: to that row.
  const moreButton = useRef<HTMLButtonElement>(null)
  const table = useRef<HTMLDivElement>(null)
  const [landing, setLanding] = useState<{ id: string }>()
  // What a retry did, or why it was refused, in its row (under its result): where the user is,
  // however far down the table, and no other row moves under the pointer.
  const [said, setSaid] = useState<{ id: string; message: string; error?: boolean }>()
  const base = `v1/webhooks/${webhook.id}/deliveries?limit=25${status ? `&status=${status}` : ''}`
  /** An error the page does not handle, said where `show` puts it (the table's line by default). */
  const fail = (e: Error, show: (message: string) => void = setError) => {
    if (e.name !== 'AbortError' && !onError(e)) show(e.message)
  }

  useEffect(() => {
    const ctrl = new AbortController()
    sendJson<Page>('GET', base, token, undefined, ctrl.signal).then((p) => {
      setPage(p)
      setError(undefined)
    }, fail)
    return () => ctrl.abort()
  }, [base, token, generation])

  useEffect(() => {
    if (landing) (table.current?.querySelector<HTMLElement>(`tr[data-delivery="${CSS.escape(landing.id)}"] > th`) ?? table.current)?.focus()
  }, [landing])

  const more = async () => {
    if (!start('more')) return
    try {
      const p = await sendJson<Page>('GET', `${base}&before=${page!.next}`, token)
      const focus = !p.next && document.activeElement === moreButton.current
      setPage((old) => old && { deliveries: [...old.deliveries, ...p.deliveries], next: p.next })
      if (focus) setLanding({ id: p.deliveries[0]?.id ?? '' })
    } catch (e) {
      fail(e as Error)
    }
    stop('more')
  }

  const retry = async (d: Delivery) => {
    if (!webhook.enabled || !start(d.id)) return
    setSaid(undefined)
    try {
      const updated = await sendJson<Delivery>('POST', `v1/webhooks/${webhook.id}/deliveries/${d.id}/retry`, token)
      setPage((old) => old && { ...old, deliveries: old.deliveries.map((x) => (x.id === d.id ? updated : x)) })
      // Behind an earlier answer of its survey, it goes once that one is delivered, not at once.
      const when = updated.waitingFor ? 'it is sent after the earlier answers of its survey' : 'it is sent within seconds'
      // In its row, the line's own note says when.
      setSaid({ id: d.id, message: updated.waitingFor ? 'Queued.' : `Queued: ${when}.` })
      // Its button goes (there is no wait of its own to skip): the focus goes to its row.
      if (updated.status === 'pending' && updated.waitingFor) setLanding({ id: d.id })
      onRetried(`Delivery of ${deliveryAnswer(d)} queued: ${when}.`)
    } catch (e) {
      fail(e as Error, (message) => setSaid({ id: d.id, message: `Not retried: ${message}`, error: true }))
    }
    stop(d.id)
  }

  return (
    <section class="card panel deliveries-panel" aria-labelledby="deliveries-title">
      <header class="panel-head">
        <h2 id="deliveries-title">
          Deliveries <span class="muted">to {webhook.url}</span>
        </h2>
        <div class="segmented" role="group" aria-label="Show">
          {FILTERS.map((f) => (
            <button type="button" key={f.status} aria-pressed={f.status === status} onClick={() => setStatus(f.status)}>
              {f.label}
            </button>
          ))}
        </div>
      </header>
      {/* One line, always there (as the page's): a one-line error loading the deliveries moves no
          row under the pointer; a longer one wraps, whole. */}
      <div class="feedback-line">
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
      </div>
      {page && !page.deliveries.length && <p class="muted">{status ? 'None with this status.' : 'No deliveries yet: they appear as answers come in.'}</p>}
      {page && !!page.deliveries.length && (
        <div class="table-scroll" role="region" aria-label="Deliveries table" tabIndex={0} ref={table}>
          <table class="deliveries">
            <thead>
              <tr>
                <th scope="col">Answer</th>
                <th scope="col">Status</th>
                <th scope="col">Last result</th>
                <th scope="col">
                  <span class="sr-only">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {page.deliveries.map((d) => (
                <tr key={d.id} data-delivery={d.id}>
                  <th scope="row" tabIndex={landing?.id === d.id ? -1 : undefined}>
                    <span class="delivery-answer">{deliveryAnswer(d)}</span>
                    <span class="delivery-note">{formatDateTime(d.createdAt)}</span>
                  </th>
                  <td>
                    <span class={`badge status-${d.status}`}>{statusLabel(d)}</span>
                    <span class="delivery-note">{d.attempts === 1 ? '1 attempt' : `${d.attempts} attempts`}</span>
                  </td>
                  <td class="delivery-result">
                    {lastResult(d)}
                    {d.waitingFor ? (
                      <span class="delivery-note">After the earlier answers of this survey</span>
                    ) : (
                      d.nextAttemptAt && <span class="delivery-note">Next attempt {formatDateTime(d.nextAttemptAt)}</span>
                    )}
                    {said?.id === d.id &&
                      (said.error ? (
                        <p class="error retry-error" role="alert">
                          {said.message}
                        </p>
                      ) : (
                        // Until it is sent: then the row says so. Screen readers hear it from the page's status line.
                        d.status === 'pending' && <p class="status retry-note">{said.message}</p>
                      ))}
                  </td>
                  <td>
                    {/* One waiting behind an earlier answer has no wait of its own to skip. */}
                    {d.status !== 'delivered' && !(d.status === 'pending' && d.waitingFor) && (
                      <button type="button" class="button" disabled={!webhook.enabled} aria-disabled={busy.has(d.id) || undefined} onClick={() => retry(d)}>
                        {d.status === 'failed' ? 'Retry' : 'Retry now'}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {page?.next && (
        <button type="button" class="button more" ref={moreButton} onClick={more} aria-disabled={busy.has('more') || undefined}>
          {busy.has('more') ? 'Loading…' : 'Show more'}
        </button>
      )}
    </section>
  )
}
