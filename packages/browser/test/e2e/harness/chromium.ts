import { existsSync } from 'node:fs'
import { chromium } from 'playwright-core'
import type { Browser, LaunchOptions } from 'playwright-core'

/** Debian's Chromium, installed by the test command when missing. */
export const CHROMIUM = process.env.TOUCHPOINT_CHROMIUM ?? '/usr/bin/chromium'

// Headless on a closed network: without the background-networking flags Chromium keeps
// reaching for Google's services, and every attempt fails slowly.
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
]

/**
 * Launches Chromium through playwright-core (no browser download: `executablePath`). With
 * TOUCHPOINT_TEST_NOW set, each new context's `Date` runs at the test process's clock
 * (.ci/test-clock.mjs moved it), so that the pages and the collector agree on the day.
 */
export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: run "npm test", which installs it, or set TOUCHPOINT_CHROMIUM`)
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, ...options })
  const offset = (globalThis as { __touchpointTestClock?: { offset: number } }).__touchpointTestClock?.offset
  if (offset !== undefined) {
    const newContext = browser.newContext.bind(browser)
    browser.newContext = async (...args) => {
      const context = await newContext(...args)
      await context.addInitScript(shiftDate, offset)
      return context
    }
  }
  return browser
}

/**
 * Moves the page's `Date` by `offset` ms, as .ci/test-clock.mjs moves Node's. Only the date:
 * Playwright's `context.clock` would take over the page's timers too, and the code under test
 * should run on real ones. A test that installs `context.clock` still gets its own time.
 */
function shiftDate(offset: number) {
  const RealDate = Date
  const now = () => RealDate.now() + offset
  globalThis.Date = new Proxy(RealDate, {
    construct: (D, args, newTarget) => Reflect.construct(D, args.length ? args : [now()], newTarget) as object,
    apply: () => new RealDate(now()).toString(),
    get: (D, key) => (key === 'now' ? now : Reflect.get(D, key)),
  })
}
