import { createStore, entries, get, set } from 'idb-keyval'
import { describe, expect, it, vi } from 'vitest'
import type { InitOptions } from '../src/types.js'
import { answer, close, prompt, queued, quiet, tick, until, useSdk } from './helpers.js'

/** The SDK's state store, opened anew: each test has a fresh IndexedDB. */
const state = () => createStore('touchpoint', 'state')
const onPage = { id: 'page-csat', type: 'csat' as const, triggers: [{ on: 'pageview' as const }] }
const onEvent = { id: 'event-nps', type: 'nps' as const, triggers: [{ on: 'event' as const, event: 'go' }] }
const proOnly = { ...onEvent, id: 'pro-nps', audience: { attributes: { plan: 'pro' } } }

const sdk = useSdk()

const start = (o: Partial<InitOptions>) => {
  const ready = new Promise((r) => sdk.tp.on('ready', r))
  sdk.tp.init({ collector: 'https://c.test/', ...o })
  return ready
}

describe('identify', () => {
  it('sets the user id and attributes that audience rules and answers see', async () => {
    await start({ surveys: [proOnly] })
    sdk.tp.track('go')
    await tick(30)
    expect(prompt()).toBeNull()
    sdk.tp.identify('u-42', { plan: 'pro' })
    sdk.tp.track('go')
    await answer(9)
    await until(() => sdk.collector.posts.length)
    expect(sdk.collector.posts[0]!.body.responses[0].visitor).toMatchObject({ userId: 'u-42', attributes: { plan: 'pro' } })
    expect(await get('visitor', state())).toMatchObject({ userId: 'u-42', attributes: { plan: 'pro' } })
  })

  it('keeps an attribute in the answer\'s context when the track() property of its name is undefined', async () => {
    await start({ surveys: [{ ...onEvent, context: ['orderId', 'plan'] }] })
    sdk.tp.identify('u-42', { plan: 'pro' })
    sdk.tp.track('go', { orderId: 'A-1', plan: undefined })
    await answer(9)
    await until(() => sdk.collector.posts.length)
    expect(sdk.collector.posts[0]!.body.responses[0].context).toEqual({ orderId: 'A-1', plan: 'pro' })
  })

  it('queues and sends the answer of a visitor whose attributes hold what cannot be stored or sent as JSON', async () => {
    const error = quiet('error')
    await start({ surveys: [onEvent] })
    // A method, a big number, an object that holds itself: JSON and IndexedDB each refuse one.
    const cyclic: Record<string, unknown> = { name: 'acme' }
    cyclic.self = cyclic
    await sdk.tp.identify('u-42', { plan: 'pro', onChange: () => {} })
    sdk.tp.track('go')
    await answer(9)
    await until(() => sdk.collector.posts.length)
    expect(sdk.collector.posts[0]!.body.responses[0].visitor).toEqual({ anonymousId: expect.any(String), userId: 'u-42', attributes: { plan: 'pro' } })
    await close()
    for (const attributes of [{ plan: 'team', seats: 10n }, { plan: 'team', company: cyclic }]) {
      await sdk.tp.identify('u-42', attributes)
      // show(): frequency rules do not apply, the survey was just answered.
      sdk.tp.show(onEvent.id)
      await answer(7)
      await until(() => sdk.collector.posts.length === 2)
      expect(sdk.collector.posts[1]!.body.responses[0].visitor.attributes).toEqual({ plan: 'team' })
      await close()
      sdk.collector.posts.length = 1
    }
    error.mockRestore()
  })

  it("starts, and shows, when init's user attributes hold what IndexedDB cannot store (a reactive proxy); says why it keeps them in memory", async () => {
    const error = quiet('error')
    const errors: string[] = []
    sdk.tp.on('error', (e) => errors.push(e.message))
    // What Vue's reactive() gives: IndexedDB cannot clone a proxy.
    const profile = new Proxy({ city: 'Turin' }, {})
    await start({ surveys: [onEvent], user: { id: 'u-42', attributes: { plan: 'pro', profile } } })
    expect(errors).toEqual([expect.stringMatching(/could not be cloned/)])
    sdk.tp.track('go')
    await answer(9)
    await until(() => sdk.collector.posts.length)
    expect(sdk.collector.posts[0]!.body.responses[0].visitor).toMatchObject({ userId: 'u-42', attributes: { plan: 'pro', profile: { city: 'Turin' } } })
    error.mockRestore()
  })

  it('merges attributes and forgets the user id on null', async () => {
    await start({ surveys: [], user: { id: 'u-1', attributes: { plan: 'free' } } })
    sdk.tp.identify(undefined, { seats: 3 })
    sdk.tp.identify(null)
    // Forgotten: stored as null, which no answer sends and no later merge replaces by an older id.
    await until(async () => (await get<{ userId?: string | null }>('visitor', state()))?.userId === null)
    expect(await get('visitor', state())).toMatchObject({ attributes: { plan: 'free', seats: 3 } })
  })

  it('reports a user id that is not a string', async () => {
    const error = quiet('error')
    await sdk.tp.identify(42 as never)
    expect(error.mock.calls[0]!.join(' ')).toBe('[touchpoint] identify: userId must be a string or null (got 42)')
  })

  it('names the kind of what it got instead of a user id, never its content', async () => {
    const error = quiet('error')
    await sdk.tp.identify({ id: 'u-1', email: 'ada@example.com' } as never)
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    await sdk.tp.track(cyclic as never)
    await sdk.tp.track(10n as never)
    expect(error.mock.calls.map((c) => c.join(' '))).toEqual([
      '[touchpoint] identify: userId must be a string or null (got an object)',
      '[touchpoint] track: name must be a non-empty string (got an object)',
      '[touchpoint] track: name must be a non-empty string (got 10)',
    ])
  })
})

describe('reset', () => {
  it('forgets the user, the history and the anonymous id, and keeps queued answers and events', async () => {
    sdk.collector.status = 503
    await start({ surveys: [onEvent], user: { id: 'u-1' } })
    const before = (await get<{ anonymousId: string }>('visitor', state()))!.anonymousId
    sdk.tp.track('go')
    await answer(3)
    await until(async () => (await queued()).length)
    await close()
    sdk.tp.track('go')
    await tick(50)
    expect(prompt()).toBeNull()
    sdk.tp.reset()
    await until(async () => (await get<{ anonymousId: string }>('visitor', state()))?.anonymousId !== before)
    const keys = (await entries(state())).map(([k]) => k)
    expect(keys).not.toContain('history')
    expect(await get('visitor', state())).not.toHaveProperty('userId')
    expect((await queued()).map(([, r]) => ('kind' in r.payload ? r.payload.kind : 'answer')).sort()).toEqual(['answer', 'shown'])
    sdk.tp.track('go')
    await until(prompt)
  })
})

describe('show', () => {
  it('shows a survey without its trigger and despite frequency rules', async () => {
    await start({ surveys: [onEvent] })
    sdk.tp.show('event-nps')
    await answer(8)
    await until(() => sdk.collector.posts.length)
    await close()
    expect(prompt()).toBeNull()
    sdk.tp.show('event-nps')
    await until(prompt)
    expect(sdk.collector.posts[0]!.body.responses[0].trigger).toBe('show')
  })

  it('reports an unknown survey id', async () => {
    const error = quiet('error')
    await start({ surveys: [onEvent] })
    await sdk.tp.show('nope')
    expect(error.mock.calls[0]!.join(' ')).toBe('[touchpoint] show: no survey "nope" (surveys: event-nps)')
  })

  it('names what it got instead of a survey id by its kind, and cuts a long id short', async () => {
    const error = quiet('error')
    await start({ surveys: [onEvent] })
    await sdk.tp.show(new URL('https://shop.test/u/ada@example.com?token=abc') as never)
    await sdk.tp.show(Symbol('nps') as never)
    await sdk.tp.show(`ada@example.com${'x'.repeat(200)}`)
    expect(error.mock.calls.map((c) => c.join(' '))).toEqual([
      '[touchpoint] show: the survey id must be a string (got an object)',
      '[touchpoint] show: the survey id must be a string (got a symbol)',
      `[touchpoint] show: no survey "ada@example.com${'x'.repeat(25)}" (surveys: event-nps)`,
    ])
  })
})

describe('consent', () => {
  it('stores, sends and shows nothing before consent, then starts on "granted"', async () => {
    await start({ surveys: [onPage], requireConsent: true })
    sdk.tp.show('page-csat')
    await tick(30)
    expect(prompt()).toBeNull()
    expect(await entries(state())).toEqual([])
    sdk.tp.consent('granted')
    await answer(4)
    await until(() => sdk.collector.posts.length)
    expect(await get('visitor', state())).toBeDefined()
  })

  it('keeps who the visitor is, as identify said before consent, once consent is granted', async () => {
    // An earlier page, with consent, stored the visitor; this page identifies before its consent tool answers.
    await set('visitor', { anonymousId: 'earlier', attributes: { country: 'IT' } }, state())
    await start({ surveys: [proOnly], requireConsent: true })
    await sdk.tp.identify('u-42', { plan: 'pro' })
    await sdk.tp.consent('granted')
    sdk.tp.track('go')
    await answer(9)
    await until(() => sdk.collector.posts.length)
    expect(sdk.collector.posts[0]!.body.responses[0].visitor).toEqual({ anonymousId: 'earlier', userId: 'u-42', attributes: { country: 'IT', plan: 'pro' } })
    expect(await get('visitor', state())).toEqual({ anonymousId: 'earlier', userId: 'u-42', attributes: { country: 'IT', plan: 'pro' } })
  })

  it('does not bring back a user id that an earlier page stored once identify(null) forgot it before consent', async () => {
    await set('visitor', { anonymousId: 'earlier', userId: 'u-old', attributes: { plan: 'pro' } }, state())
    await start({ surveys: [proOnly], requireConsent: true })
    await sdk.tp.identify(null)
    await sdk.tp.consent('granted')
    sdk.tp.track('go')
    await answer(9)
    await until(() => sdk.collector.posts.length)
    expect(sdk.collector.posts[0]!.body.responses[0].visitor).toEqual({ anonymousId: 'earlier', attributes: { plan: 'pro' } })
    expect((await get<{ userId?: string }>('visitor', state()))?.userId ?? undefined).toBeUndefined()
  })

  it('does not bring back what an earlier page stored once reset() forgot it before consent', async () => {
    // An earlier page, with consent, stored a user, an answered survey and a visit; this page resets (a logout) before its consent tool answers.
    await set('visitor', { anonymousId: 'earlier', userId: 'u-old', attributes: { plan: 'pro' } }, state())
    await set('history', { [onEvent.id]: { shows: 1, answeredAt: Date.now() } }, state())
    await set('visit', { count: 7, lastActivityAt: Date.now() }, state())
    await start({ surveys: [onEvent], requireConsent: true })
    await sdk.tp.reset()
    await sdk.tp.consent('granted')
    expect(await get('history', state())).toBeUndefined()
    expect(await get('visit', state())).toEqual({ count: 1, lastActivityAt: expect.any(Number) })
    const visitor = await get<{ anonymousId: string }>('visitor', state())
    expect(visitor).toEqual({ anonymousId: expect.any(String), attributes: {} })
    expect(visitor!.anonymousId).not.toBe('earlier')
    // Answered on the earlier page, forgotten: the survey shows again.
    sdk.tp.track('go')
    await answer(9)
    await until(() => sdk.collector.posts.length)
    expect(sdk.collector.posts[0]!.body.responses[0].visitor).toEqual({ anonymousId: visitor!.anonymousId })
  })

  it('keeps init\'s user, and forgets the anonymous id, when "denied" is followed by "granted" on the same page', async () => {
    await start({ surveys: [proOnly], requireConsent: true, user: { id: 'u-1', attributes: { plan: 'pro' } } })
    await sdk.tp.consent('granted')
    const before = ((await get('visitor', state())) as { anonymousId: string }).anonymousId
    await sdk.tp.consent('denied')
    await sdk.tp.consent('granted')
    sdk.tp.track('go')
    await answer(9)
    await until(() => sdk.collector.posts.length)
    const visitor = sdk.collector.posts[0]!.body.responses[0].visitor
    expect(visitor).toEqual({ anonymousId: expect.any(String), userId: 'u-1', attributes: { plan: 'pro' } })
    expect(visitor.anonymousId).not.toBe(before)
  })

  it('erases what is stored and stops on "denied"', async () => {
    sdk.collector.status = 503
    await start({ surveys: [onEvent] })
    sdk.tp.track('go')
    await answer(5)
    await until(async () => (await queued()).length)
    sdk.tp.consent('denied')
    await until(async () => !(await queued()).length && !(await entries(state())).length)
    sdk.tp.track('go')
    sdk.tp.show('event-nps')
    await tick(30)
    expect(prompt()).toBeNull()
  })

  it('stores nothing when "denied" comes while "granted" is still opening the database', async () => {
    await start({ surveys: [onEvent], requireConsent: true, user: { id: 'u-42', attributes: { email: 'jane@example.com' } } })
    // A consent tool's default, then the visitor's choice a moment later.
    const granted = sdk.tp.consent('granted')
    await tick(0)
    const denied = sdk.tp.consent('denied')
    await Promise.all([granted, denied])
    sdk.tp.track('go')
    await tick(50)
    expect(await entries(state())).toEqual([])
    expect(await queued()).toEqual([])
    expect(prompt()).toBeNull()
  })

  it('erases what is stored on "denied" before init, once init has started', async () => {
    // What an earlier page stored, before the visitor withdrew consent on a page without Touchpoint.
    await set('visitor', { anonymousId: 'earlier' }, state())
    await set('history', { 'event-nps': { shows: 1 } }, state())
    await set('a1', { v: 4, id: 'a1' }, createStore('touchpoint-queue', 'responses'))
    const denied = sdk.tp.consent('denied')
    sdk.tp.init({ collector: 'https://c.test/', surveys: [onEvent] })
    await denied
    expect(await entries(state())).toEqual([])
    expect(await queued()).toEqual([])
    await sdk.tp.flush()
    expect(sdk.collector.posts).toEqual([])
  })

  it('settles the commands called before an init that fails, and "denied" still erases what is stored', async () => {
    const error = quiet('error')
    await set('visitor', { anonymousId: 'earlier', userId: 'u-old' }, state())
    // The config changed and the guard that must check it cannot be fetched (offline).
    vi.doMock('../src/guard.js', () => {
      throw new TypeError('Failed to fetch dynamically imported module')
    })
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ surveys: [onEvent] })))
    try {
      const calls = [sdk.tp.consent('denied'), sdk.tp.track('go'), sdk.tp.identify('u-1'), sdk.tp.flush()]
      await sdk.tp.init({ collector: 'https://c.test/', config: 'https://c.test/config.json' })
      expect(error).toHaveBeenCalledWith('[touchpoint]', expect.stringMatching(/^init failed: /))
      await Promise.all(calls)
      expect(await entries(state())).toEqual([])
    } finally {
      vi.doUnmock('../src/guard.js')
      error.mockRestore()
    }
  })

  it('keeps what is stored when "denied" before init is taken back by "granted" before init (a consent tool\'s default, then its record)', async () => {
    await set('visitor', { anonymousId: 'earlier' }, state())
    sdk.tp.consent('denied')
    sdk.tp.consent('granted')
    await sdk.tp.init({ collector: 'https://c.test/', surveys: [onEvent], requireConsent: true })
    await sdk.tp.flush()
    expect(await get('visitor', state())).toEqual({ anonymousId: 'earlier' })
  })

  it('shows nothing on "denied" while a prompt is on its way, and sends nothing', async () => {
    // The prompt's module, compiled once beforehand, so that only the SDK's own steps remain.
    await import('../src/show.js')
    await start({ surveys: [onEvent] })
    const shown = vi.fn()
    sdk.tp.on('shown', shown)
    // The prompt's code is being fetched and the lock taken when the consent tool says no: a
    // few microtasks in, before any storage or import has answered.
    sdk.tp.show('event-nps')
    for (let i = 0; i < 5; i++) await Promise.resolve()
    sdk.tp.consent('denied')
    await tick(300)
    expect(prompt()).toBeNull()
    expect(shown).not.toHaveBeenCalled()
    await sdk.tp.flush()
    expect(sdk.collector.posts).toEqual([])
  })

  it('shows nothing on "denied" that comes while a trigger\'s rules are being read', async () => {
    await import('../src/show.js')
    await sdk.tp.init({ collector: 'https://c.test/', surveys: [{ ...onEvent, id: 'click-nps', triggers: [{ on: 'click', selector: '#buy' }] }] })
    document.body.innerHTML = '<button id="buy">Buy</button>'
    const shown = vi.fn()
    sdk.tp.on('shown', shown)
    // The click fires the trigger, whose frequency rules are then read from IndexedDB: the
    // consent tool says no before that read is back.
    document.querySelector<HTMLButtonElement>('#buy')!.click()
    sdk.tp.consent('denied')
    await tick(300)
    expect(prompt()).toBeNull()
    expect(shown).not.toHaveBeenCalled()
  })

  it('reports a value that is neither granted nor denied', async () => {
    const error = quiet('error')
    await sdk.tp.consent('yes' as never)
    expect(error.mock.calls[0]!.join(' ')).toBe('[touchpoint] consent: must be "granted" or "denied" (got "yes")')
  })
})

describe('preview', () => {
  it('shows ?touchpoint_preview=<id> at once and neither stores nor sends its answer', async () => {
    history.replaceState(null, '', '/?touchpoint_preview=event-nps')
    const info = quiet('info')
    const answered = new Promise((r) => sdk.tp.on('answered', r))
    await start({ surveys: [onEvent] })
    await answer(10)
    await answered
    await tick(20)
    expect(await queued()).toEqual([])
    expect(sdk.collector.posts).toEqual([])
    expect(await get('history', state())).toBeUndefined()
    expect(info).not.toHaveBeenCalled()
  })

  it('logs decisions in words with ?touchpoint_debug=1', async () => {
    history.replaceState(null, '', '/?touchpoint_debug=1')
    const info = quiet('info')
    await start({ surveys: [onEvent] })
    sdk.tp.track('go')
    await close()
    sdk.tp.track('go')
    await until(() => info.mock.calls.length >= 4)
    await tick(20)
    const lines = info.mock.calls.map((c) => c.join(' '))
    expect(lines.filter((l) => !l.includes(' delivery: '))).toEqual([
      '[touchpoint] event-nps: waiting for event go',
      '[touchpoint] event-nps: shown (event:go)',
      '[touchpoint] event-nps: not shown — dismissed today; never asked again without frequency.recontactDays',
    ])
    // The dismissal sends the prompt's two events at once.
    expect(lines).toContain('[touchpoint] delivery: 2 record(s) delivered (HTTP 200)')
  })

  it('says in debug mode why the copy of the config kept on the device is used (a config URL that answers 404)', async () => {
    const info = quiet('info')
    const config = 'https://c.test/touchpoint.json'
    await set('config', { url: config, json: { surveys: [onEvent] } }, state())
    vi.stubGlobal('fetch', async () => new Response('not found', { status: 404 }))
    await start({ config, debug: true })
    await until(() => info.mock.calls.some((c) => c.join(' ').includes('config:')))
    expect(info.mock.calls.map((c) => c.join(' '))).toContain('[touchpoint] config: could not be fetched (HTTP 404); using the copy saved on this device')
  })
})
