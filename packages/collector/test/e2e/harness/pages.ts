import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Browser, BrowserContext, BrowserContextOptions, Page, PageScreenshotOptions } from 'playwright-core'
import { forDocs } from '../../../../browser/test/e2e/harness/docs-images.js'

// What the dashboard's browser tests share: a page that fails the test on any script error,
// console error or CSP violation, axe-core, and the screenshots kept in docs/images.

/** axe-core's script, to evaluate in a page. */
export const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core'), 'utf8')

export interface Opened {
  page: Page
  context: BrowserContext
  /** Script errors, console errors and CSP violations seen so far. */
  problems: string[]
}

export interface OpenOptions extends BrowserContextOptions {
  /** The browser's clock, fixed: the dashboard counts its periods back from its today. */
  now?: string
  /** An admin token the page starts signed in with. */
  token?: string
}

/** A page at `url` in a context of its own (UTC, English, 1280 × 900 unless told). */
export async function openPage(browser: Browser, url: string, { now, token, ...options }: OpenOptions = {}): Promise<Opened> {
  const context = await browser.newContext({ timezoneId: 'UTC', locale: 'en-US', viewport: { width: 1280, height: 900 }, ...options })
  if (now) await context.clock.setFixedTime(now)
  if (token) await context.addInitScript((t) => sessionStorage.setItem('touchpoint-admin-token', t), token)
  const page = await context.newPage()
  const problems: string[] = []
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`))
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`))
  })
  await page.goto(url)
  return { page, context, problems }
}

/** Takes a screenshot, kept as docs/images/`name` only when asked (see `forDocs`). */
export async function screenshot(page: Page, name: string, options: PageScreenshotOptions = {}): Promise<void> {
  forDocs(name, await page.screenshot(options))
}

/** Holds the collector's answers to `pattern` until `release()`; `hold()` holds the next ones again. */
export async function gate(page: Page, pattern: RegExp) {
  let release = () => {}
  let held!: Promise<void>
  const hold = () => void (held = new Promise<void>((resolve) => (release = resolve)))
  hold()
  await page.route(pattern, async (route) => {
    await held
    await route.fallback()
  })
  return { release: () => release(), hold }
}

/** Records, on every frame, what `look` finds in the page (from before its first paint); `seen()` reads it back. */
export async function everyFrame<T>(page: Page, look: () => T): Promise<{ seen: () => Promise<T[]> }> {
  // As source, run as the document starts: no eval in the page, whose policy forbids it.
  await page.addInitScript(`{
    const look = ${look.toString()}
    const seen = (window.seen = [])
    const frame = () => {
      seen.push(look())
      requestAnimationFrame(frame)
    }
    requestAnimationFrame(frame)
  }`)
  return {
    seen: async () => {
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))
      return page.evaluate(() => (window as unknown as { seen: T[] }).seen)
    },
  }
}
