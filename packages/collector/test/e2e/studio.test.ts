import { copyFileSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { serveStorefront } from '../../../../examples/storefront/serve.mjs'
import { launchChromium } from '../../../browser/test/e2e/harness/chromium.js'
import { startTestCollector } from '../../../browser/test/e2e/harness/collector.js'

// The survey studio as a product manager uses it, against a collector seeded with the demo's
// config (as `npm start` runs it) and the storefront pointed at that collector.

const TOKEN = 'studio-e2e-admin-token-0123456789abcdef'
const DEMO = fileURLToPath(new URL('../../../../examples/storefront/touchpoint.json', import.meta.url))
const IMAGES = fileURLToPath(new URL('../../../../docs/images/', import.meta.url))
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core'), 'utf8')
const QUESTION = 'How easy was it to get help from our team today?'

let browser: Browser
let collector: Awaited<ReturnType<typeof startTestCollector>>
let shop: Awaited<ReturnType<typeof serveStorefront>>

beforeAll(async () => {
  ;[browser, collector] = await Promise.all([launchChromium(), startTestCollector({ adminToken: TOKEN, seedConfigFile: DEMO, allowedOrigins: '*' })])
  shop = await serveStorefront({ port: 0, collector: collector.url })
})

afterAll(async () => {
  await browser?.close()
  await shop?.close()
  await collector?.close()
})

/**
 * The studio in a context of its own (UTC, English), signed in, failing the test on any script
 * error, console error or CSP violation.
 */
async function studio(options: Parameters<Browser['newContext']>[0] = {}, hash = '#/surveys') {
  const context = await browser.newContext({ timezoneId: 'UTC', locale: 'en-US', viewport: { width: 1280, height: 900 }, ...options })
  await context.addInitScript((token) => sessionStorage.setItem('touchpoint-admin-token', token), TOKEN)
  const page = await context.newPage()
  const problems: string[] = []
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`))
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`))
  })
  await page.goto(`${collector.url}/${hash}`)
  return { page, context, problems }
}

/** The question the studio's preview shows, read from the real prompt's shadow root. */
const previewQuestion = (page: Page) =>
  page.locator('[data-testid=preview] [data-touchpoint]').evaluate((host) => host.shadowRoot?.querySelector('h2')?.textContent ?? null).catch(() => null)

/** A new visitor on the storefront's support page: the surveys its SDK was served, and the prompt if one shows. */
async function visitSupport(): Promise<{ page: Page; context: BrowserContext; surveys: string[] }> {
  const context = await browser.newContext()
  const page = await context.newPage()
  const ready = page.waitForEvent('console', { predicate: (m) => m.text().startsWith('ready:'), timeout: 20_000 })
  // The page's snippet keeps a queue that is already there: this call is replayed first.
  await page.addInitScript(() => {
    const w = window as unknown as { touchpoint: ((...a: unknown[]) => void) & { q?: unknown[] } }
    w.touchpoint = function () {
      // eslint-disable-next-line prefer-rest-params
      ;(w.touchpoint.q = w.touchpoint.q || []).push(arguments)
    } as never
    w.touchpoint('on', 'ready', (e: { surveys: string[] }) => console.log(`ready:${JSON.stringify(e.surveys)}`))
  })
  await page.goto(`${shop.url}/support.html`)
  const surveys = JSON.parse((await ready).text().slice('ready:'.length)) as string[]
  return { page, context, surveys }
}

async function publish(page: Page, note: string, version: number) {
  await page.getByRole('button', { name: 'Review and publish' }).click()
  const dialog = page.getByRole('dialog', { name: 'Publish these changes?' })
  await dialog.getByLabel('Note (optional)').fill(note)
  await dialog.getByRole('button', { name: 'Publish', exact: true }).click()
  await expect.poll(() => page.getByRole('status').filter({ hasText: `Version ${version} is published` }).count()).toBe(1)
}

describe('the survey studio', () => {
  it('lets a product manager create, publish, pause and roll back a survey that the storefront shows, without a restart', async () => {
    const { page, context, problems } = await studio({}, '')
    // From the dashboard to the surveys: the demo's four, from its file.
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Surveys' }).click()
    await expect.poll(() => page.locator('.st-item h3').allTextContents()).toEqual(['product-csat', 'cart-exit', 'checkout-nps', 'support-ces'])

    // A new CES survey for the support chat, with the form only.
    await page.getByRole('button', { name: 'New survey' }).click()
    await page.getByLabel('Survey ID').fill('support-chat-ces')
    await page.getByRole('radio', { name: /^CES/ }).check()
    await page.getByLabel('Touchpoint').fill('support-chat')
    await page.getByLabel('Journey stage').selectOption('retention')
    // The preview is the real prompt, and follows the question as it is typed.
    await expect.poll(() => previewQuestion(page)).toBe('It was easy to get what I needed.')
    const question = page.getByRole('textbox', { name: 'Question', exact: true })
    await question.pressSequentially('How easy was it')
    await expect.poll(() => previewQuestion(page)).toBe('How easy was it')
    await question.pressSequentially(QUESTION.slice('How easy was it'.length))
    await expect.poll(() => previewQuestion(page)).toBe(QUESTION)
    await page.getByRole('radio', { name: /^Built-in/ }).check()
    // On the support pages.
    const trigger = page.getByRole('group', { name: 'Trigger 1' })
    expect(await trigger.getByLabel('Shows on').inputValue()).toBe('pageview')
    await trigger.getByRole('button', { name: 'Add a rule' }).click()
    await trigger.getByLabel('Value of test 1 of rule 1').fill('/support')
    // The preview steps through the follow-up and the thanks.
    await page.getByRole('button', { name: 'Follow-up', exact: true }).click()
    await expect
      .poll(() => page.locator('[data-testid=preview] [data-touchpoint]').evaluate((h) => h.shadowRoot!.querySelector('label[for=tp-c]')?.textContent))
      .toBe('What worked well for you?')
    await page.getByRole('button', { name: 'Thanks', exact: true }).click()
    await expect.poll(() => page.locator('[data-testid=preview] [data-touchpoint]').evaluate((h) => h.shadowRoot!.textContent)).toContain('Thank you for your feedback!')

    // Publish, with the change in plain words.
    await page.getByRole('button', { name: 'Review and publish' }).click()
    const dialog = page.getByRole('dialog', { name: 'Publish these changes?' })
    expect(await dialog.locator('.st-diff').innerText()).toBe('support-chat-ces: new CES survey, on page view of starts with /support')
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await publish(page, 'CES after support chats', 2)

    // A visitor of the storefront gets it on its trigger, from the running collector.
    const first = await visitSupport()
    expect(first.surveys).toContain('support-chat-ces')
    await first.page.getByRole('dialog', { name: QUESTION }).waitFor()
    await first.context.close()

    // Paused: the next visitor is not served it, and sees nothing.
    await page.getByRole('link', { name: '← All surveys' }).click()
    await page.getByRole('button', { name: 'Pause support-chat-ces' }).click()
    await publish(page, 'Enough answers for now', 3)
    const second = await visitSupport()
    expect(second.surveys).not.toContain('support-chat-ces')
    expect(second.surveys).toContain('support-ces')
    expect(await second.page.locator('[data-touchpoint]').count()).toBe(0)
    await second.context.close()

    // Rolled back to the version before the pause: shown again.
    await page.getByRole('link', { name: 'History' }).click()
    await page.getByRole('button', { name: 'Roll back to this (version 2)' }).click()
    const rollback = page.getByRole('dialog', { name: 'Roll back to version 2?' })
    expect(await rollback.locator('.st-diff').innerText()).toBe('support-chat-ces: resumed')
    await rollback.getByRole('button', { name: 'Roll back to version 2' }).click()
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Version 4 is published: a copy of version 2.' }).count()).toBe(1)
    await expect.poll(async () => (await page.locator('.st-version h3').allTextContents()).map((t) => t.trim())).toEqual(['Version 4 Live', 'Version 3', 'Version 2', 'Version 1'])
    expect(await page.locator('.st-version').first().innerText()).toContain('Rolled back to version 2')
    const third = await visitSupport()
    expect(third.surveys).toContain('support-chat-ces')
    await third.page.getByRole('dialog', { name: QUESTION }).waitFor()
    await third.context.close()

    expect(problems).toEqual([])
    await context.close()
  })
})
