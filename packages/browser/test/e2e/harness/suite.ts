import { afterAll, afterEach, beforeAll } from 'vitest'
import type { Browser, BrowserContext } from 'playwright-core'
import { launchChromium } from './chromium.js'
import { startTestCollector } from './collector.js'
import { startSite } from './site.js'

/**
 * For a test file: Chromium, a collector and a test site, started once and stopped after the
 * file; a browser context per test (`suite.newContext()`), closed after the test. Read the
 * fields inside tests.
 */
export function useSuite() {
  const suite = {} as {
    browser: Browser
    collector: Awaited<ReturnType<typeof startTestCollector>>
    site: Awaited<ReturnType<typeof startSite>>
    context: BrowserContext
    /** A new visitor: a context with empty storage, closed after the test. */
    newContext(): Promise<BrowserContext>
  }
  suite.newContext = async () => (suite.context = await suite.browser.newContext())
  beforeAll(async () => {
    ;[suite.browser, suite.collector, suite.site] = await Promise.all([launchChromium(), startTestCollector(), startSite()])
  })
  afterAll(async () => {
    await Promise.all([suite.browser?.close(), suite.collector?.close(), suite.site?.close()])
  })
  afterEach(async () => {
    await suite.context?.close()
  })
  return suite
}
