import { createRequire } from 'node:module'
import type { Browser, BrowserContextOptions, Locator, Page } from 'playwright-core'
import { promptPage } from './page.js'
import type { PageOptions } from './page.js'
import type { Site } from './site.js'

let pages = 0

/** A page showing a prompt, in a fresh browser context (so no survey history), and what it reported. */
export interface Opened {
  page: Page
  /** The prompt, found as people and screen readers find it. */
  dialog: Locator
  /** Uncaught errors of the page: the widget must never cause one. */
  errors: Error[]
  /** The SDK's events so far (see `promptPage`). */
  events(): Promise<Array<{ type: string; [k: string]: unknown }>>
  close(): Promise<void>
}

/** How to open a page besides its content. */
export interface OpenOptions {
  /** Browser context options (viewport, colour scheme, locale, …); motion is reduced unless said otherwise. */
  context?: BrowserContextOptions
  /** Response headers of the page, e.g. a Content-Security-Policy. */
  headers?: Record<string, string>
  /** Runs in the page before any of its scripts (to record events, or to break an API on purpose). */
  initScript?: string
  /** The page's HTML, instead of a {@link promptPage} of `options`. */
  html?: string
  /** Resolve once the page has loaded, without waiting for a prompt. */
  noPrompt?: boolean
}

/** Serves a {@link promptPage} and opens it; resolves once the prompt is on screen. */
export async function openPrompt(browser: Browser, site: Site, options: PageOptions, o: OpenOptions = {}): Promise<Opened> {
  const ctx = await browser.newContext({ reducedMotion: 'reduce', ...o.context })
  const page = await ctx.newPage()
  const errors: Error[] = []
  page.on('pageerror', (e) => errors.push(e))
  if (o.initScript) await page.addInitScript(o.initScript)
  await page.goto(site.add(`/page-${++pages}.html`, o.html ?? promptPage(options), o.headers))
  const dialog = page.getByRole('dialog')
  if (!o.noPrompt) await dialog.waitFor()
  return {
    page,
    dialog,
    errors,
    events: () => page.evaluate(() => (window as unknown as { events: Array<{ type: string }> }).events),
    close: () => ctx.close(),
  }
}

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

/** axe-core's violations on the whole page (it looks into open shadow roots), as `rule: targets` lines. */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE })
  const violations = await page.evaluate(async () => {
    const { axe } = window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: Array<{ id: string; nodes: Array<{ target: unknown }> }> }> } }
    return (await axe.run(document, { resultTypes: ['violations'] })).violations
  })
  return violations.map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`)
}
