import { audienceMiss, deviceOf, frequencyMiss, matchCondition, matchUrl, nextVisit, scaleOf } from '@touchpoint/core'
import type { ResponsePayload, Survey, SurveyHistory, Trigger, VisitState } from '@touchpoint/core'
import type { Mounted } from '@touchpoint/widget'
import { loadConfig } from './config.js'
import { emitter } from './emitter.js'
import { createLog, error as logError, warn } from './log.js'
import { resolveCollector } from './collector.js'
import type { Collector } from './collector.js'
import { pageInfo, watchNavigation } from './page.js'
import { idbStore, memoryStore, probe } from './store.js'
import type { Store } from './store.js'
import type { EventMap, EventName, InitOptions, QueueRecord } from './types.js'
import { uuid } from './uuid.js'

const EVENTS: EventName[] = ['ready', 'shown', 'answered', 'dismissed', 'queued', 'delivered', 'dropped', 'error']

interface Visitor {
  anonymousId: string
  userId?: string
  attributes?: Record<string, unknown>
}

/** What the lazily loaded delivery chunk is given: the live stores and settings. */
export interface DeliveryContext {
  /** The queue store in use now (it changes with consent). */
  queue(): Store
  collector: Collector
  emit: ReturnType<typeof emitter>['emit']
  log(message: string): void
}

export interface Delivery {
  flush(): Promise<void>
  stop(): void
}

/** The Touchpoint SDK: one instance per page, behind both the global `touchpoint()` and the ESM exports. */
export function createTouchpoint() {
  const events = emitter()
  const log = createLog(false)
  let options: InitOptions | undefined
  let collector: Collector
  let ready: Promise<void> | undefined
  let readyResolve: () => void
  const whenReady = new Promise<void>((r) => (readyResolve = r))
  let consentState: 'granted' | 'denied' | undefined
  let state: Store = memoryStore()
  let queue: Store = memoryStore()
  let onDisk = false
  let surveys: Survey[] = []
  let cooldownDays = 0
  let visitor: Visitor = { anonymousId: uuid() }
  /** The visitor's locales, most preferred first; the first is sent with each answer. */
  let locales: readonly string[] = ['en']
  let locale = 'en'
  let prompt: Mounted | undefined
  let busy = false
  let page = 0
  let delivery: Promise<Delivery> | undefined
  const timers = new Set<ReturnType<typeof setTimeout>>()
  const cleanups: (() => void)[] = []

  const allowed = () => consentState === 'granted' || (!options?.requireConsent && consentState !== 'denied')

  function report(error: unknown, message = (error as Error)?.message ?? String(error)) {
    logError(message)
    events.emit('error', { error, message })
  }

  /** Moves state and queue to IndexedDB, or stays in memory where it does not work. */
  async function useDisk() {
    if (onDisk) return
    const disk = idbStore('touchpoint', 'state')
    if (!(await probe(disk))) {
      warn('IndexedDB is unavailable: answers are kept in memory and sent from this page only')
      return
    }
    state = disk
    queue = idbStore('touchpoint-queue', 'responses')
    onDisk = true
  }

  async function loadVisitor() {
    visitor = (await state.get<Visitor>('visitor')) ?? { anonymousId: uuid() }
    const user = options?.user
    if (user) visitor = { ...visitor, userId: user.id ?? visitor.userId, attributes: { ...visitor.attributes, ...user.attributes } }
    await state.set('visitor', visitor)
  }

  async function start(o: InitOptions) {
    const lang = document.documentElement.lang
    locales = o.locale ? [o.locale] : lang ? [lang] : navigator.languages?.length ? navigator.languages : ['en']
    locale = locales[0]!
    if (allowed()) await useDisk()
    const checked = await loadConfig(o, state)
    checked.errors.forEach((m) => report(new TypeError(m), m))
    for (const k of checked.ignored) delete o[k as keyof InitOptions]
    if (checked.fromCache) log('config', 'could not be fetched; using the copy on this device')
    await loadVisitor()
    surveys = checked.surveys
    cooldownDays = checked.cooldownDays
    cleanups.push(watchNavigation(() => onPage()))
    readyResolve()
    events.emit('ready', { surveys: surveys.map((s) => s.id) })
    for (const s of surveys) log(s.id, `armed: ${s.triggers.map(describe).join(', ')}`)
    await onPage()
    if (allowed() && (await queue.entries()).length) deliver()
  }

  /** A page view: the first one, or an SPA navigation. */
  async function onPage() {
    page++
    const now = Date.now()
    await state.update<VisitState>('visit', (v) => nextVisit(v, now))
    const { path, href } = pageInfo()
    for (const s of surveys) {
      for (const t of s.triggers) {
        if (t.on === 'pageview' && (!t.url || matchUrl(t.url, path, href))) consider(s, t, 'pageview')
      }
    }
  }

  /** Why a survey cannot show now, or `undefined` when it can. */
  async function whyNot(s: Survey): Promise<string | undefined> {
    if (!allowed()) return consentState === 'denied' ? 'consent was denied' : 'waiting for consent'
    if (busy) return 'another survey is on screen'
    const { path, href } = pageInfo()
    const miss = audienceMiss(s, {
      path,
      href,
      device: deviceOf(navigator.userAgent, navigator.maxTouchPoints),
      locale,
      attributes: visitor.attributes ?? {},
      visitorId: visitor.userId ?? visitor.anonymousId,
    })
    if (miss) return miss
    const history = await state.get<Record<string, SurveyHistory>>('history')
    return frequencyMiss(s, history?.[s.id], await state.get<number>('lastShownAt'), cooldownDays, Date.now())
  }

  /** A trigger fired: show the survey if every rule allows it, after its delay. */
  async function consider(s: Survey, t: Trigger, label: string) {
    const at = page
    const why = await whyNot(s)
    if (why) return log(s.id, `not shown — ${why}`)
    if (!t.delaySeconds) return present(s, label)
    log(s.id, `${label} fired; showing in ${t.delaySeconds}s unless the page changes or the audience stops matching`)
    const timer = setTimeout(async () => {
      timers.delete(timer)
      if (at !== page) return log(s.id, `not shown — the page changed during delaySeconds`)
      const why = await whyNot(s)
      if (why) return log(s.id, `not shown — ${why}`)
      present(s, label)
    }, t.delaySeconds * 1000)
    timers.add(timer)
  }

  /** Shows a survey: one prompt at a time, across tabs too (a Web Lock held while it is on screen). */
  async function present(s: Survey, trigger: string, preview = false) {
    if (busy) return log(s.id, 'not shown — another survey is on screen')
    busy = true
    const release = await promptLock()
    if (!release) {
      busy = false
      return log(s.id, 'not shown — another tab is showing a survey')
    }
    const done = () => {
      prompt = undefined
      busy = false
      release()
    }
    try {
      const now = Date.now()
      if (!preview) {
        await state.update<Record<string, SurveyHistory>>('history', (h = {}) => ({
          ...h,
          [s.id]: { ...h[s.id], shows: (h[s.id]?.shows ?? 0) + 1, lastShownAt: now },
        }))
        await state.set('lastShownAt', now)
      }
      const widget = await import('@touchpoint/widget')
      prompt = widget.mount({
        ...options!,
        survey: s,
        strings: await widget.loadStrings(locales),
        locale,
        onAnswer: (score, comment) => void answer(s, trigger, score, comment, preview).catch(report),
        onDismiss: () => {
          events.emit('dismissed', { surveyId: s.id })
          if (!preview) void record(s.id, 'dismissedAt').catch(report)
        },
        onClose: done,
        onError: (e) => report(e, `survey "${s.id}" could not be shown: ${(e as Error)?.message ?? e}`),
      })
      log(s.id, `shown (${trigger})`)
      events.emit('shown', { surveyId: s.id, trigger })
    } catch (e) {
      done()
      report(e, `survey "${s.id}" could not be shown: ${(e as Error)?.message ?? e}`)
    }
  }

  function record(surveyId: string, field: 'answeredAt' | 'dismissedAt') {
    return state.update<Record<string, SurveyHistory>>('history', (h = {}) => ({
      ...h,
      [surveyId]: { shows: 0, ...h[surveyId], [field]: Date.now() },
    }))
  }

  /** Writes the answer to the queue, and only once that write is done reports it. */
  async function answer(s: Survey, trigger: string, score: number, comment: string | undefined, preview: boolean) {
    const id = uuid()
    const { path, href, referrer } = pageInfo()
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
      locale,
      trigger,
      page: { url: stripQuery(href), path, referrer: referrer ? stripQuery(referrer) : undefined },
      visitor: visitor.attributes && Object.keys(visitor.attributes).length ? visitor : { ...visitor, attributes: undefined },
      device: deviceOf(navigator.userAgent, navigator.maxTouchPoints),
    }
    if (preview) {
      log(s.id, `preview answer (not stored, not sent): ${JSON.stringify(payload)}`)
    } else {
      const rec: QueueRecord = { v: 1, id, payload, queuedAt: Date.now() }
      await queue.set(id, rec)
      await record(s.id, 'answeredAt')
      events.emit('queued', { id, surveyId: s.id })
    }
    events.emit('answered', { surveyId: s.id, id, score, comment })
    if (!preview) deliver()
  }

  function deliver(): Promise<void> {
    delivery ??= import('./delivery/index.js').then((m) =>
      m.start({ queue: () => queue, collector, emit: events.emit, log: (msg) => log('delivery', msg) }),
    )
    return delivery.then((d) => d.flush()).catch(report)
  }

  /** `track` after `init` has finished; counts the event and fires matching event triggers. */
  async function onEvent(name: string, props: Record<string, unknown>) {
    const now = Date.now()
    await state.update<VisitState>('visit', (v) => nextVisit(v, now))
    for (const s of surveys) {
      for (const t of s.triggers) {
        if (t.on !== 'event' || t.event !== name) continue
        if (t.where && !Object.keys(t.where).every((k) => matchCondition(t.where![k]!, props[k]))) continue
        consider(s, t, `event:${name}`)
      }
    }
  }

  return {
    /** Starts Touchpoint. A second call is ignored with a warning. */
    init(o: InitOptions): void {
      try {
        if (options) return warn('init was called again; the second call is ignored')
        const c = resolveCollector(o?.collector)
        if (typeof c === 'string') return report(new TypeError(c), `init: ${c}`)
        options = { ...o }
        collector = c
        log.debug = !!o.debug || /[?&]touchpoint_debug=1/.test(location.search)
        ready = start(options).catch((e) => report(e, `init failed: ${(e as Error)?.message ?? e}`))
      } catch (e) {
        report(e)
      }
    },

    /** Records a custom touchpoint event; event triggers with this name may show a survey. */
    track(name: string, properties: Record<string, unknown> = {}): void {
      if (typeof name !== 'string' || !name) return report(new TypeError('track: name must be a non-empty string'))
      void whenReady.then(() => onEvent(name, properties ?? {})).catch(report)
    },

    /** Subscribes to an event. */
    on<E extends EventName>(event: E, handler: (payload: EventMap[E]) => void): void {
      if (!EVENTS.includes(event)) warn(`on: unknown event "${event}" (events: ${EVENTS.join(', ')})`)
      events.on(event, handler)
    },

    /** Removes a handler added with `on`. */
    off<E extends EventName>(event: E, handler: (payload: EventMap[E]) => void): void {
      events.off(event, handler)
    },

    /** Tries to deliver the queue now; resolves when the attempt ends. */
    async flush(): Promise<void> {
      await whenReady
      if (allowed()) await deliver()
    },

    /** Removes listeners, the prompt and timers. The queue stays on disk. */
    destroy(): void {
      cleanups.splice(0).forEach((f) => f())
      timers.forEach(clearTimeout)
      timers.clear()
      prompt?.close()
      void delivery?.then((d) => d.stop())
      delivery = undefined
      options = undefined
      void ready
    },
  }
}

/** DESIGN §6: by default a page URL travels without its query string and hash, which often carry personal data. */
function stripQuery(url: string): string {
  return url.replace(/[?#].*$/, '')
}

/** Resolves with a release function when this tab may show a prompt, `null` when another tab is showing one. */
function promptLock(): Promise<(() => void) | null> {
  const locks = navigator.locks
  if (!locks) return Promise.resolve(() => {})
  return new Promise((resolve) => {
    void locks.request('touchpoint-prompt', { ifAvailable: true }, (lock) =>
      lock ? new Promise<void>((release) => resolve(() => release())) : resolve(null),
    )
  })
}

function describe(t: Trigger): string {
  return t.on === 'event' ? `event ${t.event}${t.count ? ` ×${t.count}` : ''}` : t.on
}

export type Touchpoint = ReturnType<typeof createTouchpoint>
