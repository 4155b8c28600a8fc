// What happens once a survey may show, loaded lazily in one chunk with the widget (Preact and
// the prompts): record the display, mount the prompt, and write its answer to the queue.
// Everything here runs only when a prompt is about to appear, so none of it weighs on the
// always-loaded runtime; and it is on the page already when the visitor answers, offline too.
import { scaleOf } from '@touchpoint/core'
import type { ResponsePayload, Survey, SurveyHistory } from '@touchpoint/core'
import { loadStrings, mount } from '@touchpoint/widget'
import type { Mounted } from '@touchpoint/widget'
import type { Runtime } from './runtime.js'
import type { QueueRecord } from './types.js'
import { uuid } from './uuid.js'

/** How a survey came to show: a trigger, `show()`, or a preview (nothing stored or sent). */
export type Mode = 'trigger' | 'show' | 'preview'

/** DESIGN §6 privacy default: page URLs travel without their query string and hash, which often carry personal data. */
const stripQuery = (url: string) => url.replace(/[?#].*$/, '')

const record = (rt: Runtime, surveyId: string, field: 'answeredAt' | 'dismissedAt') =>
  rt.state().update<Record<string, SurveyHistory>>('history', (h = {}) => ({
    ...h,
    [surveyId]: { shows: 0, ...h[surveyId], [field]: Date.now() },
  }))

/** The code that trims and redacts answers (outgoing.ts), a chunk fetched while the prompt shows. */
type Shaping = Promise<typeof import('./outgoing.js')>

/** Writes the answer to the queue, and only once that write is done reports it. */
async function answer(rt: Runtime, s: Survey, trigger: string, score: number, comment: string | undefined, mode: Mode, shaping: Shaping) {
  const id = uuid()
  const { path, href, referrer } = rt.page()
  const visitor = rt.visitor()
  const url = rt.options().keepUrlQuery ? (u: string) => u : stripQuery
  // Optional fields may be undefined: JSON leaves them out.
  const raw: ResponsePayload = {
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
  // Trimmed and redacted now, so that the queue holds what may leave the page and nothing more.
  // Should that code be missing (offline since before the prompt showed), the answer is queued
  // as it is, as an older SDK wrote it: the delivery chunk trims and redacts those before sending.
  const shaped = await shaping.then((m) => m.outgoing(rt.options())(raw), () => undefined)
  const payload = shaped ?? raw
  if (mode === 'preview') rt.log(s.id, 'preview', payload)
  else {
    // `v` is RECORD_VERSION (3) or, unshaped, 2; literals, so that this chunk and the delivery
    // chunk share no module (which Rollup would make a chunk of its own).
    const rec = { v: shaped ? 3 : 2, id, payload, attempts: 0, nextAttemptAt: 0, firstQueuedAt: Date.now() } as QueueRecord
    await rt.queue().set(id, rec)
    await record(rt, s.id, 'answeredAt')
    rt.emit('queued', { id, surveyId: s.id })
  }
  rt.emit('answered', { surveyId: s.id, id, score, comment })
  if (mode !== 'preview') void rt.deliver()
}

/** Records the display (unless previewing) and mounts the prompt; `onClose` runs when it leaves the page. */
export async function showSurvey(rt: Runtime, s: Survey, trigger: string, mode: Mode, onClose: () => void): Promise<Mounted> {
  // Fetch the delivery code, and the code that trims and redacts answers, while the visitor
  // reads the question, so that they are there to send (or beacon, if the page closes) right
  // after they answer.
  if (mode !== 'preview') void import('./delivery/index.js').catch(() => {})
  const shaping: Shaping = import('./outgoing.js')
  shaping.catch(() => {}) // handled where awaited
  if (mode !== 'preview') {
    const now = Date.now()
    await Promise.all([
      rt.state().update<Record<string, SurveyHistory>>('history', (h = {}) => ({
        ...h,
        [s.id]: { ...h[s.id], shows: (h[s.id]?.shows ?? 0) + 1, lastShownAt: now },
      })),
      rt.state().set('lastShownAt', now),
    ])
  }
  // Until `shown`, a failure means the prompt could not be shown; after it, that it broke on screen.
  let shown = false
  let failed = false
  const prompt = mount({
    ...rt.options(),
    survey: s,
    strings: await loadStrings(rt.locales()),
    locale: rt.locales()[0]!,
    onAnswer: (score, comment) => void answer(rt, s, trigger, score, comment, mode, shaping).catch(rt.report),
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
