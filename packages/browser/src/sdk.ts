import { audienceMiss, deviceOf, failedCondition, frequencyMiss, matchUrl, nextVisit, scheduleMiss } from '@touchpoint/core'
import type { EventTrigger, Reason, Survey, SurveyHistory, Trigger, VisitState } from '@touchpoint/core'
import type { Mounted } from '@touchpoint/widget'
import { loadConfig } from './config.js'
import type { Entry, Misuse, RuntimeReason } from './debug.js'
import { emitter } from './emitter.js'
import { error as logError, warn, wrongly } from './log.js'
import { pageInfo, watchNavigation } from './page.js'
import { idbStore, memoryStore, probe } from './store.js'
import type { Store } from './store.js'
import { tabLock } from './tab-lock.js'
import { DOM_TRIGGERS } from './triggers/dom-triggers.js'
import type { Runtime, Visitor } from './runtime.js'
import type { History, Miss, Shown } from './show.js'
import type { Collector, EventMap, EventName, InitOptions } from './types.js'
import { uuid } from './uuid.js'

const EVENTS: EventName[] = ['ready', 'shown', 'answered', 'dismissed', 'queued', 'delivered', 'dropped', 'error']
/** What `reset()` forgets; the queue and the cached config stay. */
const PERSONAL = ['visitor', 'visit', 'counts', 'history', 'lastShownAt']

/** The delivery chunk's handle. */
export interface Delivery {
  /** `force`: send records still waiting out their backoff too (a Retry-After pause still holds). */
  flush(force?: boolean): Promise<void>
  stop(): void
}

const device = () => deviceOf(navigator.userAgent, navigator.maxTouchPoints)

/** The key an event trigger counts under: the same event and filter share a count, across surveys and page loads. */
const countKey = (t: EventTrigger) => `${t.event}|${JSON.stringify(t.where ?? {})}`

/**
 * The Touchpoint SDK: one instance per page, behind both the global `touchpoint()` and the ESM
 * exports. `defaults` are init options the caller's own options override.
 */
export function createTouchpoint(defaults: Partial<InitOptions> = {}) {
  const events = emitter()
  let options: InitOptions | undefined
  let collector: Collector
  let debug = false
  let readyResolve!: (started: Promise<void>) => void
  let whenReady = new Promise<void>((r) => (readyResolve = r))
  let consentState: 'granted' | 'denied' | undefined
  let state: Store = memoryStore()
  let queue: Store = memoryStore()
  let onDisk = false
  /**
   * reset() was called: the next switch to IndexedDB (consent given after it) erases what an
   * earlier page stored there, which the reset in memory could not reach.
   */
  let forget = false
  let surveys: Survey[] = []
  let cooldownDays = 0
  let visitor: Visitor = { anonymousId: uuid() }
  /** The visitor's locales, most preferred first; the first is sent with each answer. */
  let locales: readonly string[] = ['en']
  let prompt: Mounted | undefined
  let busy = false
  let page = 0
  /** Bumped by destroy() and consent('denied'): work still in flight from before must not touch the page. */
  let life = 0
  let delivery: Promise<Delivery | void> | undefined
  let logs = Promise.resolve()
  const timers = new Set<ReturnType<typeof setTimeout>>()
  const cleanups: (() => void)[] = []
  let pageCleanups: (() => void)[] = []

  /** Whether Touchpoint may store, send and show: started (not destroyed), with consent where needed. */
  const allowed = () => options && (consentState === 'granted' || (!options.requireConsent && consentState !== 'denied'))

  /** Debug output: decisions are data here, worded by the debug chunk, in order. */
  function log(surveyId: string, ...entry: Entry) {
    if (debug) {
      logs = logs
        .then(() => import('./debug.js'))
        .then((d) => d.say(surveyId, entry), () => {})
    }
  }

  /** Says what went wrong: `prefix` (what failed), then the error's message. */
  function report(error: unknown, prefix = '') {
    const message = prefix + ((error as Error)?.message ?? String(error))
    logError(message)
    events.emit('error', { error, message })
  }

  /** Reports a text as a TypeError: an option, a config or a command used wrongly. */
  const wrong = (text: string) => report(new TypeError(text))

  /** Reports a command called wrongly (`say`: warns instead). */
  const misuse = (m: Misuse, say = wrong) => wrongly(m, say)

  /** Moves state and queue to IndexedDB, or stays in memory where it does not work. */
  async function useDisk() {
    if (onDisk) return
    const disk = idbStore('touchpoint', 'state')
    if (!(await probe(disk))) return log('storage', 'memory')
    if (forget) await disk.delMany(PERSONAL)
    // consent('denied') came meanwhile: it erased the disk, and what follows stays in memory.
    if (!allowed()) return
    state = disk
    queue = idbStore('touchpoint-queue', 'responses')
    onDisk = true
  }

  /**
   * The visitor as stored, with `user` over it: `init`'s, or on consent who the visitor is on
   * this page (`init`'s user and `identify` before consent, kept in memory), under the stored anonymous id.
   */
  async function loadVisitor(user = options?.user as (Visitor & InitOptions['user']) | undefined) {
    visitor = (await state.get<Visitor>('visitor')) ?? { anonymousId: uuid() }
    if (user) visitor = { ...visitor, userId: user.userId === undefined ? (user.id ?? visitor.userId) : user.userId, attributes: { ...visitor.attributes, ...user.attributes } }
    // Attributes IndexedDB cannot store (a proxy, a function) are reported, and kept in memory.
    await state.set('visitor', visitor).catch(report)
  }

  async function start(o: InitOptions) {
    const at = life
    const lang = document.documentElement.lang
    locales = o.locale ? [o.locale] : lang ? [lang] : [...navigator.languages, 'en']
    if (allowed()) await useDisk()
    const preview = new URLSearchParams(location.search).get('touchpoint_preview')
    const checked = await loadConfig(o, state, debug || preview)
    checked.errors.forEach(wrong)
    checked.warnings?.forEach((m) => warn(m))
    for (const k of checked.ignored) delete o[k as keyof InitOptions]
    if (checked.fromCache) log('config', 'cached', checked.fromCache)
    await loadVisitor()
    // Destroyed while the config was loading: this start ends here, and a later init starts anew.
    if (at !== life) return
    if (o.collector) {
      const c = typeof o.collector === 'string' ? { url: o.collector } : o.collector
      // Its transform, headers copied, the URL made absolute.
      collector = { ...c, url: new URL(c.url, location.href).href, headers: { ...c.headers } }
    }
    surveys = checked.surveys
    cooldownDays = checked.cooldownDays
    cleanups.push(watchNavigation(onPage))
    for (const s of surveys) log(s.id, 'armed', s.triggers)
    events.emit('ready', { surveys: surveys.map((s) => s.id) })
    await onPage()
    if (preview) {
      const s = surveys.find((x) => x.id === preview)
      if (s) void present(s, { on: 'preview' })
      else void misuse(['touchpoint_preview', preview, surveys])
    }
    if ((await queue.entries()).length) void deliver()
  }

  /** Counts activity into the visit (a new one after 30 minutes without). */
  const visitGoesOn = () => state.tx<[VisitState]>(['visit'], ([v]) => [nextVisit(v, Date.now())])

  /** A page view, the first one or an SPA navigation: counts the visit, (re)arms the page's triggers. */
  async function onPage() {
    page++
    pageCleanups.splice(0).forEach((f) => f())
    const [visit] = await visitGoesOn()
    // Another page view armed meanwhile (two navigations in one task): this one's triggers replace its.
    pageCleanups.splice(0).forEach((f) => f())
    const { path, href } = pageInfo()
    const desktop = device() === 'desktop'
    for (const s of surveys) {
      for (const t of s.triggers) {
        const fire = () => void consider(s, t)
        if (t.on === 'pageview') {
          if (!t.url || matchUrl(t.url, path, href)) fire()
        } else if (t.on === 'visit') {
          if (visit.count >= t.count) fire()
        } else if (t.on !== 'event' && (t.on !== 'exit_intent' || desktop)) {
          pageCleanups.push(DOM_TRIGGERS[t.on]!(t as never, fire))
        }
      }
    }
  }

  /** `track` after init: counts the event for the triggers that listen to it and fires those whose count is reached. */
  async function onEvent(name: string, props: Record<string, unknown>) {
    const hits: [Survey, EventTrigger][] = []
    for (const s of surveys) {
      for (const t of s.triggers) if (t.on === 'event' && t.event === name && !(t.where && failedCondition(t.where, props))) hits.push([s, t])
    }
    // Activity keeps the visit going; nothing waits for it (IndexedDB keeps the order).
    if (!hits.length) return void visitGoesOn().catch(report)
    // One transaction keeps the visit going, counts the event and reads what the frequency rules
    // need: a trigger that fires reads nothing more before taking the lock.
    const [, counts, history, last] = await state.tx<[VisitState, Record<string, number>, History?, number?]>(
      ['visit', 'counts', 'history', 'lastShownAt'],
      // From the counts as read (`was`): surveys listening for the same event and filter share one count, raised once.
      ([v, was = {}], c = { ...was }) => {
        for (const [, t] of hits) c[countKey(t)] = (was[countKey(t)] ?? 0) + 1
        return [nextVisit(v, Date.now()), c]
      },
    )
    for (const [s, t] of hits) if (counts[countKey(t)]! >= (t.count ?? 1)) void consider(s, t, props, [history, last])
  }

  /** Consent, one prompt at a time, audience: why a survey cannot show now, or `undefined`. */
  function gate(s?: Survey): Reason | RuntimeReason | undefined {
    if (!allowed()) return [consentState ? 'denied' : 'consent']
    if (busy) return ['busy']
    if (!s) return
    return audienceMiss(s, {
      ...pageInfo(),
      device: device(),
      locale: locales[0]!,
      attributes: visitor.attributes ?? {},
      visitorId: visitor.userId ?? visitor.anonymousId,
    })
  }

  /**
   * Status and dates (checked here too, so that a config kept on the device stops on time
   * offline), then frequency.
   */
  const miss: Miss = (s, history, last, now = Date.now()) =>
    scheduleMiss(s, now) ?? frequencyMiss(s, history?.[s.id], last, cooldownDays, now)

  /**
   * A trigger fired: show the survey if every rule allows it, after its delay (checking again
   * then). `context`: the properties of the `track()` call, for the answer's context. Frequency
   * is read fresh from storage, unless `read` just was: another tab may have shown or answered a
   * survey meanwhile. Consent and the rest are checked once it is read: a `consent('denied')` or
   * a `destroy()` may have come while it was.
   */
  async function consider(s: Survey, t: Trigger, context?: Record<string, unknown>, read?: [History?, number?]) {
    const at = page
    read ??= await state.tx<[History?, number?]>(['history', 'lastShownAt'])
    const why = gate(s) ?? miss(s, ...read)
    if (why) return log(s.id, 'skip', why)
    if (!t.delaySeconds) return present(s, t, context)
    log(s.id, 'delay', t)
    const timer = setTimeout(() => {
      timers.delete(timer)
      if (at !== page) return log(s.id, 'skip', ['moved'])
      void consider(s, { ...t, delaySeconds: 0 }, context)
    }, t.delaySeconds * 1000)
    timers.add(timer)
  }

  /**
   * Shows a survey: one prompt at a time, in one tab at a time. The prompt's code is fetched
   * while the lock is taken; then one transaction checks the rules again (another tab may have
   * shown or answered a survey meanwhile) and records the display. `context`: where its
   * answer's context comes from first.
   */
  async function present(s: Survey, t: Shown, context?: Record<string, unknown>) {
    if (busy) return log(s.id, 'skip', ['busy'])
    busy = true
    const at = life
    // Loading changes nothing: the code is fetched while the lock is taken.
    const code = import('./show.js')
    code.catch(() => {}) // handled below when awaited; not every check ends in showing
    const release = await tabLock('prompt', state)
    const done = () => {
      prompt = undefined
      busy = false
      release?.()
    }
    try {
      if (!release) return done(), log(s.id, 'skip', ['tab'])
      const { showSurvey, recordDisplay } = await code
      // Destroyed or denied while the lock or the code was on its way: no display is recorded.
      const why = at === life && (await recordDisplay(rt, s, t, miss))
      if (why) return done(), log(s.id, 'skip', why)
      if (at === life) prompt = await showSurvey(rt, s, t, done, context)
      // Destroyed or denied while the prompt was being shown: it goes (close() calls done).
      if (at !== life) prompt ? prompt.close() : done()
    } catch (e) {
      done()
      report(e, `survey "${s.id}" could not be shown: `)
    }
  }

  /** Sends the queue (not without consent: denied, or not yet given where it is required). */
  async function deliver(force?: boolean): Promise<void> {
    if (!collector || !allowed()) return
    // flush() reports its own failures. Code that failed to load (offline) or to start is tried
    // again next time: `delivery` is cleared (the message is the error's own), and resolves to
    // nothing meanwhile, so that stopping it never rejects.
    delivery ??= import('./delivery/index.js')
      .then((m) => m.start(rt))
      .catch((e) => report(e, (delivery = undefined)))
    return delivery.then((d) => d?.flush(force))
  }

  const rt: Runtime = {
    options: () => options!,
    state: () => state,
    queue: () => queue,
    visitor: () => visitor,
    locales: () => locales,
    collector: () => collector,
    page: pageInfo,
    device,
    emit: events.emit,
    log,
    report,
    deliver,
  }

  /** Runs `fn` once init has finished; resolves when it is done. Errors are reported, never thrown at the caller. */
  const later = (fn: () => unknown): Promise<void> =>
    whenReady
      .then(fn)
      .then(() => {}, report)


  return {
    /** Starts Touchpoint; resolves once it is ready. A second call is ignored with a warning. */
    init(o: InitOptions): Promise<void> {
      if (options) return misuse(['again'], warn)
      options = { ...defaults, ...o }
      debug = !!o?.debug || /[?&]touchpoint_debug=1/.test(location.search)
      readyResolve(start(options).catch((e) => report(e, 'init failed: ')))
      return whenReady
    },

    /** Records a custom touchpoint event; event triggers with this name may show a survey. */
    track(name: string, properties: Record<string, unknown> = {}): Promise<void> {
      if (typeof name !== 'string' || !name) return misuse(['track', name])
      // A copy, as the properties are now: an answer may take its context from them much later.
      const props = { ...properties }
      return later(() => onEvent(name, props))
    },

    /** Says who answers: a user id (`null` forgets it) and attributes that audience rules can match. */
    identify(userId?: string | null, attributes?: Record<string, unknown>): Promise<void> {
      if (userId != null && typeof userId !== 'string') return misuse(['identify', userId])
      return later(() => {
        visitor = {
          ...visitor,
          userId: userId === undefined ? visitor.userId : userId,
          attributes: { ...visitor.attributes, ...attributes },
        }
        return state.set('visitor', visitor)
      })
    },

    /** Forgets the user, their survey history and the anonymous id (a new one is made). Queued answers stay. */
    reset(): Promise<void> {
      return later(async () => {
        forget = true
        await state.delMany(PERSONAL)
        visitor = { anonymousId: uuid() }
        await state.set('visitor', visitor)
      })
    },

    /**
     * Shows a survey now: no trigger, audience or frequency rule applies; consent and
     * one-prompt-at-a-time do. `context`: values for the keys the survey lists in its `context`.
     */
    show(surveyId: string, options?: { context?: Record<string, unknown> }): Promise<void> {
      return later(() => {
        const s = surveys.find((x) => x.id === surveyId)
        if (!s) return misuse(['show', surveyId, surveys])
        const why = gate()
        return why ? log(surveyId, 'skip', why) : present(s, { on: 'show' }, options?.context)
      })
    },

    /**
     * With `requireConsent`: `'granted'` starts storing and showing, `'denied'` erases what is
     * stored and stops (before init: once init has started, which then stores nothing). Of calls
     * made before Touchpoint is ready, or in one go, the last one decides.
     */
    async consent(value: 'granted' | 'denied'): Promise<void> {
      if (value !== 'granted' && value !== 'denied') return misuse(['consent', value])
      const was = allowed()
      consentState = value
      if (value === 'granted' && (was || !options)) return
      return later(async () => {
        // A later call took it back before this one ran ('denied' then 'granted' before init).
        if (consentState !== value) return
        if (value === 'granted') {
          await useDisk()
          await loadVisitor(visitor)
          await onPage()
          if ((await queue.entries()).length) void deliver()
          return
        }
        life++
        prompt?.close()
        void delivery?.then((d) => d?.stop())
        delivery = undefined
        // Switch to memory first: anything still in flight then writes there, not to the disk being erased.
        state = memoryStore()
        queue = memoryStore()
        onDisk = false
        // The visitor in memory stays, sent nowhere: a later 'granted' takes its user id and
        // attributes (the page's own), under an anonymous id made anew.
        if (self.indexedDB) await Promise.all([idbStore('touchpoint', 'state').clear(), idbStore('touchpoint-queue', 'responses').clear()])
      })
    },

    /** Subscribes to an event. */
    on<E extends EventName>(event: E, handler: (payload: EventMap[E]) => void): void {
      if (!EVENTS.includes(event)) void misuse(['on', event, EVENTS], warn)
      events.on(event, handler)
    },

    /** Removes a handler added with `on`. */
    off: events.off,

    /** Tries to deliver the queue now; resolves when the attempt ends. */
    flush(): Promise<void> {
      return later(() => deliver(true))
    },

    /** Removes listeners, the prompt and timers; the queue stays on disk. A later `init` starts again. */
    destroy(): void {
      // After an init, commands wait for the next one; before any, those waiting go on waiting.
      if (options) whenReady = new Promise((r) => (readyResolve = r))
      ;[...cleanups.splice(0), ...pageCleanups.splice(0)].forEach((f) => f())
      timers.forEach(clearTimeout)
      timers.clear()
      prompt?.close()
      void delivery?.then((d) => d?.stop())
      delivery = undefined
      options = undefined
      surveys = []
      page++
      life++
    },
  }
}

export type Touchpoint = ReturnType<typeof createTouchpoint>
