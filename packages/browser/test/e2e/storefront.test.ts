import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { serveStorefront } from '../../../../examples/storefront/serve.mjs'
import { launchChromium } from './harness/chromium.js'
import { startTestCollector } from './harness/collector.js'

const config = fileURLToPath(new URL('../../../../examples/storefront/touchpoint.json', import.meta.url))
let browser: Browser
let collector: Awaited<ReturnType<typeof startTestCollector>>
let shop: Awaited<ReturnType<typeof serveStorefront>>

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

it('asks for NPS after checkout, stores the answer once, and does not ask again', async () => {
  const page = await browser.newPage()
  const errors: Error[] = []
  page.on('pageerror', (e) => errors.push(e))
  const logs: string[] = []
  page.on('console', (m) => logs.push(m.text()))

  await page.goto(`${shop.url}/product.html?id=lamp`)
  await page.getByRole('button', { name: 'Add to cart' }).click()
  await page.waitForURL('**/cart.html')
  await page.getByRole('link', { name: 'Go to checkout' }).click()
  await page.getByRole('button', { name: 'Place order' }).click()

  const dialog = page.getByRole('dialog', { name: 'How likely are you to recommend Northwind Goods to a friend?' })
  await dialog.waitFor()
  await dialog.getByRole('radio', { name: /^9\b/ }).check()
  await dialog.getByRole('textbox').fill('Fast checkout')
  await dialog.getByRole('button', { name: 'Send' }).click()
  await page.getByRole('dialog', { name: 'Thank you for your feedback!' }).waitFor()

  await expect.poll(() => collector.count(), { timeout: 10_000 }).toBe(1)
  const stats = await (await fetch(`${collector.url}/v1/stats`)).json()
  expect(stats.results).toEqual([
    { type: 'nps', scale: { min: 0, max: 10 }, n: 1, score: 100, promoters: 1, passives: 0, detractors: 0 },
  ])
  const [row] = await collector.db.query<{ score: number; comment: string; touchpoint: string; page_url: string }>(
    'SELECT score, comment, touchpoint, page_url FROM responses',
  )
  expect(row).toEqual({ score: 9, comment: 'Fast checkout', touchpoint: 'checkout', page_url: `${shop.url}/checkout.html` })

  // Reload and check out again: the survey was answered, so it must not come back.
  await page.goto(`${shop.url}/checkout.html?touchpoint_debug=1`)
  await page.getByRole('button', { name: 'Place order' }).click()
  await expect
    .poll(() => logs.find((l) => l.startsWith('[touchpoint] checkout-nps: not shown')), { timeout: 10_000 })
    .toBe('[touchpoint] checkout-nps: not shown — answered today; never asked again without frequency.recontactDays')
  expect(await page.getByRole('dialog').count()).toBe(0)
  expect(await collector.count()).toBe(1)
  expect(errors).toEqual([])
})
