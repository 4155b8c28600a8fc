import { createStore, get } from 'idb-keyval'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { answer, prompt, queued, quiet, tick, until, useSdk } from './helpers.js'
import { createTouchpoint } from '../src/sdk.js'
import type { QueueRecord } from '../src/types.js'

const survey = {
  id: 'checkout-nps',
  type: 'nps' as const,
  touchpoint: 'checkout',
  stage: 'purchase' as const,
  followUp: true,
  triggers: [{ on: 'event' as const, event: 'checkout_completed' }],
}

const sdk = useSdk()

describe('an answer', () => {
  it('is in the queue before "answered" fires, then delivered and removed', async () => {
    const inQueueWhenAnswered = vi.fn()
    sdk.tp.on('answered', async (a) => inQueueWhenAnswered((await queued()).some(([id]) => id === a.id)))
    const delivered = new Promise((r) => sdk.tp.on('delivered', r))
    sdk.tp.init({ collector: 'https://collect.test/v1/responses', surveys: [survey] })
    sdk.tp.track('checkout_completed')
    await answer(9, 'Fast checkout')

    expect(await delivered).toMatchObject({ status: 200 })
    expect(inQueueWhenAnswered).toHaveBeenCalledWith(true)
    expect(sdk.collector.posts).toHaveLength(1)
    const [post] = sdk.collector.posts
    expect(post!.url).toBe('https://collect.test/v1/responses')
    expect(post!.body).toMatchObject({
      v: 1,
      responses: [
        {
          surveyId: 'checkout-nps',
          type: 'nps',
          scale: { min: 0, max: 10 },
          score: 9,
          comment: 'Fast checkout',
          touchpoint: 'checkout',
          stage: 'purchase',
          trigger: 'event:checkout_completed',
          device: 'desktop',
        },
      ],
    })
    expect(post!.body.events).toMatchObject([{ kind: 'shown', surveyId: 'checkout-nps', trigger: 'event:checkout_completed' }])
    // Every id of the batch, in queue order (which of the two was queued first is a race).
    expect(post!.headers.get('Idempotency-Key')!.split(',').sort()).toEqual([post!.body.events[0].id, post!.body.responses[0].id].sort())
    expect(await queued()).toEqual([])
  })

  it('stays queued when the collector fails', async () => {
    sdk.collector.status = 503
    sdk.tp.init({ collector: 'https://collect.test/v1/responses', surveys: [survey] })
    sdk.tp.track('checkout_completed')
    await answer(9)
    await until(() => sdk.collector.posts.length)
    await sdk.tp.flush()
    expect((await queued()).flatMap(([, r]) => ('score' in r.payload ? [r.payload.score] : []))).toEqual([9])
  })

  it('carries the protocol\'s fields and nothing else', async () => {
    sdk.tp.init({ collector: 'https://collect.test/', surveys: [survey], user: { id: 'u-1', attributes: { plan: 'pro' } } })
    sdk.tp.track('checkout_completed')
    await answer(9, 'Nice')
    await until(() => sdk.collector.posts.length)
    const [r] = sdk.collector.posts[0]!.body.responses
    expect(Object.keys(r).sort()).toEqual(
      ['answeredAt', 'comment', 'device', 'id', 'locale', 'page', 'scale', 'score', 'stage', 'surveyId', 'touchpoint', 'trigger', 'type', 'visitor'].sort(),
    )
    expect(Object.keys(r.page).sort()).toEqual(['path', 'url'])
    expect(r.visitor).toEqual({ anonymousId: expect.any(String), userId: 'u-1', attributes: { plan: 'pro' } })
    expect(r.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })

  it('keeps the query string when keepUrlQuery is set', async () => {
    history.replaceState(null, '', '/checkout?step=2#pay')
    sdk.tp.init({ collector: 'https://collect.test/', surveys: [survey], keepUrlQuery: true })
    sdk.tp.track('checkout_completed')
    await answer(10)
    await until(() => sdk.collector.posts.length)
    expect(sdk.collector.posts[0]!.body.responses[0].page.url).toBe(`${location.origin}/checkout?step=2#pay`)
    history.replaceState(null, '', '/')
  })

  it('is queued trimmed and redacted, as it will leave the page', async () => {
    sdk.collector.status = 503
    history.replaceState(null, '', `/reset/4f9a2c1e8b7d6a5f4e3d/${'x'.repeat(1500)}/${'y'.repeat(1500)}`)
    sdk.tp.init({ collector: 'https://collect.test/', surveys: [survey] })
    sdk.tp.track('checkout_completed')
    await answer(10)
    const [[, r]] = (await until(async () => (await queued()).length && queued())) as [[string, QueueRecord]]
    expect(r).toMatchObject({ v: 4, payload: { page: { path: `/reset/:token/${'x'.repeat(1500)}/…`, url: `${location.origin}/reset/:token/${'x'.repeat(1500)}/…` } } })
    history.replaceState(null, '', '/')
  })

  it('is queued as it is, in the older format, when the trimming code cannot be loaded, and trimmed before it is sent', async () => {
    quiet('error')
    let id = ''
    vi.doMock('../src/outgoing.js', () => {
      throw new Error('offline')
    })
    try {
      history.replaceState(null, '', '/reset/4f9a2c1e8b7d6a5f4e3d')
      sdk.tp.init({ collector: 'https://collect.test/', surveys: [survey] })
      sdk.tp.track('checkout_completed')
      await answer(10)
      // The answer, not the prompt's "shown" event (queued as it is too, as version 3).
      const r = await until(async () => (await queued()).map(([, q]) => q as QueueRecord).find((q) => 'score' in q.payload))
      expect(r).toMatchObject({ v: 2, payload: { page: { path: '/reset/4f9a2c1e8b7d6a5f4e3d' } } })
      id = r.id
    } finally {
      vi.doUnmock('../src/outgoing.js')
    }
    await sdk.tp.flush()
    const sent = sdk.collector.posts.flatMap((p) => p.body.responses).filter((a) => a.id === id)
    expect(sent.length).toBeGreaterThan(0)
    for (const a of sent) expect(a.page.path).toBe('/reset/:token')
    expect(await queued()).toEqual([])
    history.replaceState(null, '', '/')
  })

  it('reports delivery code that fails to start, leaves nothing unhandled in the page, and starts it again on the next flush', async () => {
    const errors: string[] = []
    const unhandled: unknown[] = []
    const onUnhandled = (e: unknown) => unhandled.push(e)
    process.on('unhandledRejection', onUnhandled)
    vi.doMock('../src/delivery/index.js', () => ({
      start: () => {
        throw new Error('no BroadcastChannel here')
      },
    }))
    try {
      sdk.tp.on('error', (e) => errors.push(e.message))
      sdk.tp.init({ collector: 'https://collect.test/v1/responses', surveys: [survey] })
      sdk.tp.track('checkout_completed')
      await answer(9)
      await sdk.tp.flush()
      await tick(50)
      expect(errors).toContain('no BroadcastChannel here')
      expect(unhandled).toEqual([])
      expect(sdk.collector.posts).toEqual([])
    } finally {
      vi.doUnmock('../src/delivery/index.js')
      process.off('unhandledRejection', onUnhandled)
    }
    await sdk.tp.flush()
    expect(sdk.collector.posts.flatMap((p) => p.body.responses).map((a) => a.score)).toEqual([9])
  })

  it('travels without the query string and hash of the page', async () => {
    history.replaceState(null, '', '/checkout?email=ada@example.com#pay')
    sdk.tp.init({ collector: 'https://collect.test/', surveys: [survey] })
    sdk.tp.track('checkout_completed')
    await answer(10)
    await until(() => sdk.collector.posts.length)
    expect(sdk.collector.posts[0]!.body.responses[0].page).toEqual({ url: `${location.origin}/checkout`, path: '/checkout' })
    history.replaceState(null, '', '/')
  })
})

/**
 * Every IndexedDB transaction the SDK makes from now on, with its database and the keys it read
 * or wrote (fake-indexeddb: the transactions a browser would make).
 */
function transactions() {
  const log: { db: string; mode: IDBTransactionMode; keys: string[] }[] = []
  const { IDBDatabase, IDBObjectStore } = globalThis as unknown as { IDBDatabase: { prototype: IDBDatabase }; IDBObjectStore: { prototype: IDBObjectStore } }
  const seen = new Map<IDBTransaction, (typeof log)[number]>()
  const open = IDBDatabase.prototype.transaction
  vi.spyOn(IDBDatabase.prototype, 'transaction').mockImplementation(function (this: IDBDatabase, ...a: Parameters<IDBDatabase['transaction']>) {
    const tx = open.apply(this, a)
    const entry = { db: this.name, mode: tx.mode, keys: [] as string[] }
    seen.set(tx, entry)
    log.push(entry)
    return tx
  })
  for (const op of ['get', 'put', 'delete'] as const) {
    const orig = IDBObjectStore.prototype[op] as (...a: unknown[]) => IDBRequest
    vi.spyOn(IDBObjectStore.prototype, op).mockImplementation(function (this: IDBObjectStore, ...a: unknown[]) {
      const entry = seen.get(this.transaction)
      const key = String(op === 'put' ? a[1] : a[0])
      if (entry && !entry.keys.includes(key)) entry.keys.push(key)
      return orig.apply(this, a)
    })
  }
  return log
}

describe('IndexedDB on the way', () => {
  // Web Locks, as in browsers: without them the lease would add transactions of its own.
  const locks = { request: (_: string, _o: unknown, cb: (l: object) => Promise<void>) => cb({}) }
  beforeEach(() => Object.defineProperty(navigator, 'locks', { value: locks, configurable: true }))
  afterEach(() => delete (navigator as { locks?: unknown }).locks)

  it('from track() to "shown": one transaction counts and reads the rules, one checks them again and records the display', async () => {
    sdk.tp.init({ collector: 'https://collect.test/', surveys: [survey] })
    await sdk.tp.track('warm-up')
    await tick(20)
    const log = transactions()
    const shown = new Promise((r) => sdk.tp.on('shown', r))
    sdk.tp.track('checkout_completed')
    await shown
    expect(log.filter((t) => t.db === 'touchpoint')).toEqual([
      { db: 'touchpoint', mode: 'readwrite', keys: ['visit', 'counts', 'history', 'lastShownAt'] },
      { db: 'touchpoint', mode: 'readwrite', keys: ['history', 'lastShownAt'] },
    ])
  })

  it('from Send to "answered": one transaction, the answer into the queue; the history follows', async () => {
    sdk.tp.init({ collector: 'https://collect.test/', surveys: [survey] })
    sdk.tp.track('checkout_completed')
    await until(prompt)
    // The display's event is queued once the prompt is shown: that write is not the answer's.
    await until(async () => (await queued()).length)
    let log: ReturnType<typeof transactions> = []
    const answered = new Promise<unknown[]>((r) => sdk.tp.on('answered', () => r([...log])))
    const root = prompt()!
    root.querySelector<HTMLInputElement>('input[value="9"]')!.click()
    await tick()
    log = transactions()
    root.querySelector<HTMLButtonElement>('button[type=submit]')!.click()
    const [write, ...rest] = (await answered) as typeof log
    expect(rest).toEqual([])
    expect(write).toMatchObject({ db: 'touchpoint-queue', mode: 'readwrite' })
    expect(write!.keys).toHaveLength(1)
    const state = createStore('touchpoint', 'state')
    await until(async () => (await get<Record<string, { answeredAt?: number }>>('history', state))?.['checkout-nps']?.answeredAt)
  })
})

describe('init', () => {
  it('reports a missing collector on the console and the error event, and shows nothing', async () => {
    const error = quiet('error')
    const onError = vi.fn()
    sdk.tp.on('error', onError)
    const ready = new Promise<{ surveys: string[] }>((r) => sdk.tp.on('ready', r))
    expect(() => sdk.tp.init({ surveys: [survey] } as never)).not.toThrow()
    expect((await ready).surveys).toEqual([])
    expect(onError).toHaveBeenCalledExactlyOnceWith(
      expect.objectContaining({ message: 'init: collector must be a URL or { url, headers?, transform? } (got undefined); no survey runs without a collector' }),
    )
    expect(error).toHaveBeenCalledOnce()
  })

  it('ignores a bad option with a console error and starts anyway', async () => {
    const error = quiet('error')
    const ready = new Promise<{ surveys: string[] }>((r) => sdk.tp.on('ready', r))
    sdk.tp.init({ collector: 'https://c.test/', surveys: [survey], theme: 'drak' as never, zIndex: '9' as never })
    expect((await ready).surveys).toEqual(['checkout-nps'])
    expect(error.mock.calls.map((c) => c.join(' '))).toEqual([
      '[touchpoint] init: theme must be one of light, dark, auto (got "drak"); zIndex must be a number (got string) (ignored)',
    ])
  })

  it('ignores an option that JSON cannot hold (a cycle, a BigInt) with a console error, starts anyway, and checks again on the next page', async () => {
    const error = quiet('error')
    const router: Record<string, unknown> = {}
    router.self = router
    for (let page = 0; page < 2; page++) {
      error.mockClear()
      if (page) sdk.tp.destroy()
      const ready = new Promise<{ surveys: string[] }>((r) => sdk.tp.on('ready', r))
      sdk.tp.init({ collector: 'https://c.test/', surveys: [survey], router, big: 10n } as never)
      expect((await ready).surveys).toEqual(['checkout-nps'])
      expect(error.mock.calls.map((c) => c.join(' '))).toEqual(['[touchpoint] init: router is not an option; big is not an option (ignored)'])
    }
    sdk.tp.track('checkout_completed')
    await until(prompt)
  })

  it('skips a broken survey with one console error and runs the good one', async () => {
    const error = quiet('error')
    const ready = new Promise<{ surveys: string[] }>((r) => sdk.tp.on('ready', r))
    sdk.tp.init({ collector: 'https://c.test/', surveys: [survey, { ...survey, id: 'broken', triggers: [{ on: 'pagview' }] } as never] })
    expect((await ready).surveys).toEqual(['checkout-nps'])
    expect(error).toHaveBeenCalledOnce()
    expect(error.mock.calls[0]!.join(' ')).toMatch(/survey "broken": triggers\[0\]\.on must be one of/)
  })

  it('reports a click selector that is not CSS', async () => {
    const error = quiet('error')
    const ready = new Promise<{ surveys: string[] }>((r) => sdk.tp.on('ready', r))
    sdk.tp.init({ collector: 'https://c.test/', surveys: [{ ...survey, triggers: [{ on: 'click', selector: 'button[' }] }] })
    expect((await ready).surveys).toEqual([])
    expect(error.mock.calls[0]!.join(' ')).toBe(
      '[touchpoint] survey "checkout-nps": triggers[0].selector is not a valid CSS selector (got "button[")',
    )
  })

  it('keeps the commands called before a destroy() that comes before any init waiting for the init that follows', async () => {
    const identified = sdk.tp.identify('u-1', { plan: 'pro' })
    let settled = false
    void identified.then(() => (settled = true))
    sdk.tp.destroy()
    await tick(20)
    expect(settled).toBe(false)
    await sdk.tp.init({ collector: 'https://c.test/', surveys: [] })
    await identified
    expect(await get('visitor', createStore('touchpoint', 'state'))).toMatchObject({ userId: 'u-1', attributes: { plan: 'pro' } })
  })

  it('ends an init that destroy() cut short: the earlier config never arms, nor readies the next init', async () => {
    let release!: (r: Response) => void
    vi.stubGlobal('fetch', vi.fn(() => new Promise<Response>((r) => (release = r))))
    const ready = vi.fn()
    sdk.tp.on('ready', ready)
    const first = sdk.tp.init({ collector: 'https://c.test/', config: 'https://c.test/v1/config' })
    await until(() => release)
    sdk.tp.destroy()
    sdk.tp.init({ collector: 'https://c.test/', surveys: [] })
    await sdk.tp.track('anything')
    expect(ready.mock.calls).toEqual([[{ surveys: [] }]])
    release(new Response(JSON.stringify({ surveys: [{ ...survey, triggers: [{ on: 'pageview' }] }] })))
    await first
    await tick(50)
    expect(ready).toHaveBeenCalledOnce()
    expect(prompt()).toBeNull()
  })

  it('shows nothing once destroyed, for a trigger whose rules were still being read', async () => {
    await import('../src/show.js')
    const error = quiet('error')
    const shown = vi.fn()
    sdk.tp.on('shown', shown)
    await sdk.tp.init({ collector: 'https://c.test/', surveys: [{ ...survey, triggers: [{ on: 'click', selector: '#buy' }] }] })
    document.body.innerHTML = '<button id="buy">Buy</button>'
    // The click fires the trigger; its frequency rules are being read when the page destroys Touchpoint.
    document.querySelector<HTMLButtonElement>('#buy')!.click()
    sdk.tp.destroy()
    await tick(300)
    expect(prompt()).toBeNull()
    expect(shown).not.toHaveBeenCalled()
    expect(error).not.toHaveBeenCalled()
  })

  it('records no display for a prompt whose cross-tab lock came after destroy()', async () => {
    let grant: (() => void) | undefined
    const locks = { request: (_: string, _o: unknown, cb: (l: object) => unknown) => new Promise((r) => (grant = () => r(cb({})))) }
    Object.defineProperty(navigator, 'locks', { value: locks, configurable: true })
    try {
      await import('../src/show.js')
      const shown = vi.fn()
      sdk.tp.on('shown', shown)
      await sdk.tp.init({ collector: 'https://c.test/', surveys: [survey] })
      void sdk.tp.track('checkout_completed')
      // The rules passed; the prompt waits for the lock when the page destroys Touchpoint.
      await until(() => grant)
      sdk.tp.destroy()
      grant!()
      await tick(300)
      expect(prompt()).toBeNull()
      expect(shown).not.toHaveBeenCalled()
      // Not counted as shown: maxShows and the cooldown see no display that never was.
      const state = createStore('touchpoint', 'state')
      expect(await get('history', state)).toBeUndefined()
      expect(await get('lastShownAt', state)).toBeUndefined()
    } finally {
      delete (navigator as { locks?: unknown }).locks
    }
  })

  it('records no display for an inline prompt whose target is not on the page yet, and shows it once it is', async () => {
    const error = quiet('error')
    const once = { ...survey, frequency: { maxShows: 1 } }
    await sdk.tp.init({ collector: 'https://c.test/', surveys: [once], position: 'inline', target: '#later' })
    await sdk.tp.track('checkout_completed')
    await until(() => error.mock.calls.length)
    expect(error.mock.calls[0]!.join(' ')).toBe('[touchpoint] survey "checkout-nps" could not be shown: position "inline": no element matches target "#later"')
    const state = createStore('touchpoint', 'state')
    expect(await get('history', state)).toBeUndefined()
    expect(await get('lastShownAt', state)).toBeUndefined()
    // The single-page app renders the target: the next trigger shows the prompt, maxShows 1 notwithstanding.
    const later = document.body.appendChild(Object.assign(document.createElement('div'), { id: 'later' }))
    await sdk.tp.track('checkout_completed')
    await until(() => later.querySelector('[data-touchpoint]'))
    later.remove()
  })

  it('sends nothing, and reports nothing, when destroy() comes as init starts sending what an earlier page queued', async () => {
    // An earlier page left an answer queued (its collector was down).
    sdk.collector.status = 503
    sdk.tp.init({ collector: 'https://collect.test/v1/responses', surveys: [survey] })
    sdk.tp.track('checkout_completed')
    await answer(9)
    await until(() => sdk.collector.posts.length)
    sdk.tp.destroy()
    document.body.innerHTML = ''
    sdk.collector.status = 200
    sdk.collector.posts.length = 0
    // The next page: init, then at once destroy() (a component that unmounts, React's strict mode).
    const errors: string[] = []
    const unhandled: unknown[] = []
    const onUnhandled = (e: unknown) => unhandled.push(e)
    process.on('unhandledRejection', onUnhandled)
    try {
      const next = createTouchpoint()
      next.on('error', (e) => errors.push(e.message))
      await next.init({ collector: 'https://collect.test/v1/responses', surveys: [survey] })
      next.destroy()
      await tick(200)
      expect([errors, unhandled, sdk.collector.posts]).toEqual([[], [], []])
      // Still queued, for the next page.
      expect((await queued()).flatMap(([, r]) => ('score' in r.payload ? [r.payload.score] : []))).toEqual([9])
    } finally {
      process.off('unhandledRejection', onUnhandled)
    }
  })

  it('warns about a second init and ignores it', async () => {
    const warn = quiet('warn')
    sdk.tp.init({ collector: 'https://c.test/', surveys: [] })
    await sdk.tp.init({ collector: 'https://other.test/', surveys: [] })
    expect(warn).toHaveBeenCalledWith('[touchpoint]', 'init was called again; the second call is ignored')
  })

  it('does not show a survey for another event', async () => {
    const shown = vi.fn()
    sdk.tp.on('shown', shown)
    sdk.tp.init({ collector: 'https://collect.test/', surveys: [survey] })
    sdk.tp.track('cart_viewed')
    sdk.tp.track('checkout_completed')
    await until(() => shown.mock.calls.length)
    expect(shown).toHaveBeenCalledExactlyOnceWith({ surveyId: 'checkout-nps', trigger: 'event:checkout_completed' })
  })

  it('warns about an unknown event name in on()', async () => {
    const warn = quiet('warn')
    sdk.tp.on('answred' as never, () => {})
    // Worded by a lazy chunk: the warning follows once it is loaded.
    await vi.waitFor(() => expect(warn.mock.calls[0]!.join(' ')).toMatch(/on: unknown event "answred" \(events: ready, shown, answered/))
  })

  it('warns about an event name that is not a string in on(), a symbol too, without a rejection left unhandled', async () => {
    const warn = quiet('warn')
    const unhandled = vi.fn()
    process.on('unhandledRejection', unhandled)
    try {
      sdk.tp.on(Symbol('answered') as never, () => {})
      sdk.tp.on({ toString: () => 'ada@example.com' } as never, () => {})
      await vi.waitFor(() => expect(warn).toHaveBeenCalledTimes(2))
      await tick()
      expect(warn.mock.calls.map((c) => c.join(' '))).toEqual([
        '[touchpoint] on: the event name must be a string (got a symbol)',
        '[touchpoint] on: the event name must be a string (got an object)',
      ])
      expect(unhandled).not.toHaveBeenCalled()
    } finally {
      process.off('unhandledRejection', unhandled)
    }
  })

  it('reports a bad track name without throwing, once the wording is loaded', async () => {
    const error = quiet('error')
    let said: Promise<void> | undefined
    expect(() => (said = sdk.tp.track(42 as never))).not.toThrow()
    await said
    expect(error.mock.calls[0]!.join(' ')).toBe('[touchpoint] track: name must be a non-empty string (got 42)')
  })

  it('says the bare facts of a misuse, as an error event too, when its wording cannot be loaded (offline)', async () => {
    vi.doMock('../src/debug.js', () => {
      throw new Error('Failed to fetch dynamically imported module')
    })
    try {
      const error = quiet('error')
      const events: { error: unknown; message: string }[] = []
      sdk.tp.on('error', (e) => events.push(e))
      await sdk.tp.track(42 as never)
      expect(error.mock.calls[0]!.join(' ')).toBe('[touchpoint] track: 42')
      expect(events).toEqual([{ error: expect.any(TypeError), message: 'track: 42' }])
    } finally {
      vi.doUnmock('../src/debug.js')
    }
  })
})
