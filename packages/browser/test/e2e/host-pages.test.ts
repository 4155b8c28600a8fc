import { afterEach, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { Envelope } from '@touchpoint/core'
import { startFlakyProxy } from './harness/flaky-proxy.js'
import { snippetPage } from './harness/site.js'
import { useSuite } from './harness/suite.js'

// Pages as real sites are, in real Chromium: libraries that change the language's built-ins
// before Touchpoint loads. The prompt still shows, and its answer reaches the collector as the
// protocol says.

const suite = useSuite()
let proxy: Awaited<ReturnType<typeof startFlakyProxy>>
let n = 0

const SURVEY = { id: 'checkout-nps', type: 'nps', context: ['orderId'], triggers: [{ on: 'event', event: 'checkout_completed' }] }
const QUESTION = 'How likely are you to recommend us to a friend or colleague?'

afterEach(async () => {
  await proxy?.close()
})

/**
 * What Prototype.js (1.6 and 1.7, still on Magento 1 stores and other older sites) does to the
 * built-ins that matter here, written out: its `Array.from` is its `$A`, which copies by
 * `length` and takes no map function; its `Array.prototype.toJSON` makes an array a string of
 * JSON text, which `JSON.stringify` then quotes.
 */
const PROTOTYPE = {
  from: `Array.from = function (iterable) {
    if (!iterable) return []
    if ('toArray' in Object(iterable)) return iterable.toArray()
    var n = iterable.length || 0, out = new Array(n)
    while (n--) out[n] = iterable[n]
    return out
  }
  Array.prototype.toArray = function () { return [].slice.call(this, 0) }`,
  toJSON: `Array.prototype.toJSON = function () {
    return '[' + [].map.call(this, function (v) { return v && v.toJSON ? v.toJSON() : JSON.stringify(v) }).join(', ') + ']'
  }`,
}

/**
 * A snippet page with `html`, then `script`, before anything else, its errors and console
 * kept; `window.ready` once Touchpoint is.
 */
async function open(script: string, surveys: unknown[] = [SURVEY], quirks = false, html = ''): Promise<Page & { errors: string[]; logs: string[] }> {
  proxy = await startFlakyProxy(`${suite.collector.url}/v1/responses`)
  await suite.newContext()
  const path = `/host${++n}`
  const options = { collector: proxy.url, surveys, user: { id: 'u-42', attributes: { plan: 'pro', roles: ['admin', 'beta'] } } }
  const ready = `<script>touchpoint('on', 'ready', function () { window.ready = true })</script>`
  const text = snippetPage(options, ready, `${html}<script>${script}</script>`)
  suite.site.pages[path] = quirks ? text.replace('<!doctype html>', '') : text
  const page = Object.assign(await suite.context.newPage(), { errors: [] as string[], logs: [] as string[] })
  page.on('pageerror', (e) => page.errors.push(String(e)))
  page.on('console', (m) => page.logs.push(m.text()))
  await page.goto(suite.site.url + path)
  return page
}

/** Checks out, answers 9 in the prompt, and waits for the thanks. */
async function answer(page: Page) {
  await page.evaluate(() => touchpoint('track', 'checkout_completed', { orderId: 'A-1' }))
  const dialog = page.getByRole('dialog', { name: QUESTION })
  await dialog.waitFor({ timeout: 10_000 })
  expect(await dialog.getByRole('radio').count()).toBe(11)
  await dialog.getByRole('radio', { name: /^9\b/ }).check()
  await dialog.getByRole('button', { name: 'Send' }).click()
  await page.getByRole('dialog', { name: 'Thank you for your feedback!' }).waitFor()
}

/** The envelopes that arrived, as the collector's JSON parser reads them. */
const envelopes = () => proxy.bodies.map((b) => JSON.parse(b) as Envelope)

describe('pages with Prototype.js', () => {
  it('shows every score of the scale where Array.from ignores a map function, and sends the answer', async () => {
    const page = await open(PROTOTYPE.from)
    await answer(page)
    await expect.poll(() => proxy.log.map((l) => l.status), { timeout: 10_000 }).toEqual([200])
    expect(envelopes()[0]!.responses.map((r) => r.score)).toEqual([9])
    expect(page.errors).toEqual([])
  })

  it('sends answers and events with arrays as arrays where Array.prototype has a toJSON, instead of a body every collector refuses', async () => {
    const page = await open(PROTOTYPE.toJSON)
    await answer(page)
    await expect.poll(() => proxy.log.map((l) => l.status), { timeout: 10_000 }).toEqual([200])
    const [envelope] = envelopes()
    expect(Array.isArray(envelope!.responses) && Array.isArray(envelope!.events)).toBe(true)
    const [answer9] = envelope!.responses
    expect(answer9).toMatchObject({ score: 9, context: { orderId: 'A-1' }, visitor: { userId: 'u-42', attributes: { plan: 'pro', roles: ['admin', 'beta'] } } })
    expect(envelope!.events!.map((e) => e.kind)).toEqual(['shown'])
    expect(page.logs.filter((l) => l.includes('dropped'))).toEqual([])
  })
})

describe('pages that replace or lock built-ins', () => {
  it('works in quirks mode, with a zone.js-like Promise, a fetch wrapper that drops keepalive and returns a thenable, and frozen built-ins', async () => {
    const page = await open(
      `(function () {
        var Native = Promise
        function ZoneAwarePromise(run) { return Reflect.construct(Native, [run], ZoneAwarePromise) }
        ZoneAwarePromise.prototype = Object.create(Native.prototype, { constructor: { value: ZoneAwarePromise } })
        Object.setPrototypeOf(ZoneAwarePromise, Native)
        window.Promise = ZoneAwarePromise
        var fetch = window.fetch
        window.fetch = function (input, init) {
          init = Object.assign({}, init)
          delete init.keepalive
          var p = fetch.call(window, input, init)
          return { then: function (a, b) { return p.then(a, b) }, catch: function (b) { return p.catch(b) }, finally: function (f) { return p.finally(f) } }
        }
        ;[Object, Array, Function, String, Number, Boolean, Symbol, Error, TypeError, Map, Set, RegExp, Date, JSON, Math, Reflect, Native, Promise].forEach(function (c) {
          Object.freeze(c)
          if (c.prototype) Object.freeze(c.prototype)
        })
      })()`,
      [SURVEY],
      true,
    )
    expect(await page.evaluate(() => document.compatMode)).toBe('BackCompat')
    await answer(page)
    await expect.poll(() => proxy.log.map((l) => l.status), { timeout: 10_000 }).toEqual([200])
    expect(envelopes()[0]!.responses).toMatchObject([{ score: 9, context: { orderId: 'A-1' } }])
    expect(page.errors).toEqual([])
  })
})

describe('pages with an element named touchpoint', () => {
  // An element's id (and the name of a form, an image, an iframe…) is a property of window
  // too: before the snippet runs, window.touchpoint is that element, and not a function.
  it.each([
    ['<div id="touchpoint">', '<div id="touchpoint">Touchpoint, our customer portal</div>'],
    ['<form name="touchpoint">', '<form name="touchpoint"><input name="q"><input name="loaded"></form>'],
    ['<iframe name="touchpoint">', '<iframe name="touchpoint" src="about:blank"></iframe>'],
  ])('a %s before the snippet: the prompt shows, the answer is sent, no error reaches the page', async (_, element) => {
    const page = await open('', [SURVEY], false, element)
    expect(page.errors).toEqual([])
    expect(await page.evaluate(() => typeof touchpoint)).toBe('function')
    await answer(page)
    await expect.poll(() => proxy.log.map((l) => l.status), { timeout: 10_000 }).toEqual([200])
    expect(envelopes()[0]!.responses).toMatchObject([{ score: 9, context: { orderId: 'A-1' } }])
    expect(page.errors).toEqual([])
    expect(await page.evaluate(() => (window as { ready?: boolean }).ready)).toBe(true)
  })
})

describe('pages with an element named currentScript', () => {
  // document.currentScript is then that element, not touchpoint.js's tag (DOM clobbering): an
  // image injected into the page's content must not choose where the loader imports code from.
  it('an <img name="currentScript"> does not make the loader import code from its src', async () => {
    suite.site.pages['/evil/touchpoint-runtime.js'] = { html: 'window.pwned = true; export function boot() {}', headers: { 'Content-Type': 'text/javascript' } }
    const page = await open('', [SURVEY], false, '<img name="currentScript" src="/evil/pixel.png" alt="">')
    const loaded = () => page.evaluate(() => (window as { pwned?: boolean }).pwned === true)
    await expect.poll(async () => (await loaded()) || page.logs.some((l) => l.includes('could not load touchpoint-runtime.js')), { timeout: 10_000 }).toBe(true)
    expect(await loaded()).toBe(false)
  })
})

describe('pages whose libraries wrap history.pushState', () => {
  // Shown on the SPA route /next: Touchpoint saw the navigation.
  const NEXT = { id: 'next-csat', type: 'csat', triggers: [{ on: 'pageview', url: { equals: '/next' } }] }
  const NEXT_QUESTION = 'How satisfied are you with your experience?'
  /** A monitoring library's wrap of pushState, as they are written: counts the calls it sees. */
  const wrapOn = (where: string) =>
    `window.seen = 0; (function (at) { var push = at.pushState; at.pushState = function () { window.seen++; return push.apply(this, arguments) } })(${where})`
  const ready = (page: Page) => page.waitForFunction(() => (window as { ready?: boolean }).ready)

  it('a library that wraps History.prototype after Touchpoint loads (New Relic does) still sees every pushState, and Touchpoint too', async () => {
    const page = await open('', [NEXT])
    await ready(page)
    await page.evaluate(wrapOn('History.prototype'))
    await page.evaluate(() => history.pushState({}, '', '/next'))
    await page.getByRole('dialog', { name: NEXT_QUESTION }).waitFor({ timeout: 10_000 })
    expect(await page.evaluate(() => (window as { seen?: number }).seen)).toBe(1)
  })

  it('a library that wrapped history before Touchpoint loaded (Sentry does) keeps seeing every pushState, and Touchpoint too', async () => {
    const page = await open(wrapOn('history'), [NEXT])
    await ready(page)
    await page.evaluate(() => history.pushState({}, '', '/next'))
    await page.getByRole('dialog', { name: NEXT_QUESTION }).waitFor({ timeout: 10_000 })
    expect(await page.evaluate(() => (window as { seen?: number }).seen)).toBe(1)
  })
})

declare const touchpoint: (...args: unknown[]) => Promise<unknown>
