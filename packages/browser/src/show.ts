// What happens once a survey may show, loaded lazily in one chunk with the widget (Preact and
// the prompts): record the display, mount the prompt, queue its events (shown, dismissed) and
// write its answer, with its context, to the queue.
// Everything here runs only when a prompt is about to appear, so none of it weighs on the
// always-loaded runtime; and it is on the page already when the visitor answers, offline too.
import { scaleOf } from '@touchpoint/core'
import type { EventKind, EventPayload, Reason, ResponsePayload, Survey, SurveyHistory, Trigger } from '@touchpoint/core'
import { loadStrings, mount, placeOf } from '@touchpoint/widget'
import type { Mounted } from '@touchpoint/widget'
import { pickContext } from './context.js'
import type { Runtime } from './runtime.js'
import type { InitOptions, QueueRecord } from './types.js'
import { uuid } from './uuid.js'

// In the script-tag build the trimming code is part of this chunk (rollup.config.mjs says why),
// and the upgrade of an older SDK's queue (delivery/migrate.ts) imports it from here. Exported
// from this module, it is one of the chunk's own exports, so that the runtime's import() of the
// chunk needs no namespace object of its own.
export { outgoing } from './outgoing.js'

/** Each survey's history on this device, by survey id. */
export type History = Record<string, SurveyHistory>

/** Why the frequency and schedule rules keep a survey from showing now, or `undefined`. */
export type Miss = (s: Survey, history: History | undefined, last: number | undefined, now?: number) => Reason | undefined

/** What shows a survey: a trigger, `show()`, or a preview (nothing stored or sent). */
export type Shown = Trigger | { on: 'show' | 'preview' }

/** `event:checkout_completed`, `scroll:75`, `exit_intent`, `show`…: what showed a survey, as sent with its answers. */
function label(t: Shown): string {
  const v = (t as { event?: string }).event ?? (t as { selector?: string }).selector ?? (t as { percent?: number }).percent ??
    (t as { seconds?: number }).seconds ?? (t.on === 'visit' ? t.count : undefined)
  return v === undefined ? t.on : `${t.on}:${v}`
}

/** Privacy default: page URLs travel without their query string and hash, which often carry personal data. */
const stripQuery = (url: string) => url.replace(/[?#].*$/, '')

const record = (rt: Runtime, surveyId: string, field: 'answeredAt' | 'dismissedAt') =>
  rt.state().tx<[History?]>(['history'], ([h = {}]) => [{ ...h, [surveyId]: { shows: 0, ...h[surveyId], [field]: Date.now() } }])

/**
 * The code that trims and redacts what is queued (outgoing.ts). The script-tag build carries it
 * in this chunk; a bundler may make it a chunk of its own, fetched while the prompt shows.
 */
type Shaping = Promise<typeof import('./outgoing.js')>

/**
 * Puts an answer or an event in the queue, trimmed and redacted (version 4). Should that code be
 * missing (offline since before the prompt showed), it goes as it is (an answer as version 2, as
 * an older SDK wrote it; an event as 3), and the delivery chunk trims and redacts it before
 * sending. The versions stay literals (not RECORD_VERSION) so that this chunk shares no module
 * with the delivery chunk (which Rollup would make a chunk of its own).
 */
async function enqueue(rt: Runtime, o: InitOptions, shaping: Shaping, payload: ResponsePayload | EventPayload) {
  const shaped = await shaping.then((m) => m.outgoing(o)(payload), () => undefined)
  const v = shaped ? 4 : 'kind' in payload ? 3 : 2
  const rec = { v, id: payload.id, payload: shaped ?? payload, attempts: 0, nextAttemptAt: 0, firstQueuedAt: Date.now() } as QueueRecord
  await rt.queue().set(payload.id, rec)
}

/**
 * Records the display (not in a preview), in one transaction with the frequency and schedule
 * rules read fresh for a trigger (another tab may have shown or answered a survey meanwhile):
 * resolves with why the survey may not show, and then records nothing. Rejects, recording
 * nothing, when the prompt has nowhere to go (an `inline` target not on the page yet).
 */
export async function recordDisplay(rt: Runtime, s: Survey, t: Shown, miss: Miss): Promise<Reason | undefined> {
  placeOf(rt.options()!)
  const now = Date.now()
  let why: Reason | undefined
  if (t.on !== 'preview') {
    await rt.state().tx<[History?, number?]>(['history', 'lastShownAt'], ([h = {}, last]) =>
      (why = t.on === 'show' ? undefined : miss(s, h, last, now))
        ? []
        : [{ ...h, [s.id]: { ...h[s.id], shows: (h[s.id]?.shows ?? 0) + 1, lastShownAt: now } }, now],
    )
  }
  return why
}

/**
 * Mounts the prompt (the runtime has recorded the display: `recordDisplay`); `onClose` runs
 * when it leaves the page. `context`: the properties of the `track()` call that showed it, or the context given
 * to `show()`, where its answer's context comes from first.
 */
export async function showSurvey(
  rt: Runtime,
  s: Survey,
  t: Shown,
  onClose: () => void,
  context?: Record<string, unknown>,
): Promise<Mounted> {
  const keep = t.on !== 'preview'
  const trigger = label(t)
  // The options as the prompt shows: a destroy() meanwhile leaves the runtime without any.
  const o = rt.options()

  /** What answers and events share: the survey, where and how it showed, and to whom. */
  const about = () => {
    const { path, href, referrer } = rt.page()
    const visitor = rt.visitor()
    const url = o.keepUrlQuery ? (u: string) => u : stripQuery
    // Optional fields may be undefined: JSON leaves them out.
    return {
      surveyId: s.id,
      type: s.type,
      touchpoint: s.touchpoint ?? s.id,
      stage: s.stage,
      locale: rt.locales()[0]!,
      trigger,
      page: { url: url(href), path, referrer: referrer ? url(referrer) : undefined },
      // A user id forgotten before consent is null: sent as none.
      visitor: { ...visitor, userId: visitor.userId ?? undefined, attributes: visitor.attributes && Object.keys(visitor.attributes).length ? visitor.attributes : undefined },
      device: rt.device(),
    }
  }

  /**
   * Sends the queue now, and again when the browser is next back online: should the delivery
   * code fail to load now (offline since before the prompt showed), it is fetched then, rather
   * than on the visitor's next page.
   */
  const send = () => {
    void rt.deliver()
    addEventListener('online', () => void rt.deliver(), { once: true })
  }

  /**
   * Queues an event, unless `events: false` or a preview (which stores and sends nothing). A
   * dismissal ends the prompt: its events go now, in one request. A display waits for the
   * answer or the dismissal that follows it, and goes with that.
   */
  const event = (kind: EventKind) => {
    if (keep && o.events !== false) {
      const payload: EventPayload = { id: uuid(), kind, ...about(), at: new Date().toISOString() }
      enqueue(rt, o, shape(), payload).then(() => void (kind === 'dismissed' && send()), rt.report)
    }
  }

  /** Writes the answer to the queue, and only once that write is done reports it. */
  const answer = async (score: number, comment?: string) => {
    const id = uuid()
    const payload: ResponsePayload = {
      id,
      ...about(),
      scale: scaleOf(s.type, s.scale),
      score,
      comment,
      answeredAt: new Date().toISOString(),
      // The track() properties (or show()'s context) win over the visitor's attributes; one set
      // to undefined does not hide the attribute.
      context: pickContext(s.context, context, rt.visitor().attributes),
    }
    // The answer's one transaction is all that `answered` waits for; the history follows.
    if (keep) {
      await enqueue(rt, o, shape(), payload)
      rt.emit('queued', { id, surveyId: s.id })
    } else rt.log(s.id, 'preview', payload)
    rt.emit('answered', { surveyId: s.id, id, score, comment })
    if (keep) {
      void record(rt, s.id, 'answeredAt').catch(rt.report)
      send()
    }
  }

  // Unless previewing: the delivery code and the code that trims and redacts what is queued are
  // fetched while the visitor reads the question, so that they are there to send (or beacon, if
  // the page closes) right after they answer. Not before the prompt is on screen: compiling and
  // running them would delay its first frame. Whatever needs them first starts the fetch.
  let shaping: Shaping | undefined
  const shape = (): Shaping => {
    if (!shaping) {
      shaping = keep ? import('./outgoing.js') : Promise.reject(new Error('preview'))
      shaping.catch(() => {}) // handled where awaited
      if (keep) void import('./delivery/index.js').catch(() => {})
    }
    return shaping
  }
  // Until `shown`, a failure means the prompt could not be shown; after it, that it broke on screen.
  let shown = false
  let failed = false
  const prompt = mount({
    ...o,
    survey: s,
    strings: await loadStrings(rt.locales()),
    locale: rt.locales()[0]!,
    onAnswer: (score, comment) => void answer(score, comment).catch(rt.report),
    onDismiss: () => {
      rt.emit('dismissed', { surveyId: s.id })
      event('dismissed')
      if (keep) void record(rt, s.id, 'dismissedAt').catch(rt.report)
    },
    onClose,
    onError: (e) => {
      failed = true
      rt.report(e, `survey "${s.id}" ${shown ? 'failed while on screen' : 'could not be shown'}: `)
    },
  })
  // A render error surfaces after mount returns (Preact's boundary acts on the next tick): a
  // prompt that failed was reported as an error, and is not `shown`.
  await new Promise((r) => setTimeout(r))
  if (!failed) {
    shape()
    shown = true
    event('shown')
    rt.log(s.id, 'shown', trigger)
    rt.emit('shown', { surveyId: s.id, trigger })
  }
  return prompt
}
