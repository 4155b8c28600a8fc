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

/** Serves a {@link promptPage} and opens it; resolves once the prompt is on screen. */
export async function openPrompt(browser: Browser, site: Site, options: PageOptions, context: BrowserContextOptions = {}): Promise<Opened> {
  const ctx = await browser.newContext({ reducedMotion: 'reduce', ...context })
  const page = await ctx.newPage()
  const errors: Error[] = []
  page.on('pageerror', (e) => errors.push(e))
  await page.goto(site.add(`/page-${++pages}.html`, promptPage(options)))
  const dialog = page.getByRole('dialog')
  await dialog.waitFor()
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
