import { copyFileSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { launchChromium } from '../../../browser/test/e2e/harness/chromium.js'
import { startTestCollector } from '../../../browser/test/e2e/harness/collector.js'
import { HAND_COMPUTED, response } from '../fixtures.js'
import { seed } from '../harness/http.js'
import { demoAnswers } from './demo-answers.js'

const TOKEN = 'e2e-admin-token-0123456789'
// The dashboard counts its periods back from the browser's today: every page here opens with
// the clock fixed (a Monday, after every seeded answer), so that no test depends on the date.
const TODAY = '2026-11-23T10:00:00.000Z'
const IMAGES = fileURLToPath(new URL('../../../../docs/images/', import.meta.url))
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core'), 'utf8')

// Comments that would run or load something if they were ever treated as HTML.
const HOSTILE = [
  '<script>window.__pwned = 1</script>',
  '<img src=x onerror="window.__pwned = 2">',
  "'); DROP TABLE responses; --",
]

let browser: Browser
let collector: Awaited<ReturnType<typeof startTestCollector>>
let locked: Awaited<ReturnType<typeof startTestCollector>>

beforeAll(async () => {
  ;[browser, collector, locked] = await Promise.all([
    launchChromium(),
    startTestCollector(),
    startTestCollector({ adminToken: TOKEN }),
  ])
  await seed(collector.url, [
    ...HAND_COMPUTED,
    ...HOSTILE.map((comment, i) => response({ type: 'csat', score: 1 + i, comment, touchpoint: 'delivery', stage: 'retention', answeredAt: `2026-11-21T1${i}:00:00.000Z` })),
  ])
  await seed(locked.url, [response({ comment: 'Behind the token' })])
})

afterAll(async () => {
  await browser?.close()
  await Promise.all([collector?.close(), locked?.close()])
})

/**
 * A page in its own context (UTC, English, the clock fixed at `now`), failing the test on any
 * script error, console error or Content-Security-Policy violation.
 */
async function open(url: string, options: Parameters<Browser['newContext']>[0] = {}, now = TODAY): Promise<{ page: Page; context: BrowserContext; problems: string[] }> {
  const context = await browser.newContext({ timezoneId: 'UTC', locale: 'en-US', viewport: { width: 1280, height: 900 }, ...options })
  await context.clock.setFixedTime(now)
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

const figure = (page: Page, metric: string) => page.locator(`[data-metric="${metric}"] .metric-figure`)

describe('the dashboard', () => {
  it('shows the hand-computed NPS, CSAT and CES of a seeded database', async () => {
    const { page, context, problems } = await open(`${collector.url}/?period=all&unit=day`)
    await expect.poll(() => figure(page, 'nps-10').textContent()).toBe('-10')
    const card = (metric: string) => page.locator(`[data-metric="${metric}"]`)
    expect(await card('nps-10').innerText()).toContain('30% promoters · 30% passives · 40% detractors')
    expect(await card('nps-10').locator('.metric-n').textContent()).toBe('10 answers')
    // CSAT: the six hand-computed answers and three more with the hostile comments (1, 2, 3).
    expect(await figure(page, 'csat-5').textContent()).toBe('33.3%')
    expect(await card('csat-5').innerText()).toContain('mean 2.78 of 5')
    expect(await figure(page, 'ces-7').textContent()).toBe('4.67')
    expect(await card('ces-7').innerText()).toContain('66.7% found it easy (5–7)')
    expect(await figure(page, 'ces-5').textContent()).toBe('4.00')
    expect(await card('ces-5').innerText()).toContain('66.7% found it easy (4–5)')
    // The distribution: one bar per score, with its count for screen readers.
    expect(await card('nps-10').locator('.dist li').count()).toBe(11)
    expect(await card('nps-10').locator('.dist li').nth(9).innerText()).toContain('9: 2 answers (20%)')

    // Per journey stage and touchpoint, in funnel order, stageless last.
    const rows = page.locator('.journey tbody tr')
    expect(await rows.evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).innerText.replace(/\s+/g, ' ').trim()))).toEqual([
      'Purchase checkout +14.3 n 7 – – 7',
      'Retention delivery – 33.3% n 9 – 9',
      'support – – 4.67/7 n 6 4.00/5 n 3 9',
      'No stage onboarding -66.7 n 3 – – 3',
    ])

    // The trend: one point per day that has answers.
    expect(await page.locator('.trend-point').count()).toBe(1)

    // Comments render as text: nothing ran, nothing was loaded, the markup shows as typed.
    for (const text of HOSTILE) await expect.poll(() => page.getByText(text, { exact: true }).count()).toBe(1)
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined()
    expect(await page.locator('.comments img, .comments script').count()).toBe(0)

    expect(problems).toEqual([])
    await context.close()
  })

  it('filters by touchpoint, and keeps the filter in the address', async () => {
    const { page, context, problems } = await open(`${collector.url}/?period=all`)
    await page.getByRole('button', { name: 'checkout' }).click()
    await expect.poll(() => page.locator('[data-metric]').count()).toBe(1)
    expect(await figure(page, 'nps-10').textContent()).toBe('+14.3')
    expect(new URL(page.url()).searchParams.get('touchpoint')).toBe('checkout')
    expect(await page.getByLabel('Touchpoint', { exact: true }).inputValue()).toBe('checkout')
    await page.getByLabel('Journey stage', { exact: true }).selectOption('retention')
    await expect.poll(() => page.getByRole('heading', { name: 'No answers for these filters' }).count()).toBe(1)
    expect(problems).toEqual([])
    await context.close()
  })

  it('exports what it shows as CSV', async () => {
    const { page, context } = await open(`${collector.url}/?period=all&touchpoint=checkout`, { acceptDownloads: true })
    await figure(page, 'nps-10').waitFor()
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()])
    expect(download.suggestedFilename()).toMatch(/^touchpoint-responses-\d{4}-\d{2}-\d{2}\.csv$/)
    const csv = readFileSync((await download.path())!, 'utf8')
    expect(csv.trim().split('\r\n')).toHaveLength(1 + 7)
    await context.close()
  })

  it('has no accessibility violations, light and dark', async () => {
    // axe reads the page's markup through innerHTML; Trusted Types (rightly) refuse that, so this
    // page runs without the CSP. The other tests run with it.
    const { page, context } = await open(`${collector.url}/?period=all`, { bypassCSP: true })
    await figure(page, 'nps-10').waitFor()
    await page.evaluate(AXE)
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme })
      const { violations } = await page.evaluate(() => (window as unknown as { axe: { run(): Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }).axe.run())
      expect(violations.map((v) => `${colorScheme}: ${v.id} (${v.nodes.length})`)).toEqual([])
    }
    await context.close()
  })
})

describe('the admin token', () => {
  it('is asked for once, refused when wrong, and kept for the tab', async () => {
    const { page, context, problems } = await open(`${locked.url}/`)
    const field = page.getByLabel('Admin token')
    await field.fill('wrong-token')
    await page.getByRole('button', { name: 'Open the dashboard' }).click()
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('That token was not accepted. Check TOUCHPOINT_ADMIN_TOKEN on the collector.')
    await field.fill(TOKEN)
    await page.getByRole('button', { name: 'Open the dashboard' }).click()
    await page.getByText('Behind the token', { exact: true }).waitFor()
    expect(await page.evaluate(() => [sessionStorage.length, localStorage.length])).toEqual([1, 0])

    await page.reload()
    await page.getByText('Behind the token', { exact: true }).waitFor()
    expect(await field.count()).toBe(0)

    await page.getByRole('button', { name: 'Sign out' }).click()
    await field.waitFor()
    expect(await page.evaluate(() => [sessionStorage.length, localStorage.length])).toEqual([0, 0])
    // The only failures are the 401s that made the dashboard ask; nothing else went wrong.
    expect(problems.filter((p) => !p.includes('401'))).toEqual([])
    await context.close()
  })

  it('is remembered on the device when asked to', async () => {
    const { page, context } = await open(`${locked.url}/`)
    await page.getByLabel('Admin token').fill(TOKEN)
    await page.getByLabel('Remember on this device').check()
    await page.getByRole('button', { name: 'Open the dashboard' }).click()
    await page.getByText('Behind the token', { exact: true }).waitFor()
    expect(await page.evaluate(() => [sessionStorage.length, localStorage.length])).toEqual([0, 1])
    const again = await context.newPage()
    await again.goto(`${locked.url}/`)
    await again.getByText('Behind the token', { exact: true }).waitFor()
    await context.close()
  })
})

// Last in this file: it replaces the seeded answers with a quarter of demo data.
describe('a quarter of demo data', () => {
  // A week, Monday to Sunday: the 90 days before a Monday to Friday touch 14 weeks (Monday to
  // Sunday), before a Saturday or a Sunday 13. The answers run up to the Sunday.
  const WEEK: [day: string, weeks: number][] = [
    ['2026-11-16', 14], // Monday: from Wednesday 19 August
    ['2026-11-17', 14],
    ['2026-11-18', 14],
    ['2026-11-19', 14],
    ['2026-11-20', 14], // Friday: from Sunday 23 August
    ['2026-11-21', 13], // Saturday: from Monday 24 August
    ['2026-11-22', 13],
  ]
  const END = '2026-11-22T20:00:00.000Z'

  beforeAll(async () => {
    await collector.db.query('TRUNCATE responses')
    await seed(collector.url, demoAnswers(Date.parse(END), 90 + 7))
  })

  it.each(WEEK)('draws one trend point per week of the last 90 days on %s (%i)', async (day, weeks) => {
    const { page, context, problems } = await open(`${collector.url}/?period=90d`, {}, `${day}T12:00:00.000Z`)
    await figure(page, 'nps-10').waitFor()
    expect(await page.locator('.trend-point').count()).toBe(weeks)
    expect(problems).toEqual([])
    await context.close()
  })

  it('looks like a product, light and dark (the screenshots in docs/collector.md)', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const { page, context, problems } = await open(`${collector.url}/?period=90d`, { colorScheme, viewport: { width: 1280, height: 1000 } }, END)
      await figure(page, 'nps-10').waitFor()
      expect(await page.locator('.trend-point').count()).toBe(13)
      const name = colorScheme === 'light' ? 'dashboard.png' : 'dashboard-dark.png'
      const file = join(tmpdir(), `tp-${process.pid}-${name}`)
      await page.screenshot({ path: file, fullPage: true })
      // The pictures in the docs change only when asked for.
      if (process.env.TOUCHPOINT_UPDATE_SCREENSHOTS) copyFileSync(file, join(IMAGES, name))
      expect(problems).toEqual([])
      await context.close()
    }
  })
})
