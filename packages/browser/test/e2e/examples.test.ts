import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { serveCustomCollector } from '../../../../examples/custom-collector/serve.mjs'
import { received } from '../../../../examples/custom-collector/server.mjs'
import { seen, server as minimal } from '../../../../examples/minimal-collector/server.mjs'
import { serveNpmEsm } from '../../../../examples/npm-esm/serve.mjs'
import { snippetPage, startSite } from './harness/site.js'
import { launchChromium } from './harness/chromium.js'
import { startTestCollector } from './harness/collector.js'

let browser: Browser

beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
})

describe('examples', () => {
  it('minimal-collector: receives answers from the SDK and stores a re-sent one once', async () => {
    await new Promise<void>((r) => minimal.listen(0, '127.0.0.1', r))
    const url = `http://127.0.0.1:${(minimal.address() as { port: number }).port}/`
    const site = await startSite({ '/': snippetPage({ collector: url, surveys: [{ id: 'min-nps', type: 'nps', triggers: [{ on: 'pageview' }] }] }) })
    const context = await browser.newContext()
    try {
      const page = await context.newPage()
      await page.goto(`${site.url}/`)
      const dialog = page.getByRole('dialog')
      await dialog.getByRole('radio', { name: /^8\b/ }).check()
      await dialog.getByRole('button', { name: 'Send' }).click()
      await expect.poll(() => seen.size, { timeout: 10_000 }).toBe(1)
      const [answer] = [...seen.values()] as { id: string }[]
      const again = await fetch(url, { method: 'POST', body: JSON.stringify({ v: 1, sentAt: new Date().toISOString(), responses: [answer] }) })
      expect(await again.json()).toEqual({ stored: 1 })
    } finally {
      await context.close()
      await site.close()
      await new Promise((r) => (minimal.closeAllConnections(), minimal.close(r)))
    }
  })

  it('npm-esm: the ESM build through an import map asks and delivers', async () => {
    const collector = await startTestCollector()
    const site = await serveNpmEsm({ port: 0, collector: collector.url })
    const context = await browser.newContext()
    try {
      const page = await context.newPage()
      const errors: Error[] = []
      page.on('pageerror', (e) => errors.push(e))
      await page.goto(`${site.url}/`)
      await page.getByRole('button', { name: 'Finish onboarding' }).click()
      const dialog = page.getByRole('dialog', { name: 'It was easy to get started.' })
      await dialog.getByRole('radio', { name: /^6\b/ }).check()
      await dialog.getByRole('button', { name: 'Send' }).click()
      await page.getByText('Thanks! You answered 6.').waitFor()
      await expect.poll(() => collector.count(), { timeout: 10_000 }).toBe(1)
      expect(errors).toEqual([])
    } finally {
      await context.close()
      await site.close()
      await collector.close()
    }
  })

  it('custom-collector: transform and headers reach an endpoint of another shape', async () => {
    const site = await serveCustomCollector({ port: 0, receiverPort: 0 })
    const context = await browser.newContext()
    try {
      const page = await context.newPage()
      await page.goto(`${site.url}/`)
      const dialog = page.getByRole('dialog', { name: 'How satisfied are you with your experience?' })
      await dialog.getByRole('radio', { name: /^4\b/ }).check()
      await dialog.getByRole('textbox').fill('Found it')
      await dialog.getByRole('button', { name: 'Send' }).click()
      await expect.poll(() => [...received.values()], { timeout: 10_000 }).toEqual([
        { key: expect.stringMatching(/^[0-9a-f-]{36}$/), survey: 'docs-csat', value: 4, text: 'Found it' },
      ])
    } finally {
      await context.close()
      await site.close()
    }
  })
})
