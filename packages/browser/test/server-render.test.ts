// @vitest-environment node
import { afterEach, expect, it, vi } from 'vitest'
import * as browser from '@touchpoint/browser'
import { createTouchpoint as createSdk } from '../src/sdk.js'

// A server render (Next.js, Nuxt, SvelteKit, Remix, Astro) imports the ESM entry and may call it
// in Node: no window, document, location, navigator. Nothing may throw, hang or stay behind.
// The built module, in a process of its own that must exit by itself: e2e/server-render.test.ts.

afterEach(() => vi.restoreAllMocks())

/** How a promise stands once the microtasks queued now have run: settled ones have by then. */
const outcome = (p: unknown) =>
  Promise.race([
    Promise.resolve(p).then((v) => ['resolved', v], (e) => ['rejected', String(e)]),
    new Promise((r) => setImmediate(() => r(['pending']))),
  ])

const calls = (tp: typeof browser) => ({
  init: () => tp.init({ collector: 'https://collect.test/v1/responses', surveys: [] }),
  track: () => tp.track('checkout_completed', { total: 42 }),
  identify: () => tp.identify('u-42', { plan: 'pro' }),
  reset: () => tp.reset(),
  show: () => tp.show('checkout-nps'),
  consent: () => tp.consent('denied'),
  on: () => tp.on('ready', () => {}),
  off: () => tp.off('ready', () => {}),
  flush: () => tp.flush(),
  destroy: () => tp.destroy(),
})

it('runs here without a document', () => {
  expect(typeof document).toBe('undefined')
  expect(typeof location).toBe('undefined')
})

it('calls every command without a throw: promises resolve at once, on/off/destroy return nothing, nothing is said or scheduled', async () => {
  const said = [vi.spyOn(console, 'error'), vi.spyOn(console, 'warn'), vi.spyOn(console, 'info'), vi.spyOn(console, 'log')]
  const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout' || r === 'Immediate').length
  const before = timers()
  const results: Record<string, unknown> = {}
  for (const [name, call] of Object.entries(calls(browser))) results[name] = call()
  for (const [name, call] of Object.entries(calls({ ...browser, ...browser.createTouchpoint() }))) results[`createTouchpoint().${name}`] = call()
  const outcomes: Record<string, unknown> = {}
  for (const [name, r] of Object.entries(results)) outcomes[name] = r === undefined ? 'undefined' : await outcome(r)
  const resolved = ['resolved', undefined]
  const expected = { init: resolved, track: resolved, identify: resolved, reset: resolved, show: resolved, consent: resolved, on: 'undefined', off: 'undefined', flush: resolved, destroy: 'undefined' }
  expect(outcomes).toEqual({ ...expected, ...Object.fromEntries(Object.entries(expected).map(([k, v]) => [`createTouchpoint().${k}`, v])) })
  for (const spy of said) expect(spy).not.toHaveBeenCalled()
  // Once outcome()'s own immediates have run: no timer is left by the commands.
  await new Promise((r) => setImmediate(r))
  expect(timers()).toBe(before)
})

it('says once per process, in debug mode only, that init does not start here', async () => {
  const info = vi.spyOn(console, 'info').mockImplementation(() => {})
  await browser.createTouchpoint().init({ collector: 'https://collect.test/v1/responses', surveys: [], debug: true })
  await browser.createTouchpoint().init({ collector: 'https://collect.test/v1/responses', surveys: [], debug: true })
  expect(info).toHaveBeenCalledTimes(1)
  expect(info.mock.calls[0]!.join(' ')).toMatch(/^\[touchpoint\] not started: there is no document here .*init runs in the browser$/)
})

it('guards each of the SDK\'s commands', () => {
  expect(Object.keys(browser.createTouchpoint()).sort()).toEqual(Object.keys(createSdk()).sort())
})
