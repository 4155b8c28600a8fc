import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { serveStorefront } from '../../../../examples/storefront/serve.mjs'
import { launchChromium } from './harness/chromium.js'
import { startTestCollector } from './harness/collector.js'
import { forDocs } from './harness/docs-images.js'

// The demo as a new user meets it: each touchpoint of the storefront shows its survey as
// docs/getting-started.md describes, and each answer reaches the collector's stats.

const config = fileURLToPath(new URL('../../../../examples/storefront/touchpoint.json', import.meta.url))
let browser: Browser
let collector: Awaited<ReturnType<typeof startTestCollector>>
let shop: Awaited<ReturnType<typeof serveStorefront>>
let context: BrowserContext

beforeAll(async () => {
  collector = await startTestCollector({ configFile: config })
  shop = await serveStorefront({ port: 0, collector: collector.url })
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await shop?.close()
  await collector?.close()
})

afterEach(async () => {
  await context?.close()
})

async function visitor(): Promise<Page & { errors: Error[]; logs: string[] }> {
  context = await browser.newContext()
  const page = Object.assign(await context.newPage(), { errors: [] as Error[], logs: [] as string[] })
  page.on('pageerror', (e) => page.errors.push(e))
  page.on('console', (m) => page.logs.push(m.text()))
  return page
}

const statsFor = async (touchpoint: string) =>
  (await (await fetch(`${collector.url}/v1/stats?touchpoint=${touchpoint}`)).json()).results as Record<string, unknown>[]

async function send(page: Page, question: string, score: number, comment?: string) {
  const dialog = page.getByRole('dialog', { name: question })
  await dialog.waitFor()
  await dialog.getByRole('radio', { name: new RegExp(`^${score}\\b`) }).check()
  if (comment) await dialog.getByRole('textbox').fill(comment)
  await dialog.getByRole('button', { name: 'Send' }).click()
  await page.getByRole('dialog', { name: 'Thank you for your feedback!' }).waitFor()
}

describe('the storefront demo', () => {
  it('checkout: asks for NPS after the order, stores the answer once, and does not ask again', async () => {
    const page = await visitor()
    await page.goto(`${shop.url}/product.html?id=lamp`)
    await page.getByRole('button', { name: 'Add to cart' }).click()
    await page.waitForURL('**/cart.html')
    await page.getByRole('link', { name: 'Go to checkout' }).click()
    await page.getByRole('button', { name: 'Place order' }).click()
    await send(page, 'How likely are you to recommend Northwind Goods to a friend?', 9, 'Fast checkout')

    // Each prompt shown once and answered: a 100% response rate.
    await expect.poll(() => statsFor('checkout'), { timeout: 10_000 }).toEqual([
      { type: 'nps', scale: { min: 0, max: 10 }, n: 1, score: 100, promoters: 1, passives: 0, detractors: 0 , shown: 1, dismissed: 0, responseRate: 100 },
    ])
    const [row] = await collector.db.query<{ score: number; comment: string; touchpoint: string; stage: string; page_url: string }>(
      `SELECT score, comment, touchpoint, stage, page_url FROM responses WHERE survey_id = 'checkout-nps'`,
    )
    expect(row).toEqual({ score: 9, comment: 'Fast checkout', touchpoint: 'checkout', stage: 'purchase', page_url: `${shop.url}/checkout.html` })

    // Reload and check out again: the survey was answered, so it must not come back.
    await page.goto(`${shop.url}/checkout.html?touchpoint_debug=1`)
    await page.getByRole('button', { name: 'Place order' }).click()
    await expect
      .poll(() => page.logs.find((l) => l.startsWith('[touchpoint] checkout-nps: not shown')), { timeout: 10_000 })
      .toBe('[touchpoint] checkout-nps: not shown — answered today; never asked again without frequency.recontactDays')
    expect(await page.getByRole('dialog').count()).toBe(0)
    expect((await statsFor('checkout'))[0]!.n).toBe(1)
    expect(page.errors).toEqual([])
  })

  it('product page: a CSAT with stars after 8 seconds there', async () => {
    const page = await visitor()
    await context.clock.install()
    await page.goto(`${shop.url}/product.html?id=mug&touchpoint_debug=1`)
    // The fake clock only moves when told: move it once the dwell timer is armed.
    await expect.poll(() => page.logs.some((l) => l.includes('product-csat: waiting for dwell 8s')), { timeout: 10_000 }).toBe(true)
    await page.clock.runFor(7000)
    expect(await page.getByRole('dialog').count()).toBe(0)
    await page.clock.runFor(1500)
    await send(page, 'How happy are you with what you found on this page?', 5)
    await expect.poll(() => statsFor('product-page'), { timeout: 10_000 }).toEqual([
      { type: 'csat', scale: { min: 1, max: 5 }, n: 1, score: 100, mean: 5 , shown: 1, dismissed: 0, responseRate: 100 },
    ])
    expect(page.errors).toEqual([])
  })

  it('cart: an exit-intent question when the pointer leaves for the tabs', async () => {
    const page = await visitor()
    await page.goto(`${shop.url}/cart.html`)
    await page.getByRole('link', { name: 'Go to checkout' }).waitFor()
    await page.waitForFunction(() => (window as { touchpoint?: { loaded?: boolean } }).touchpoint?.loaded)
    await page.mouse.move(500, 300)
    await page.mouse.move(500, -20, { steps: 8 })
    await send(page, 'Leaving already? How was shopping with us today?', 2, 'Shipping costs surprised me')
    await expect.poll(() => statsFor('cart'), { timeout: 10_000 }).toEqual([
      { type: 'csat', scale: { min: 1, max: 5 }, n: 1, score: 0, mean: 2 , shown: 1, dismissed: 0, responseRate: 100 },
    ])
  })

  it('support: a CES when the chat ends with the issue resolved', async () => {
    const page = await visitor()
    await page.goto(`${shop.url}/support.html`)
    await page.getByRole('button', { name: 'Start chat' }).click()
    await page.getByRole('button', { name: 'End chat' }).click()
    await send(page, 'It was easy to get my issue resolved.', 6, 'Quick answer')
    await expect.poll(() => statsFor('support-chat'), { timeout: 10_000 }).toEqual([
      { type: 'ces', scale: { min: 1, max: 7 }, n: 1, mean: 6, easy: 100 , shown: 1, dismissed: 0, responseRate: 100 },
    ])
  })

  it('"Reset me" lets a visitor see a survey again', async () => {
    const page = await visitor()
    await page.goto(`${shop.url}/support.html`)
    await page.getByRole('button', { name: 'Start chat' }).click()
    await page.getByRole('button', { name: 'End chat' }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click()
    await page.getByRole('button', { name: 'Start chat' }).click()
    await page.getByRole('button', { name: 'End chat' }).click()
    await page.waitForTimeout(500)
    expect(await page.getByRole('dialog').count()).toBe(0)
    // The page reloads once the reset is done: the test goes on in the new one (the address stays the same).
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Reset me' }).click()])
    await page.getByRole('button', { name: 'Start chat' }).click()
    await page.getByRole('button', { name: 'End chat' }).click()
    await page.getByRole('dialog', { name: 'It was easy to get my issue resolved.' }).waitFor()
  })
})

describe("the storefront's pages", () => {
  const WIDTHS = [
    ['desktop', { width: 1280, height: 800 }],
    ['mobile', { width: 360, height: 740 }],
  ] as const

  /** A new visitor at `viewport`; a script error, a response of 400 or more or a failed request is a problem. */
  async function visit(viewport: { width: number; height: number }) {
    context = await browser.newContext({ viewport, locale: 'en-US' })
    const page = await context.newPage()
    const problems: string[] = []
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
    page.on('response', (r) => r.status() >= 400 && problems.push(`${r.status()} ${r.url()}`))
    // ERR_ABORTED: a request the next navigation cut short (the icon, fetched after the load).
    page.on('requestfailed', (r) => r.failure()?.errorText !== 'net::ERR_ABORTED' && problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`))
    return { page, problems }
  }

  /** Whether the page is wider than its viewport (a horizontal scroll bar on a phone). */
  const overflows = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)

  it.each(WIDTHS)('support (%s): "End chat" only once a chat started, and its survey only after it', async (name, viewport) => {
    const { page, problems } = await visit(viewport)
    await page.goto(`${shop.url}/support.html`)
    const startChat = page.getByRole('button', { name: 'Start chat' })
    const endChat = page.getByRole('button', { name: 'End chat' })
    await page.waitForFunction(() => (window as { touchpoint?: { loaded?: boolean } }).touchpoint?.loaded)
    expect([await startChat.isVisible(), await endChat.count()]).toEqual([true, 0])
    expect(await page.getByRole('dialog').count()).toBe(0)

    await startChat.click()
    expect([await startChat.count(), await endChat.isVisible()]).toEqual([0, true])
    await page.getByText('It left our warehouse this morning').waitFor()
    expect(await overflows(page)).toBe(false)
    forDocs(`storefront-support-${name}.png`, await page.screenshot({ fullPage: true }))

    await endChat.click()
    await page.getByRole('dialog', { name: 'It was easy to get my issue resolved.' }).waitFor()
    expect([await startChat.isVisible(), await endChat.count()]).toEqual([true, 0])
    expect(problems).toEqual([])
  })

  it('banner at 360 px: one text that wraps, the full stop right after "dashboard"', async () => {
    const { page, problems } = await visit({ width: 360, height: 740 })
    await page.goto(`${shop.url}/`)
    expect(await overflows(page)).toBe(false)
    const gap = await page.evaluate(() => {
      const link = document.querySelector('.demo a')!
      const stop = document.createRange()
      stop.setStart(link.nextSibling!, 0)
      stop.setEnd(link.nextSibling!, 1)
      const before = document.createRange()
      before.setStart(link.previousSibling!, 0)
      before.setEnd(link.previousSibling!, link.previousSibling!.textContent!.length)
      const [a, s, t] = [link.getBoundingClientRect(), stop.getBoundingClientRect(), before.getClientRects()]
      // The text before the link wraps like text, from the banner's left edge, not in a column.
      const lines = [...t].map((r) => Math.round(r.left))
      return { stop: stop.toString(), afterLink: s.left - a.right, sameLine: Math.abs(s.bottom - a.bottom) < 2, lineStarts: new Set(lines).size }
    })
    expect(gap).toEqual({ stop: '.', afterLink: expect.closeTo(0, 0), sameLine: true, lineStarts: 1 })
    expect(problems).toEqual([])
  })

  it('checkout: the confirmation replaces the form, with room around it', async () => {
    const { page, problems } = await visit({ width: 360, height: 740 })
    await page.goto(`${shop.url}/checkout.html`)
    await page.getByRole('button', { name: 'Place order' }).click()
    const note = page.getByText('Thank you, your order is on its way.')
    await note.waitFor()
    expect(await page.getByRole('button', { name: 'Place order' }).count()).toBe(0)
    const [lead, box] = await Promise.all([page.locator('.lead').boundingBox(), page.locator('#done').boundingBox()])
    expect(box!.y - (lead!.y + lead!.height)).toBeGreaterThanOrEqual(16)
    expect(problems).toEqual([])
  })

  it('every page has its icon and loads without a 404', async () => {
    const { page, problems } = await visit({ width: 1280, height: 800 })
    for (const path of ['/', '/product.html?id=lamp', '/cart.html', '/checkout.html', '/support.html']) {
      await page.goto(`${shop.url}${path}`)
      await page.waitForFunction(() => (window as { touchpoint?: { loaded?: boolean } }).touchpoint?.loaded)
      const icon = await page.evaluate(async () => {
        const href = document.querySelector<HTMLLinkElement>('link[rel="icon"]')?.href
        const res = href ? await fetch(href) : undefined
        return [res?.status, res?.headers.get('content-type')]
      })
      expect(icon, path).toEqual([200, 'image/svg+xml'])
    }
    expect(problems).toEqual([])
  })
})
