import { useEffect, useRef, useState } from 'preact/hooks'
import type { Comment } from '../comments.js'
import type { Fatigue } from '../fatigue.js'
import type { UnansweredRow } from '../reach.js'
import type { Reach, StatsRow } from '../stats.js'
import { ApiError, getJson, request, Unauthorized } from './api.js'
import { CommentList } from './CommentList.js'
import { FatigueCard } from './FatigueCard.js'
import { FilterBar, filterOptions } from './FilterBar.js'
import { FirstAnswer } from './FirstAnswer.js'
import { JourneyTable } from './JourneyTable.js'
import { MetricCard } from './MetricCard.js'
import { METRIC_ORDER, metricKey, metricLabel } from './metrics.js'
import type { MetricKey } from './metrics.js'
import { bucketsBetween } from './time-buckets.js'
import type { Unit } from './time-buckets.js'
import { TopBar } from './TopBar.js'
import { TrendChart } from './TrendChart.js'
import { readView, viewFilter, viewRange, viewUnit, writeView } from './view-state.js'
import type { ViewState } from './view-state.js'

interface Data {
  overall: StatsRow[]
  journey: (StatsRow & Reach)[]
  unanswered: UnansweredRow[]
  trend: StatsRow[]
  /** The collector left groups out of the journey table or the trend (it returns 5,000 at most). */
  truncated: boolean
  unit: Unit
  breakdown: string
  comments: Comment[]
  words: string[]
  next: string | null
  /** The comment to move the focus to once drawn (its index), after the last Show more. */
  focus?: number
}

type Stats = { results: (StatsRow & Reach)[]; unanswered: UnansweredRow[]; truncated?: boolean }
type Comments = { comments: Comment[]; next: string | null; words?: string[] }

/** A breakdown folds the values with fewer answers than this into "other", so that the table and the trend stay readable. */
const BREAKDOWN_MIN_ANSWERS = 5
const breakdownLabel = (b: string) => (b === 'device' ? 'Device' : b === 'locale' ? 'Locale' : b.slice('context.'.length))

const COMMENTS_PAGE = 10
const UNITS: Unit[] = ['day', 'week', 'month']
const byMetric = (a: StatsRow, b: StatsRow) => METRIC_ORDER.indexOf(metricKey(a)) - METRIC_ORDER.indexOf(metricKey(b))
const clock = new Intl.DateTimeFormat('en-US', { timeStyle: 'short' })

/** Saves a response body as a file, under the name the collector gave it. */
async function download(res: Response, fallback: string) {
  const name = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') ?? '')?.[1] ?? fallback
  const url = URL.createObjectURL(await res.blob())
  const a = Object.assign(document.createElement('a'), { href: url, download: name })
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** The dashboard proper: filters, metric cards, trend, the journey table and the latest comments. */
export function Dashboard({ token, onUnauthorized, onSignOut }: { token?: string; onUnauthorized(): void; onSignOut?(): void }) {
  const [view, setView] = useState<ViewState>(() => readView(location.search))
  // Every survey, touchpoint and stage with answers, whatever the filters: `[]` for a collector
  // with no answers at all, `undefined` until known.
  const [options, setOptions] = useState<StatsRow[]>()
  const [data, setData] = useState<Data>()
  const [error, setError] = useState<string>()
  // Why the filter choices did not load: the figures are drawn without them (see `known`).
  const [choicesError, setChoicesError] = useState<string>()
  const [loading, setLoading] = useState(true)
  const [updated, setUpdated] = useState<Date>()
  const [generation, setGeneration] = useState(0)
  const [busy, setBusy] = useState<'' | 'more' | 'export'>('')
  const [contextKeys, setContextKeys] = useState<string[]>([])
  const [fatigue, setFatigue] = useState<Fatigue>()
  const [search, setSearch] = useState(view.q)
  const moreButton = useRef<HTMLButtonElement>(null)

  const today = new Date().toISOString().slice(0, 10)
  const filter = viewFilter(view, today).toString()
  const unit = viewUnit(view, today)
  const query = (more: string) => [filter, more].filter(Boolean).join('&')
  const breakdown = view.breakdown
  const by = breakdown ? `,${breakdown}&minAnswers=${BREAKDOWN_MIN_ANSWERS}` : ''
  const q = view.q ? `&q=${encodeURIComponent(view.q)}` : ''
  const range = viewRange(view, today)
  const period = new URLSearchParams(range as Record<string, string>).toString()
  // How the next view goes into the address: as the entry it replaces (the first view, whose
  // address may have held values that make no sense; one brought back by Back or Forward; a date
  // typed on after the last one), or as an entry of its own, that Back returns from.
  const restoring = useRef(true)
  const lastEdit = useRef('')
  const change = (patch: Partial<ViewState>) => setView((v) => ({ ...v, ...patch }))
  /** Handles a failed request: aborted, nothing; refused for the token, the token form; else `say` its message. */
  const fail = (e: Error, say: (message: string) => void = setError) => {
    if (e.name === 'AbortError') return
    if (e instanceof Unauthorized) onUnauthorized()
    else say(e.message)
  }

  useEffect(() => {
    const search = writeView(view)
    const was = readView(location.search)
    const edit = (Object.keys(view) as (keyof ViewState)[]).filter((k) => view[k] !== was[k]).join()
    // A date typed digit by digit changes with each digit: one entry for the whole date.
    const replace = restoring.current || ((edit === 'from' || edit === 'to') && edit === lastEdit.current)
    // The overview's address has no hash: the "#/" of the link that led here goes.
    if (search !== location.search || location.hash) history[replace || search === location.search ? 'replaceState' : 'pushState'](null, '', search || location.pathname)
    if (edit) lastEdit.current = restoring.current ? '' : edit
    restoring.current = false
  }, [view])

  // Back and Forward bring back the view of their entry, and its comment search.
  useEffect(() => {
    const follow = () => {
      const v = readView(location.search)
      restoring.current = true
      setView(v)
      setSearch(v.q)
    }
    addEventListener('popstate', follow)
    return () => removeEventListener('popstate', follow)
  }, [])

  // The filter choices: everything the collector has, whatever is filtered.
  useEffect(() => {
    const ctrl = new AbortController()
    getJson<Stats>('v1/stats?groupBy=survey,touchpoint,stage', token, ctrl.signal).then(
      (r) => {
        setOptions(r.results)
        setChoicesError(undefined)
      },
      // Said apart from the figures' error, which their next answer clears.
      (e: Error) => fail(e, (m) => setChoicesError(`The filter choices could not be loaded: ${m}`)),
    )
    return () => ctrl.abort()
  }, [token, generation])

  // The context keys to break down by (those the answers of the period have) and the fatigue
  // card: asked for once the collector has answered at all, so that a missing or wrong token
  // costs no more refused requests (they count towards the lockout).
  const authorized = options !== undefined
  useEffect(() => {
    if (!authorized) return
    const ctrl = new AbortController()
    getJson<{ keys: string[] }>(`v1/stats/context-keys${period && `?${period}`}`, token, ctrl.signal).then((r) => setContextKeys(r.keys), fail)
    return () => ctrl.abort()
  }, [token, generation, period, authorized])
  useEffect(() => {
    if (!authorized) return
    const ctrl = new AbortController()
    getJson<Fatigue>('v1/stats/fatigue', token, ctrl.signal).then(setFatigue, fail)
    return () => ctrl.abort()
  }, [token, generation, authorized])

  useEffect(() => {
    const ctrl = new AbortController()
    const get = <T,>(path: string) => getJson<T>(path, token, ctrl.signal)
    setLoading(true)
    // Every figure with its counts per score, so that a CSAT or % easy rounds to one decimal from them (see formatHeadline).
    Promise.all([
      get<Stats>(`v1/stats?${query('distribution=true')}`),
      get<Stats>(`v1/stats?${query(`groupBy=stage,touchpoint${by}&distribution=true`)}`),
      get<Stats>(`v1/stats?${query(`groupBy=${unit}${by}&distribution=true`)}`),
      get<Comments>(`v1/comments?${query(`limit=${COMMENTS_PAGE}${q}`)}`),
    ]).then(
      ([overall, journey, trend, comments]) => {
        setData({
          overall: overall.results.sort(byMetric),
          journey: journey.results,
          unanswered: journey.unanswered,
          trend: trend.results,
          truncated: !!(journey.truncated || trend.truncated),
          unit,
          breakdown,
          ...comments,
          words: comments.words ?? [],
        })
        setError(undefined)
        setUpdated(new Date())
        setLoading(false)
      },
      (e: Error) => {
        fail(e)
        if (e.name !== 'AbortError') setLoading(false)
        // Filters the collector refuses (dates in the wrong order) have no figures: the ones on
        // screen are another filter's. A failure to reach it leaves them, with the error above.
        if (e instanceof ApiError && e.status === 400) setData(undefined)
      },
    )
    return () => ctrl.abort()
  }, [filter, unit, breakdown, view.q, token, generation])

  const moreComments = async () => {
    if (busy) return
    setBusy('more')
    // The list this page follows: if the filters, the search or a refresh replaced it while the
    // page was on its way, the page belongs to another list and is dropped.
    const after = data!.comments
    try {
      const page = await getJson<Comments>(`v1/comments?${query(`limit=${COMMENTS_PAGE}&before=${data!.next}${q}`)}`, token)
      // The last page takes the button away: the focus it had goes to the first comment shown
      // (or the list), where the reading goes on, rather than to the page's start.
      const focus = !page.next && document.activeElement === moreButton.current ? after.length : undefined
      setData((d) => (d && d.comments === after ? { ...d, comments: [...d.comments, ...page.comments], next: page.next, focus } : d))
    } catch (e) {
      fail(e as Error)
    }
    setBusy('')
  }

  const exportCsv = async () => {
    if (busy) return
    setBusy('export')
    try {
      await download(await request(`v1/export${filter && `?${filter}`}`, token), 'touchpoint-responses.csv')
    } catch (e) {
      fail(e as Error)
    }
    setBusy('')
  }

  const metrics = data?.overall.map(metricKey) ?? []
  const metric: MetricKey | undefined = view.metric && metrics.includes(view.metric) ? view.metric : metrics[0]
  const firstBucket = data?.trend.map((r) => r[data.unit]!).sort()[0]
  const buckets = data ? bucketsBetween(range.from ?? firstBucket ?? today, range.to ?? today, data.unit) : []
  // The filters, and what they filter, are drawn once the choices are known: drawn before, they
  // would be taken away again from a collector with no answers, or pushed down by the filters.
  // When the choices could not be loaded, they are drawn anyway, with the figures (and no choices).
  const brandNew = options?.length === 0 && !choicesError
  const known = !!options?.length || !!choicesError

  return (
    <div class="app">
      <TopBar section="dashboard" sub="CX dashboard" onSignOut={onSignOut}>
        {/* As wide as its longest text, whatever it says now: on a narrow screen, where the
            buttons come after it, a Refresh does not slide them under the finger. */}
        <span class="status updated">
          <span role="status">{loading ? 'Loading…' : updated && `Updated ${clock.format(updated)}`}</span>
          <span aria-hidden="true">Updated 12:00 AM</span>
        </span>
        <button type="button" class="button" onClick={() => setGeneration((g) => g + 1)}>
          Refresh
        </button>
        {/* Busy buttons are aria-disabled, not disabled: a disabled button drops the keyboard's focus to the page. */}
        <button type="button" class="button" onClick={exportCsv} aria-disabled={busy === 'export'}>
          {busy === 'export' ? 'Exporting…' : 'Export CSV'}
        </button>
      </TopBar>

      <main class="content">
        {brandNew && <FirstAnswer collector={new URL('v1/responses', location.href).href} />}
        {known && <FilterBar view={view} options={filterOptions(options ?? [], view)} onChange={change} />}
        {known && (
          <form class="filters breakdown" aria-label="Breakdown" onSubmit={(e) => e.preventDefault()}>
            <div class="field">
              <label for="breakdown">Break down by</label>
              <select id="breakdown" value={breakdown} onChange={(e) => change({ breakdown: e.currentTarget.value })}>
                <option value="">Nothing</option>
                {['device', 'locale', ...contextKeys.map((k) => `context.${k}`), ...(breakdown && !['device', 'locale'].includes(breakdown) && !contextKeys.includes(breakdown.slice(8)) ? [breakdown] : [])].map((b) => (
                  <option key={b} value={b}>
                    {breakdownLabel(b)}
                  </option>
                ))}
              </select>
            </div>
          </form>
        )}

        {[error, choicesError].map(
          (text) =>
            text && (
              <p class="banner" role="alert" key={text}>
                {text}
              </p>
            ),
        )}

        {data?.truncated && (
          <p class="banner info" role="status">
            Too many groups to show them all{data.breakdown && ` by ${breakdownLabel(data.breakdown)}`}: the journey table and the trend show
            the 5,000 with the most answers. Narrow the filters or the period{data.breakdown && ', or break down by something with fewer values'}.
          </p>
        )}
        {known && data && !data.overall.length && (
          <section class="card empty-state">
            <h2>No answers for these filters</h2>
            <p>Try a longer period or fewer filters.</p>
          </section>
        )}

        {known && data && !!data.overall.length && (
          <div class="grid" aria-busy={loading}>
            <section class="cards" aria-label="Metrics">
              {data.overall.map((r) => (
                <MetricCard key={metricKey(r)} row={r} />
              ))}
            </section>

            <section class="card panel trend-panel" aria-labelledby="trend-title">
              <header class="panel-head">
                <h2 id="trend-title">Trend</h2>
                <div class="segmented" role="group" aria-label="Metric">
                  {metrics.map((k) => (
                    <button type="button" key={k} aria-pressed={k === metric} onClick={() => change({ metric: k })}>
                      {metricLabel(k)}
                    </button>
                  ))}
                </div>
                <div class="segmented" role="group" aria-label="Per">
                  {UNITS.map((u) => (
                    <button type="button" key={u} aria-pressed={u === data.unit} onClick={() => change({ unit: u })}>
                      {u[0]!.toUpperCase() + u.slice(1)}
                    </button>
                  ))}
                </div>
              </header>
              {metric && <TrendChart metric={metric} unit={data.unit} buckets={buckets} rows={data.trend} breakdown={data.breakdown} />}
            </section>

            <section class="card panel journey-panel" aria-labelledby="journey-title">
              <header class="panel-head">
                <h2 id="journey-title">By journey stage and touchpoint{data.breakdown && ` · by ${breakdownLabel(data.breakdown)}`}</h2>
              </header>
              <JourneyTable rows={data.journey} unanswered={data.unanswered} breakdown={data.breakdown} onTouchpoint={(touchpoint) => change({ touchpoint })} />
            </section>


            <section class="card panel comments-panel" aria-labelledby="comments-title">
              <header class="panel-head">
                <h2 id="comments-title">{view.q ? 'Comments found' : 'Latest comments'}</h2>
                <form class="comment-search" role="search" onSubmit={(e) => (e.preventDefault(), change({ q: search.trim() }))}>
                  <label for="comment-search" class="sr-only">
                    Search comments
                  </label>
                  <input id="comment-search" type="search" placeholder="Search comments" maxLength={200} value={search} onInput={(e) => setSearch(e.currentTarget.value)} />
                  <button type="submit" class="button">
                    Search
                  </button>
                </form>
              </header>
              {data.comments.length ? (
                <CommentList comments={data.comments} words={data.words} focus={data.focus} />
              ) : (
                <p class="muted">{view.q ? 'No comment has these words.' : 'No comments for these filters.'}</p>
              )}
              {data.next && (
                <button type="button" class="button more" ref={moreButton} onClick={moreComments} aria-disabled={busy === 'more'}>
                  {busy === 'more' ? 'Loading…' : 'Show more'}
                </button>
              )}
            </section>

            {fatigue && <FatigueCard fatigue={fatigue} />}
          </div>
        )}
      </main>
    </div>
  )
}
