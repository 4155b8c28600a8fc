// What happens once a survey may show, loaded lazily in one chunk with the widget (Preact and
// the prompts): record the display, mount the prompt, and write its answer to the queue.
// Everything here runs only when a prompt is about to appear, so none of it weighs on the
// always-loaded runtime; and it is on the page already when the visitor answers, offline too.
import { scaleOf } from '@touchpoint/core'
import type { Reason, ResponsePayload, Survey, SurveyHistory } from '@touchpoint/core'
import { loadStrings, mount } from '@touchpoint/widget'
import type { Mounted } from '@touchpoint/widget'
import type { Runtime } from './runtime.js'
import type { QueueRecord } from './types.js'
import { uuid } from './uuid.js'

/** Each survey's history on this device, by survey id. */
export type History = Record<string, SurveyHistory>

/** Why the frequency and schedule rules keep a survey from showing now, or `undefined`. */
export type Miss = (s: Survey, history: History | undefined, last: number | undefined, now?: number) => Reason | undefined

/** How a survey came to show: a trigger, `show()`, or a preview (nothing stored or sent). */
export type Mode = 'trigger' | 'show' | 'preview'

/** DESIGN §6 privacy default: page URLs travel without their query string and hash, which often carry personal data. */
const stripQuery = (url: string) => url.replace(/[?#].*$/, '')

const record = (rt: Runtime, surveyId: string, field: 'answeredAt' | 'dismissedAt') =>
  rt.state().tx<[History?]>(['history'], ([h = {}]) => [{ ...h, [surveyId]: { shows: 0, ...h[surveyId], [field]: Date.now() } }])

/** Writes the answer to the queue, and only once that write is done reports it. */
async function answer(rt: Runtime, s: Survey, trigger: string, score: number, comment: string | undefined, mode: Mode) {
  const id = uuid()
  const { path, href, referrer } = rt.page()
  const visitor = rt.visitor()
  const url = rt.options().keepUrlQuery ? (u: string) => u : stripQuery
  // Optional fields may be undefined: JSON leaves them out.
  const payload: ResponsePayload = {
    id,
    surveyId: s.id,
    type: s.type,
    scale: scaleOf(s.type, s.scale),
    score,
    comment,
    touchpoint: s.touchpoint ?? s.id,
    stage: s.stage,
    answeredAt: new Date().toISOString(),
    locale: rt.locales()[0]!,
    trigger,
    page: { url: url(href), path, referrer: referrer ? url(referrer) : undefined },
    visitor: { ...visitor, attributes: visitor.attributes && Object.keys(visitor.attributes).length ? visitor.attributes : undefined },
    device: rt.device(),
  }
  if (mode === 'preview') rt.log(s.id, 'preview', payload)
  else {
    // `v` is checked against RECORD_VERSION by the type; the value stays a literal so that this
    // chunk and the delivery chunk share no module (which Rollup would make a chunk of its own).
    const rec: QueueRecord = { v: 2, id, payload, attempts: 0, nextAttemptAt: 0, firstQueuedAt: Date.now() }
    // The answer's one transaction is all that `answered` waits for; the history follows.
    await rt.queue().set(id, rec)
    rt.emit('queued', { id, surveyId: s.id })
  }
  rt.emit('answered', { surveyId: s.id, id, score, comment })
  if (mode !== 'preview') {
    void record(rt, s.id, 'answeredAt').catch(rt.report)
    void rt.deliver()
  }
}

/**
 * Records the display (not in a preview), in one transaction with the frequency and schedule
 * rules read fresh for a trigger (another tab may have shown or answered a survey meanwhile):
 * resolves with why the survey may not show, and then records nothing.
 */
export async function recordDisplay(rt: Runtime, s: Survey, mode: Mode, miss: Miss): Promise<Reason | undefined> {
  const now = Date.now()
  let why: Reason | undefined
  if (mode !== 'preview') {
    await rt.state().tx<[History?, number?]>(['history', 'lastShownAt'], ([h = {}, last]) =>
      (why = mode === 'trigger' ? miss(s, h, last, now) : undefined)
        ? []
        : [{ ...h, [s.id]: { ...h[s.id], shows: (h[s.id]?.shows ?? 0) + 1, lastShownAt: now } }, now],
    )
  }
  return why
}

/** Mounts the prompt (the runtime has recorded the display); `onClose` runs when it leaves the page. */
export async function showSurvey(rt: Runtime, s: Survey, trigger: string, mode: Mode, onClose: () => void): Promise<Mounted> {
  // Fetch the delivery code while the visitor reads the question, so that it is there to send
  // (or beacon, if the page closes) right after they answer.
  if (mode !== 'preview') void import('./delivery/index.js').catch(() => {})
  // Until `shown`, a failure means the prompt could not be shown; after it, that it broke on screen.
  let shown = false
  let failed = false
  const prompt = mount({
    ...rt.options(),
    survey: s,
    strings: await loadStrings(rt.locales()),
    locale: rt.locales()[0]!,
    onAnswer: (score, comment) => void answer(rt, s, trigger, score, comment, mode).catch(rt.report),
    onDismiss: () => {
      rt.emit('dismissed', { surveyId: s.id })
      if (mode !== 'preview') void record(rt, s.id, 'dismissedAt').catch(rt.report)
    },
    onClose,
    onError: (e) => {
      failed = true
      rt.report(e, `survey "${s.id}" ${shown ? 'failed while on screen' : 'could not be shown'}: ${(e as Error)?.message ?? e}`)
    },
  })
  // A render error surfaces after mount returns (Preact's boundary acts on the next tick): a
  // prompt that failed was reported as an error, and is not `shown`.
  await new Promise((r) => setTimeout(r))
  if (!failed) {
    shown = true
    rt.log(s.id, 'shown', trigger)
    rt.emit('shown', { surveyId: s.id, trigger })
  }
  return prompt
}
