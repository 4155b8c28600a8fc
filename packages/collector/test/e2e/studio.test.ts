import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { configProblems } from '@touchpoint/core'
import { fieldId } from '../../src/dashboard/studio/paths.js'
import { serveStorefront } from '../../../../examples/storefront/serve.mjs'
import { launchChromium } from '../../../browser/test/e2e/harness/chromium.js'
import { seed } from '../harness/http.js'
import { demoAnswers } from './demo-answers.js'
import { AXE, openPage, screenshot } from './harness/pages.js'
import type { OpenOptions } from './harness/pages.js'
import { startTestCollector } from '../../../browser/test/e2e/harness/collector.js'

// The survey studio as a product manager uses it, against a collector seeded with the demo's
// config (as `npm start` runs it) and the storefront pointed at that collector.

const TOKEN = 'studio-e2e-admin-token-0123456789abcdef'
const DEMO = fileURLToPath(new URL('../../../../examples/storefront/touchpoint.json', import.meta.url))
const SCHEMA = fileURLToPath(new URL('../../../core/touchpoint.schema.json', import.meta.url))
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
const studio = (options: OpenOptions = {}, hash = '#/surveys') => openPage(browser, `${collector.url}/${hash}`, { token: TOKEN, ...options })

/** The question the studio's preview shows, read from the real prompt's shadow root. */
const previewQuestion = (page: Page) =>
  page.locator('[data-testid=preview] [data-touchpoint]').evaluate((host) => host.shadowRoot?.querySelector('h2')?.textContent ?? null).catch(() => null)

/** A new visitor on the storefront's support page: the surveys its SDK was served, and the prompt if one shows. */
async function visitSupport(): Promise<{ page: Page; context: BrowserContext; surveys: string[] }> {
  const context = await browser.newContext()
  const page = await context.newPage()
  // What the page said and failed to fetch, for the message of a visit that never gets ready.
  const said: string[] = []
  page.on('console', (m) => said.push(`${m.type()}: ${m.text()}`))
  page.on('pageerror', (e) => said.push(`page error: ${e.message}`))
  page.on('requestfailed', (r) => said.push(`failed: ${r.url()} ${r.failure()?.errorText}`))
  page.on('response', (r) => r.status() >= 400 && said.push(`${r.status()}: ${r.url()}`))
  const ready = page
    .waitForEvent('console', { predicate: (m) => m.text().startsWith('ready:'), timeout: 20_000 })
    .catch((e: Error) => Promise.reject(new Error(`${e.message}; the page said:\n${said.join('\n')}`)))
  // The page's snippet keeps a queue that is already there: this call is replayed first.
  await page.addInitScript(`
    if (typeof window.touchpoint != 'function') window.touchpoint = function () {
      (window.touchpoint.q = window.touchpoint.q || []).push(arguments);
    };
    touchpoint('on', 'ready', function (e) { console.log('ready:' + JSON.stringify(e.surveys)) });
  `)
  await page.goto(`${shop.url}/support.html`)
  const surveys = JSON.parse((await ready).text().slice('ready:'.length)) as string[]
  return { page, context, surveys }
}

async function publish(page: Page, note: string, version: number) {
  await page.getByRole('button', { name: 'Review and publish' }).click()
  const dialog = page.getByRole('dialog', { name: 'Publish these changes?' })
  if (note) await dialog.getByLabel('Note (optional)').fill(note)
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
    expect(await dialog.locator('.st-diff').innerText()).toBe('support-chat-ces: new CES survey, on page view where the address starts with /support')
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

describe('publishing', () => {
  it('says who published meanwhile, and lets you publish over it or load theirs', async () => {
    const { page, context, problems } = await studio()
    const auth = { Authorization: `Bearer ${TOKEN}` }
    /** Someone else publishes, through the API, a cooldown of 7 days on top of the latest version. */
    const theirs = async () => {
      const latest = (await (await fetch(`${collector.url}/v1/config/versions/latest`, { headers: auth })).json()) as { version: number; config: object }
      const res = await fetch(`${collector.url}/v1/config?note=${encodeURIComponent('One week between surveys')}`, {
        method: 'PUT',
        headers: { ...auth, 'Content-Type': 'application/json', 'If-Match': `"v${latest.version}"` },
        body: JSON.stringify({ ...latest.config, globalCooldownDays: 7 }),
      })
      expect(res.status).toBe(200)
      return (await res.json()).version as number
    }
    const served = async () => (await (await fetch(`${collector.url}/v1/config`)).json()) as { surveys: { id: string }[]; globalCooldownDays?: number }
    const tryPublish = async () => {
      await page.getByRole('button', { name: 'Review and publish' }).click()
      await page.getByRole('dialog').getByRole('button', { name: 'Publish', exact: true }).click()
      return page.getByRole('dialog', { name: 'Someone published meanwhile' })
    }

    await page.getByRole('button', { name: 'Pause cart-exit' }).click()
    const v = await theirs()
    let conflict = await tryPublish()
    expect(await conflict.getByRole('alert').innerText()).toMatch(new RegExp(`^Version ${v} was published by admin at .+ \\(“One week between surveys”\\), after you started editing\\. Publishing yours now would replace it\\.$`))
    // Mine over theirs: the last one wins; theirs stays in the history.
    await conflict.getByRole('button', { name: 'Publish mine over it' }).click()
    await expect.poll(() => page.getByRole('status').filter({ hasText: `Version ${v + 1} is published` }).count()).toBe(1)
    expect(await served()).not.toHaveProperty('globalCooldownDays')
    expect((await served()).surveys.map((s) => s.id)).not.toContain('cart-exit')

    // Or theirs: the working copy is dropped, and the studio shows their version.
    await page.getByRole('button', { name: 'Resume cart-exit' }).click()
    const w = await theirs()
    conflict = await tryPublish()
    await conflict.getByRole('button', { name: `Drop mine, load version ${w}` }).click()
    await expect.poll(() => page.getByLabel('Days between any two surveys for one visitor').inputValue()).toBe('7')
    expect(await page.getByRole('button', { name: 'Resume cart-exit' }).count()).toBe(1)
    expect(await page.getByRole('button', { name: 'Review and publish' }).count()).toBe(0)
    expect(problems.filter((p) => !p.includes('412'))).toEqual([])
    await context.close()
  })

  it('starts from nothing on a collector without a config', async () => {
    const empty = await startTestCollector({ adminToken: TOKEN })
    const context = await browser.newContext()
    await context.addInitScript((token) => sessionStorage.setItem('touchpoint-admin-token', token), TOKEN)
    const page = await context.newPage()
    await page.goto(`${empty.url}/#/surveys`)
    await page.getByRole('heading', { name: 'No surveys yet' }).waitFor()
    expect(await page.getByRole('status').filter({ hasText: 'Nothing is published yet.' }).count()).toBe(1)
    await page.getByRole('button', { name: 'New survey' }).click()
    await page.getByLabel('Survey ID').fill('first-nps')
    await publish(page, '', 1)
    expect(await (await fetch(`${empty.url}/v1/config`)).json()).toEqual({ surveys: [{ id: 'first-nps', type: 'nps', triggers: [{ on: 'pageview' }] }] })
    await context.close()
    await empty.close()
  })

  it('asks before replacing a first version that someone published while nothing was', async () => {
    const empty = await startTestCollector({ adminToken: TOKEN })
    try {
      const { page, context, problems } = await openPage(browser, `${empty.url}/#/surveys`, { token: TOKEN })
      await page.getByRole('status').filter({ hasText: 'Nothing is published yet.' }).waitFor()
      await page.getByRole('button', { name: 'New survey' }).click()
      await page.getByLabel('Survey ID').fill('mine-nps')
      // Someone else, who found nothing published either, publishes first.
      const res = await fetch(`${empty.url}/v1/config?note=${encodeURIComponent('Theirs')}`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ surveys: [{ id: 'theirs-csat', type: 'csat', triggers: [{ on: 'pageview' }] }] }),
      })
      expect(res.status).toBe(200)
      await page.getByRole('button', { name: 'Review and publish' }).click()
      await page.getByRole('dialog').getByRole('button', { name: 'Publish', exact: true }).click()
      const conflict = page.getByRole('dialog', { name: 'Someone published meanwhile' })
      expect(await conflict.getByRole('alert').innerText()).toMatch(/^Version 1 was published by admin at .+ \(“Theirs”\), after you started editing\. Publishing yours now would replace it\.$/)
      const served = async () => ((await (await fetch(`${empty.url}/v1/config`)).json()) as { surveys: { id: string }[] }).surveys.map((s) => s.id)
      expect(await served()).toEqual(['theirs-csat'])
      // Publishing over it is still a choice.
      await conflict.getByRole('button', { name: 'Publish mine over it' }).click()
      await expect.poll(() => page.getByRole('status').filter({ hasText: 'Version 2 is published' }).count()).toBe(1)
      expect(await served()).toEqual(['mine-nps'])
      // The 404 of the latest version while there was none, and the 412: both answered as meant.
      expect(problems.filter((p) => !/ (404|412) /.test(p))).toEqual([])
      await context.close()
    } finally {
      await empty.close()
    }
  })
})

describe('a text too long for the checker', () => {
  it('marks its box invalid with the limit in the message, and widens nothing', async () => {
    const empty = await startTestCollector({ adminToken: TOKEN })
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } })
    const long = 'x'.repeat(600) // as a draft kept from the JSON view, say: the box itself takes at most 500
    await context.addInitScript(
      ([token, question]) => {
        sessionStorage.setItem('touchpoint-admin-token', token)
        localStorage.setItem('touchpoint-studio-draft', JSON.stringify({ base: 0, config: { surveys: [{ id: 'long', type: 'nps', triggers: [{ on: 'pageview' }], question }] } }))
      },
      [TOKEN, long] as const,
    )
    const page = await context.newPage()
    await page.goto(`${empty.url}/#/surveys/0`)
    const box = page.getByLabel('Question', { exact: true })
    await expect.poll(() => box.getAttribute('aria-invalid')).toBe('true')
    expect(await box.getAttribute('maxlength')).toBe('500')
    const message = `question must be a text of 1–500 characters (got "${'x'.repeat(60)}…", 600 characters)`
    expect(await page.locator('.st-errors li').allTextContents()).toContain(message)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)

    // A publish note without a space breaks in the history, at any width.
    const note = 'n'.repeat(1000)
    const put = await fetch(`${empty.url}/v1/config?note=${note}`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ surveys: [{ id: 'short', type: 'nps', triggers: [{ on: 'pageview' }] }] }),
    })
    expect(put.status).toBe(200)
    await page.goto(`${empty.url}/#/history`)
    await page.getByText(note).waitFor()
    for (const width of [360, 1280]) {
      await page.setViewportSize({ width, height: 740 })
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `${width} px`).toBeLessThanOrEqual(width)
    }
    await context.close()
    await empty.close()
  })
})

/** The studio's working copy, as kept in this browser. */
const workingCopy = (page: Page) =>
  page.evaluate(() => (JSON.parse(localStorage.getItem('touchpoint-studio-draft') ?? 'null') as { config: { surveys: Record<string, unknown>[] } } | null)?.config)

/** Opens a new survey in the editor; its index in the working copy. */
async function newSurvey(page: Page): Promise<number> {
  await page.locator('.st-item').first().waitFor()
  await page.getByRole('button', { name: 'New survey' }).click()
  await page.getByLabel('Survey ID').waitFor()
  return Number(/^#\/surveys\/(\d+)$/.exec(new URL(page.url()).hash)![1])
}

describe('the list and the editor', () => {
  it('duplicates a survey as a draft with an ID of its own, deletes one, and the publish dialog says both', async () => {
    const { page, context, problems } = await studio()
    await page.locator('.st-item').first().waitFor()
    const ids = () => page.locator('.st-item h3').allTextContents()
    const before = await ids()
    const at = before.indexOf('cart-exit')

    await page.getByRole('button', { name: 'Duplicate cart-exit' }).click()
    // The copy opens in the editor, as a draft, so that it does not show twice on the site.
    await page.getByRole('heading', { name: 'cart-exit-copy Draft', level: 2 }).waitFor()
    let surveys = (await workingCopy(page))!.surveys
    expect(surveys[at + 1]).toEqual({ ...surveys[at], id: 'cart-exit-copy', status: 'draft' })

    await page.getByRole('link', { name: '← All surveys' }).click()
    await page.getByRole('button', { name: 'Duplicate cart-exit', exact: true }).click()
    await page.getByRole('heading', { name: 'cart-exit-copy-2 Draft', level: 2 }).waitFor()
    await page.getByRole('link', { name: '← All surveys' }).click()
    await expect.poll(ids).toEqual([...before.slice(0, at + 1), 'cart-exit-copy-2', 'cart-exit-copy', ...before.slice(at + 1)])
    const copy = page.locator('.st-item').filter({ has: page.getByRole('heading', { name: 'cart-exit-copy', exact: true }) })
    expect(await copy.locator('.st-badge').allTextContents()).toEqual(['Draft', 'New, not published'])

    // Delete asks first: Cancel keeps it, Delete takes it out of the working copy.
    await page.getByRole('button', { name: 'Delete product-csat' }).click()
    const confirm = page.getByRole('dialog', { name: 'Delete product-csat?' })
    await confirm.getByRole('button', { name: 'Cancel' }).click()
    expect(await ids()).toContain('product-csat')
    await page.getByRole('button', { name: 'Delete product-csat' }).click()
    await confirm.getByRole('button', { name: 'Delete', exact: true }).click()
    await expect.poll(ids).not.toContain('product-csat')
    // A copy never published leaves no trace when deleted.
    await page.getByRole('button', { name: 'Delete cart-exit-copy-2' }).click()
    await page.getByRole('dialog', { name: 'Delete cart-exit-copy-2?' }).getByRole('button', { name: 'Delete', exact: true }).click()
    await expect.poll(ids).toEqual([...before.slice(0, at + 1), 'cart-exit-copy', ...before.slice(at + 1)].filter((id) => id !== 'product-csat'))
    surveys = (await workingCopy(page))!.surveys
    expect(surveys.map((s) => s.id)).toEqual(await ids())

    await page.getByRole('button', { name: 'Review and publish' }).click()
    const dialog = page.getByRole('dialog', { name: 'Publish these changes?' })
    expect(await dialog.locator('.st-diff li').allInnerTexts()).toEqual(['cart-exit-copy: new CSAT (emoji) survey, draft, on about to leave', 'product-csat: deleted'])
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    // Nothing was published: discarding brings the list back as it was.
    await page.getByRole('button', { name: 'Discard changes' }).click()
    await expect.poll(ids).toEqual(before)
    expect(problems).toEqual([])
    await context.close()
  })

  it('writes the texts of a survey in the colour of every field, light and dark, not in the muted colour of a placeholder', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const { page, context, problems } = await studio({ colorScheme }, '#/surveys/0')
      const colour = (field: Locator) => field.evaluate((e) => getComputedStyle(e).color)
      const id = await colour(page.getByLabel('Survey ID'))
      expect(await colour(page.getByLabel('Question', { exact: true }))).toBe(id)
      await page.getByRole('button', { name: 'Translate' }).first().click()
      expect(await colour(page.locator('.st-lang input').first())).toBe(id)
      expect(problems).toEqual([])
      await context.close()
    }
  })

  it('keeps the edits made in two tabs of one browser, each made on top of the other', async () => {
    const { page: first, context, problems } = await studio({}, '#/surveys/0')
    const second = await context.newPage()
    await second.goto(`${collector.url}/#/surveys/1`)
    const question = (page: Page) => page.getByLabel('Question', { exact: true })
    const questions = async () => (await workingCopy(first))?.surveys.slice(0, 2).map((s) => s.question)
    await question(first).fill('Asked in the first tab')
    await second.getByText('1 unpublished change', { exact: true }).waitFor()
    await question(second).fill('Asked in the second tab')
    await first.getByText('2 unpublished changes', { exact: true }).waitFor()
    expect(await questions()).toEqual(['Asked in the first tab', 'Asked in the second tab'])
    await question(first).fill('Asked in the first tab, again')
    await expect.poll(questions).toEqual(['Asked in the first tab, again', 'Asked in the second tab'])
    // Discarded in one tab, gone from the other.
    await second.getByRole('button', { name: 'Discard changes' }).click()
    await expect.poll(() => question(first).inputValue()).toBe('How happy are you with what you found on this page?')
    expect(problems).toEqual([])
    await context.close()
  })

  it('keeps JSON that does not parse yet across a reload, with its error, until it parses or is discarded', async () => {
    const { page, context, problems } = await studio({}, '#/surveys/0')
    const box = page.getByRole('textbox', { name: /as JSON$/ })
    const error = (id: string) => page.locator(`#${id}-error`).innerText()
    await page.getByRole('button', { name: 'JSON', exact: true }).click()
    // Half typed: a field with no value yet.
    const half = (await box.inputValue()).replace(/\n}$/, ',\n  "maxResponses": ')
    await box.fill(half)
    await expect.poll(() => error('st-survey-json')).toMatch(/^Not JSON yet: /)
    await page.reload()
    // Back as typed, in the JSON tab, with its error; nothing is published over it.
    await expect.poll(() => box.inputValue()).toBe(half)
    expect(await page.getByRole('button', { name: 'JSON', exact: true }).getAttribute('aria-pressed')).toBe('true')
    expect(await box.getAttribute('aria-invalid')).toBe('true')
    expect(await error('st-survey-json')).toMatch(/^Not JSON yet: /)
    // Nothing else changed: the bar says only that, not "0 unpublished changes".
    expect(await page.locator('.st-bar-text').innerText()).toBe('JSON that does not parse yet')
    expect(await page.getByRole('button', { name: 'Review and publish' }).isDisabled()).toBe(true)
    // Finished: it parses, it is the working copy, and the text is not kept beside it any more.
    await box.fill(`${half}50\n}`)
    await expect.poll(async () => (await workingCopy(page))?.surveys[0]?.maxResponses).toBe(50)
    await page.reload()
    await expect.poll(() => page.getByLabel('Stop after').inputValue()).toBe('50')
    expect(await page.getByRole('button', { name: 'Review and publish' }).isEnabled()).toBe(true)

    // The whole config's JSON, the same; Discard changes drops the text with the rest.
    await page.goto(`${collector.url}/#/surveys/json`)
    await box.fill('{ "surveys": [')
    await expect.poll(() => error('st-config-json')).toMatch(/^Not JSON yet: /)
    await page.reload()
    await expect.poll(() => box.inputValue()).toBe('{ "surveys": [')
    expect(await error('st-config-json')).toMatch(/^Not JSON yet: /)
    await page.getByRole('button', { name: 'Discard changes' }).click()
    await expect.poll(() => box.inputValue()).toContain('\n  "surveys": [\n    {\n      "id": ')
    expect(await page.locator('#st-config-json-error').count()).toBe(0)
    expect(await page.evaluate(() => localStorage.getItem('touchpoint-studio-draft'))).toBe(null)
    expect(problems).toEqual([])
    await context.close()
  })

  it('takes no JSON that gives a key twice in one object, and says which key, on which line', async () => {
    const { page, context, problems } = await studio({}, '#/surveys/0')
    const box = page.getByRole('textbox', { name: /as JSON$/ })
    await page.getByRole('button', { name: 'JSON', exact: true }).click()
    const before = await workingCopy(page)
    // A second "maxResponses" after the first, as a paste at the end would give: JSON.parse keeps the last.
    const lines = (await box.inputValue()).replace(/\n}$/, ',\n  "maxResponses": 50,\n  "maxResponses": 70\n}')
    await box.fill(lines)
    const line = lines.split('\n').findIndex((l) => l.includes('70')) + 1
    await expect
      .poll(async () => (await page.locator('#st-survey-json-error').allInnerTexts()).join())
      .toBe(`"maxResponses" is given twice in one object, on line ${line}: keep one (the other would be lost)`)
    expect(await box.getAttribute('aria-invalid')).toBe('true')
    expect(await page.locator('.st-bar-text').innerText()).toBe('JSON that does not parse yet')
    expect(await page.getByRole('button', { name: 'Review and publish' }).isDisabled()).toBe(true)
    expect((await workingCopy(page))?.surveys[0]?.maxResponses).toBe(before?.surveys[0]?.maxResponses)
    // One of them gone: taken.
    await box.fill(lines.replace(',\n  "maxResponses": 70', ''))
    await expect.poll(async () => (await workingCopy(page))?.surveys[0]?.maxResponses).toBe(50)
    expect(await page.locator('#st-survey-json-error').count()).toBe(0)
    expect(problems).toEqual([])
    await context.close()
  })

  it('flags a language given twice on its row, publishes nothing meanwhile, and keeps both texts across a reload', async () => {
    // axe reads the page through innerHTML, which Trusted Types refuse: this page runs without the CSP.
    const { page, context, problems } = await studio({ bypassCSP: true, reducedMotion: 'reduce' })
    const i = await newSurvey(page)
    const field = page.getByRole('group', { name: 'Question', exact: true })
    const langs = field.locator('.st-lang-input')
    const texts = field.locator('.st-text-box input')
    await page.getByRole('textbox', { name: 'Question', exact: true }).fill('How was it?')
    await field.getByRole('button', { name: 'Translate' }).click()
    await langs.nth(1).fill('en')
    await texts.nth(1).fill('And in English again?')
    const message = 'question.en is given twice: change the language of one, or remove one'
    /** Each language box: its value, aria-invalid, and the messages it is described by. */
    const boxes = () =>
      langs.evaluateAll((els) =>
        els.map((el) => [
          (el as HTMLInputElement).value,
          el.getAttribute('aria-invalid'),
          (el.getAttribute('aria-describedby') ?? '')
            .split(' ')
            .filter(Boolean)
            .map((id) => document.getElementById(id)?.textContent),
        ]),
      )
    // The later row is flagged, tied to its message; the earlier one, whose text the config holds, is not.
    await expect.poll(boxes).toEqual([
      ['en', null, []],
      ['en', 'true', [message]],
    ])
    expect(await page.getByRole('button', { name: 'Review and publish' }).isDisabled()).toBe(true)
    expect(await page.locator('.st-bar-text').innerText()).toContain('1 problem to fix first')
    // Nothing merged: the working copy keeps the first English text, not the later one over it.
    expect((await workingCopy(page))?.surveys[i]?.question).toEqual({ en: 'How was it?' })
    // Listed at the top, with a link that puts the keyboard on the language box.
    const summary = page.getByRole('region', { name: '1 problem to fix before publishing' })
    const link = summary.getByRole('link', { name: message })
    expect(await link.getAttribute('href')).toBe(`#${fieldId(`surveys[${i}].question[1]`)}`)
    await link.click()
    expect(await langs.nth(1).evaluate((el) => el === document.activeElement)).toBe(true)
    await page.evaluate(AXE)
    expect(await violations(page, 'a language given twice')).toEqual([])

    // A reload brings both rows back as typed, still flagged, still not publishable.
    await page.reload()
    await expect.poll(boxes).toEqual([
      ['en', null, []],
      ['en', 'true', [message]],
    ])
    expect(await texts.evaluateAll((els) => els.map((el) => (el as HTMLInputElement).value))).toEqual(['How was it?', 'And in English again?'])
    expect(await page.getByRole('button', { name: 'Review and publish' }).isDisabled()).toBe(true)

    // Given a language of its own, the row is a translation like any other, and nothing is kept beside the working copy.
    await langs.nth(1).fill('it')
    await texts.nth(1).fill('Com’è andata?')
    await expect.poll(boxes).toEqual([
      ['en', null, []],
      ['it', null, []],
    ])
    expect((await workingCopy(page))?.surveys[i]?.question).toEqual({ en: 'How was it?', it: 'Com’è andata?' })
    expect(await page.getByRole('button', { name: 'Review and publish' }).isEnabled()).toBe(true)
    expect(await page.evaluate(() => localStorage.getItem('touchpoint-studio-rows'))).toBe(null)
    expect(problems).toEqual([])
    await context.close()
  })

  it('says a language given twice in the JSON tab as the form\'s, under the box, without marking the JSON invalid', async () => {
    const { page, context, problems } = await studio()
    const i = await newSurvey(page)
    const field = page.getByRole('group', { name: 'Question', exact: true })
    await page.getByRole('textbox', { name: 'Question', exact: true }).fill('How was it?')
    await field.getByRole('button', { name: 'Translate' }).click()
    await field.locator('.st-lang-input').nth(1).fill('en')
    await field.locator('.st-text-box input').nth(1).fill('And in English again?')
    const message = 'question.en is given twice: change the language of one, or remove one'
    await expect.poll(() => page.locator('.st-bar-text').innerText()).toContain('1 problem to fix first')
    /** The JSON box: aria-invalid, and what it is described by, past its hint. */
    const described = (box: Locator) =>
      box.evaluate((el) => [
        el.getAttribute('aria-invalid'),
        (el.getAttribute('aria-describedby') ?? '')
          .split(' ')
          .slice(1)
          .map((id) => document.getElementById(id)?.innerText.replace(/\s+/g, ' ')),
      ])
    // The survey's JSON holds { "en": "How was it?" }, which is right: the later row is the form's own.
    await page.getByRole('button', { name: 'JSON', exact: true }).click()
    const box = page.getByRole('textbox', { name: /as JSON$/ })
    expect(JSON.parse(await box.inputValue()).question).toEqual({ en: 'How was it?' })
    expect(await page.locator('#st-survey-json-error').count()).toBe(0)
    const note = (n: number) =>
      `In the form, not in this JSON, which holds the first of each: fix ${n === 1 ? 'it' : 'them'} in the form to publish (an edit of that field here replaces the form's rows instead).`
    expect(await described(box)).toEqual([null, [`${note(1)} ${message}`]])
    expect(await page.locator('.st-summary li').allTextContents()).toEqual([`In the form: ${message}`])
    // A problem of the JSON itself is still the box's, beside the form's.
    await box.fill((await box.inputValue()).replace('"nps"', '"npx"'))
    await expect.poll(() => box.getAttribute('aria-invalid')).toBe('true')
    expect(await page.locator('#st-survey-json-error li').allTextContents()).toEqual([`surveys[${i}].type: type must be one of nps, csat, ces (got "npx")`])
    expect((await described(box))[1]).toContain(`${note(1)} ${message}`)
    await box.fill((await box.inputValue()).replace('"npx"', '"nps"'))
    await expect.poll(() => box.getAttribute('aria-invalid')).toBe(null)
    // The whole config's JSON, the same, with the survey it is in.
    await page.goto(`${collector.url}/#/surveys/json`)
    const whole = page.getByRole('textbox', { name: 'Config as JSON' })
    await expect.poll(() => described(whole)).toEqual([null, [`${note(1)} surveys[${i}]: ${message}`]])
    expect(await page.locator('#st-config-json-error').count()).toBe(0)
    expect(problems).toEqual([])
    await context.close()
  })

  it('ties a problem of one page-address test to that test alone, negated ones included, and shows each test whole in its menu', async () => {
    const { page, context, problems } = await studio({ reducedMotion: 'reduce' })
    const i = await newSurvey(page)
    const field = page.getByRole('group', { name: 'On pages' })
    await field.getByRole('button', { name: 'Add a rule' }).click()
    const rule = field.getByRole('group', { name: 'Rule 1' })
    await rule.getByLabel('Value of test 1 of rule 1', { exact: true }).fill('/shop')
    for (const [n, test, value] of [[2, 'not:contains', 'step=1'], [3, 'not:endsWith', ''], [4, 'contains', 'sale']] as const) {
      await rule.getByRole('button', { name: 'Add a test (and)' }).click()
      await rule.getByLabel(`Test ${n} of rule 1`, { exact: true }).selectOption(test)
      await rule.getByLabel(`Value of test ${n} of rule 1`, { exact: true }).fill(value)
    }
    await expect.poll(async () => (await workingCopy(page))?.surveys[i]?.audience).toEqual({ url: { startsWith: '/shop', contains: 'sale', not: [{ contains: 'step=1' }, { endsWith: '' }] } })
    const invalid = () => rule.getByLabel(/^Value of test \d of rule 1$/).evaluateAll((els) => els.map((el) => el.getAttribute('aria-invalid')))
    // The empty "does not end with" alone: not the other negated test, nor the "contains" one.
    await expect.poll(invalid).toEqual([null, null, 'true', null])
    // Each menu shows its whole test, so that "does not contain" and "does not end with" can be
    // told apart without opening them (they read "The address c…" in menus of a third of the line).
    const shown = await rule.getByLabel(/^Test \d of rule 1$/).evaluateAll((els) =>
      els.map((el) => {
        const select = el as HTMLSelectElement
        const style = getComputedStyle(select)
        const text = document.createElement('canvas').getContext('2d')!
        text.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`
        // The room for the text: the box less its padding and the arrow (about 20 px).
        return text.measureText(select.selectedOptions[0]!.text).width <= select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20
      }),
    )
    expect(shown).toEqual([true, true, true, true])
    expect(problems).toEqual([])
    await context.close()
  })

  it('flags a value read as a number that is none, and publishes nothing meanwhile', async () => {
    const { page, context, problems } = await studio({ reducedMotion: 'reduce' })
    const i = await newSurvey(page)
    const field = page.getByRole('group', { name: 'Visitors whose attributes…' })
    await field.getByRole('button', { name: 'Add a condition' }).click()
    await field.getByLabel('attribute name, condition 1').fill('seats')
    await field.getByLabel('Read the value as, condition 1').selectOption('number')
    await field.getByLabel('Value, condition 1').fill('5a')
    const message = 'audience.attributes.seats is read as a number, and "5a" is none: write digits (5, 2.5), or read it as text'
    const comparison = field.getByLabel('Comparison, condition 1')
    await expect.poll(() => comparison.getAttribute('aria-invalid')).toBe('true')
    expect(await page.getByRole('region', { name: '1 problem to fix before publishing' }).getByRole('link', { name: message }).count()).toBe(1)
    expect(await page.getByRole('button', { name: 'Review and publish' }).isDisabled()).toBe(true)
    // Written in digits, it is a number, and nothing stands in the way.
    await field.getByLabel('Value, condition 1').fill('5')
    await expect.poll(() => comparison.getAttribute('aria-invalid')).toBe(null)
    expect((await workingCopy(page))?.surveys[i]?.audience).toEqual({ attributes: { seats: 5 } })
    expect(await page.getByRole('button', { name: 'Review and publish' }).isEnabled()).toBe(true)
    expect(problems).toEqual([])
    await context.close()
  })

  it('flags a condition that compares a property as an earlier one does, publishes nothing meanwhile, and keeps both lines across a reload', async () => {
    // axe reads the page through innerHTML, which Trusted Types refuse: this page runs without the CSP.
    const { page, context, problems } = await studio({ bypassCSP: true, reducedMotion: 'reduce' })
    const i = await newSurvey(page)
    const field = page.getByRole('group', { name: 'Visitors whose attributes…' })
    const add = field.getByRole('button', { name: 'Add a condition' })
    await add.click()
    await field.getByLabel('attribute name, condition 1').fill('plan')
    await field.getByLabel('Value, condition 1').fill('pro')
    await add.click()
    await field.getByLabel('attribute name, condition 2').fill('plan')
    await field.getByLabel('Value, condition 2').fill('team')
    const message = 'audience.attributes.plan is compared with "is" twice, and only the first counts: for either value, make it one "is one of" line (pro, team); else remove one'
    /** Each comparison of `group`: its value, aria-invalid, and the messages it is described by. */
    const boxes = (group = field) =>
      group.getByLabel(/^Comparison, condition \d+$/).evaluateAll((els) =>
        els.map((el) => [
          (el as HTMLSelectElement).value,
          el.getAttribute('aria-invalid'),
          (el.getAttribute('aria-describedby') ?? '')
            .split(' ')
            .filter(Boolean)
            .map((id) => document.getElementById(id)?.textContent),
        ]),
      )
    // The later line is flagged, tied to its message; the earlier one, which the config holds, is not.
    await expect.poll(() => boxes()).toEqual([
      ['is', null, []],
      ['is', 'true', [message]],
    ])
    expect(await page.getByRole('button', { name: 'Review and publish' }).isDisabled()).toBe(true)
    expect(await page.locator('.st-bar-text').innerText()).toContain('1 problem to fix first')
    // Nothing merged: the working copy keeps the first line, not the later one over it.
    expect((await workingCopy(page))?.surveys[i]?.audience).toEqual({ attributes: { plan: 'pro' } })
    // Listed at the top, with a link that puts the keyboard on the comparison.
    const summary = page.getByRole('region', { name: '1 problem to fix before publishing' })
    const link = summary.getByRole('link', { name: message })
    expect(await link.getAttribute('href')).toBe(`#${fieldId(`surveys[${i}].audience.attributes[1]`)}`)
    await link.click()
    expect(await field.getByLabel('Comparison, condition 2').evaluate((el) => el === document.activeElement)).toBe(true)
    await page.evaluate(AXE)
    expect(await violations(page, 'a property compared the same way twice')).toEqual([])

    // A reload brings both lines back as typed, still flagged, still not publishable.
    await page.reload()
    await expect.poll(() => boxes()).toEqual([
      ['is', null, []],
      ['is', 'true', [message]],
    ])
    expect(await field.getByLabel(/^Value, condition \d+$/).evaluateAll((els) => els.map((el) => (el as HTMLInputElement).value))).toEqual(['pro', 'team'])
    expect(await page.getByRole('button', { name: 'Review and publish' }).isDisabled()).toBe(true)

    // As the message says: one "is one of" line with both values.
    await field.getByLabel('Comparison, condition 2').selectOption('oneOf')
    await field.getByLabel('Value, condition 2').fill('pro, team')
    await field.getByRole('button', { name: 'Remove condition 1' }).click()
    await expect.poll(() => boxes()).toEqual([['oneOf', null, []]])
    expect((await workingCopy(page))?.surveys[i]?.audience).toEqual({ attributes: { plan: ['pro', 'team'] } })
    expect(await page.getByRole('button', { name: 'Review and publish' }).isEnabled()).toBe(true)
    expect(await page.evaluate(() => localStorage.getItem('touchpoint-studio-rows'))).toBe(null)

    // A trigger's conditions on its event's properties, the same.
    const trigger = page.getByRole('group', { name: 'Trigger 1' })
    await trigger.getByLabel('Shows on').selectOption('event')
    await trigger.getByLabel('Event name').fill('order_paid')
    const where = trigger.getByRole('group', { name: 'Only when its properties…' })
    for (const [n, value] of [[1, '5'], [2, '10']] as const) {
      await where.getByRole('button', { name: 'Add a condition' }).click()
      await where.getByLabel(`property name, condition ${n}`).fill('seats')
      await where.getByLabel(`Comparison, condition ${n}`).selectOption('gte')
      await where.getByLabel(`Value, condition ${n}`).fill(value)
    }
    const seats = 'triggers[0].where.seats is compared with "≥" twice, and only the first counts: keep the one you mean (both would have to hold: the stricter) and remove the other'
    await expect.poll(() => boxes(where)).toEqual([
      ['gte', null, []],
      ['gte', 'true', [seats]],
    ])
    expect((await workingCopy(page))?.surveys[i]?.triggers).toEqual([{ on: 'event', event: 'order_paid', where: { seats: { gte: 5 } } }])
    expect(await page.getByRole('button', { name: 'Review and publish' }).isDisabled()).toBe(true)
    await where.getByRole('button', { name: 'Remove condition 1' }).click()
    await expect.poll(() => boxes(where)).toEqual([['gte', null, []]])
    expect((await workingCopy(page))?.surveys[i]?.triggers).toEqual([{ on: 'event', event: 'order_paid', where: { seats: { gte: 10 } } }])
    expect(await page.getByRole('button', { name: 'Review and publish' }).isEnabled()).toBe(true)
    expect(problems).toEqual([])
    await context.close()
  })

  it('puts the "and" of a later condition on a row of its own above its line, whose controls line up with the first\'s, at 1280 and 360 px', async () => {
    for (const width of [1280, 360]) {
      const { page, context, problems } = await studio({ viewport: { width, height: 800 } })
      await newSurvey(page)
      const field = page.getByRole('group', { name: 'Visitors whose attributes…' })
      await field.getByRole('button', { name: 'Add a condition' }).click()
      await field.getByRole('button', { name: 'Add a condition' }).click()
      const lines = field.locator('.st-line')
      /** The left, top, right and bottom of the "and" and of each control of line `n`, rounded. */
      const boxes = (n: number) =>
        lines.nth(n).evaluate((line) =>
          [...line.querySelectorAll('.st-and, input, select, button')].map((el) => {
            const r = el.getBoundingClientRect()
            return [el.matches('.st-and') ? 'and' : el.tagName.toLowerCase(), Math.round(r.left), Math.round(r.top), Math.round(r.right), Math.round(r.bottom)] as const
          }),
        )
      const [first, second] = [await boxes(0), await boxes(1)]
      const and = second.find((b) => b[0] === 'and')!
      const controls = second.filter((b) => b[0] !== 'and')
      // Above the line's first control, not in a column after its last one.
      expect(and[4], `${width}`).toBeLessThanOrEqual(Math.min(...controls.map((b) => b[2])))
      // Each control where the first line has it, as wide.
      expect(controls.map(([tag, left, , right]) => [tag, left, right]), `${width}`).toEqual(first.map(([tag, left, , right]) => [tag, left, right]))
      expect(problems).toEqual([])
      await context.close()
    }
  })

  it('asks before a form edit replaces JSON typed that does not parse yet, and keeps it through edits elsewhere', async () => {
    const { page, context, problems } = await studio({}, '#/surveys/0')
    const box = page.getByRole('textbox', { name: /as JSON$/ })
    const kept = () => page.evaluate(() => (JSON.parse(localStorage.getItem('touchpoint-studio-draft') ?? 'null') as { typed?: { text: string } } | null)?.typed?.text)
    await page.getByRole('button', { name: 'JSON', exact: true }).click()
    const half = (await box.inputValue()).replace(/\n}$/, ',\n  "maxResponses": ')
    await box.fill(half)
    await expect.poll(kept).toBe(half)
    // An edit of another survey, from the list: the text stays.
    await page.getByRole('link', { name: '← All surveys' }).click()
    await page.getByRole('button', { name: 'Pause support-ces' }).click()
    await page.getByRole('button', { name: 'Resume support-ces' }).waitFor()
    expect(await kept()).toBe(half)
    // An edit of this survey in its form: asked first; kept, it is back in the JSON tab with the keyboard.
    await page.getByRole('link', { name: 'Edit product-csat' }).click()
    await page.getByRole('button', { name: 'Form', exact: true }).click()
    const question = page.getByLabel('Question', { exact: true })
    const asked = page.getByRole('dialog', { name: 'Drop the JSON that does not parse yet?' })
    await question.press('End')
    await question.press('!')
    await asked.waitFor()
    expect(await asked.innerText()).toContain('The JSON of product-csat holds text you typed that does not parse yet.')
    await asked.getByRole('button', { name: 'Keep the text, go back to it' }).click()
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('st-survey-json')
    expect(await box.inputValue()).toBe(half)
    expect(await kept()).toBe(half)
    expect((await workingCopy(page))?.surveys[0]?.question).not.toMatch(/!$/)
    // Dropped: the edit is made, and the text is gone.
    await page.getByRole('button', { name: 'Form', exact: true }).click()
    await question.press('End')
    await question.press('!')
    await asked.getByRole('button', { name: 'Drop the text, make this edit' }).click()
    await expect.poll(async () => (await workingCopy(page))?.surveys[0]?.question).toMatch(/!$/)
    expect(await kept()).toBe(undefined)
    expect(await question.inputValue()).toMatch(/!$/)

    // Text that does not parse in one survey's JSON, then in another's: asked too, as one is kept at a time.
    await page.getByRole('button', { name: 'JSON', exact: true }).click()
    await box.fill(half)
    await expect.poll(kept).toBe(half)
    await page.goto(`${collector.url}/#/surveys/json`)
    await box.press('ControlOrMeta+End')
    await box.press('Backspace')
    await asked.waitFor()
    expect(await asked.innerText()).toContain('kept for one JSON view at a time')
    await asked.getByRole('button', { name: 'Keep the text, go back to it' }).click()
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('st-survey-json')
    expect(await box.inputValue()).toBe(half)
    expect(await kept()).toBe(half)
    expect(problems).toEqual([])
    await context.close()
  })

  it('makes New, Duplicate and Delete only once asked about JSON they would drop, and says nothing of one the text was kept over', async () => {
    const { page, context, problems } = await studio({}, '#/surveys/json')
    const box = page.getByRole('textbox', { name: 'Config as JSON' })
    const half = (await box.inputValue()).replace(/\n}$/, ',\n  "more": ')
    await box.fill(half)
    await expect.poll(() => page.locator('.st-bar-text').innerText()).toBe('JSON that does not parse yet')
    await page.getByRole('link', { name: '← All surveys' }).click()
    const asked = page.getByRole('dialog', { name: 'Drop the JSON that does not parse yet?' })
    const bar = page.locator('.st-bar [role=status]')
    const ids = async () => (await workingCopy(page))?.surveys.map((s) => s.id)
    const before = await ids()
    for (const act of [
      () => page.getByRole('button', { name: 'New survey' }).click(),
      () => page.getByRole('button', { name: 'Duplicate checkout-nps' }).click(),
      async () => {
        await page.getByRole('button', { name: 'Delete cart-exit' }).click()
        await page.getByRole('dialog', { name: 'Delete cart-exit?' }).getByRole('button', { name: 'Delete', exact: true }).click()
      },
    ]) {
      await act()
      await asked.waitFor()
      // Asked: still on the list, nothing done, nothing said.
      expect(await page.evaluate(() => location.hash)).toBe('#/surveys')
      expect(await bar.innerText()).toBe('JSON that does not parse yet')
      // Kept: back at the text, and the edit was never made.
      await asked.getByRole('button', { name: 'Keep the text, go back to it' }).click()
      await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/surveys/json')
      expect(await box.inputValue()).toBe(half)
      expect(await bar.innerText()).toBe('JSON that does not parse yet')
      expect(await ids()).toEqual(before)
      await page.getByRole('link', { name: '← All surveys' }).click()
    }
    // Dropped: the copy is made, opened and said.
    await page.getByRole('button', { name: 'Duplicate checkout-nps' }).click()
    await asked.getByRole('button', { name: 'Drop the text, make this edit' }).click()
    await page.getByRole('heading', { name: 'checkout-nps-copy Draft', level: 2 }).waitFor()
    await expect.poll(() => bar.innerText()).toBe('Duplicated as checkout-nps-copy, a draft. · 1 unpublished change')
    expect(problems).toEqual([])
    await context.close()
  })

  it("keeps a survey's JSON that does not parse yet with that survey when others are duplicated or deleted, and asks when it is deleted", async () => {
    const { page, context, problems } = await studio({}, '#/surveys/3')
    const typed = () =>
      page.evaluate(() => (JSON.parse(localStorage.getItem('touchpoint-studio-draft') ?? 'null') as { typed?: { at: string; text: string } } | null)?.typed)
    const box = page.getByRole('textbox', { name: /as JSON$/ })
    await page.getByRole('heading', { name: /^support-ces/, level: 2 }).waitFor()
    await page.getByRole('button', { name: 'JSON', exact: true }).click()
    const half = (await box.inputValue()).replace(/\n}$/, ',\n  "maxResponses": ')
    await box.fill(half)
    await expect.poll(typed).toEqual({ at: 'surveys[3]', text: half, on: expect.any(String) })
    await page.getByRole('link', { name: '← All surveys' }).click()
    const asked = page.getByRole('dialog', { name: 'Drop the JSON that does not parse yet?' })
    // A copy before it, then a delete before it: not asked, and the text moves with support-ces.
    await page.getByRole('button', { name: 'Duplicate product-csat' }).click()
    await page.getByRole('heading', { name: 'product-csat-copy Draft', level: 2 }).waitFor()
    await expect.poll(typed).toMatchObject({ at: 'surveys[4]', text: half })
    await page.getByRole('link', { name: '← All surveys' }).click()
    await page.getByRole('button', { name: 'Delete cart-exit' }).click()
    await page.getByRole('dialog', { name: 'Delete cart-exit?' }).getByRole('button', { name: 'Delete', exact: true }).click()
    await expect.poll(typed).toMatchObject({ at: 'surveys[3]', text: half })
    expect(await asked.count()).toBe(0)
    await page.getByRole('link', { name: 'Edit support-ces' }).click()
    await expect.poll(() => box.inputValue()).toBe(half)
    // Deleting support-ces itself would take the text with it: asked.
    await page.getByRole('link', { name: '← All surveys' }).click()
    await page.getByRole('button', { name: 'Delete support-ces' }).click()
    await page.getByRole('dialog', { name: 'Delete support-ces?' }).getByRole('button', { name: 'Delete', exact: true }).click()
    await asked.waitFor()
    expect(await asked.innerText()).toContain('The JSON of support-ces holds text you typed that does not parse yet.')
    expect(problems).toEqual([])
    await context.close()
  })

  it('opens a survey in its JSON tab when it holds JSON that does not parse yet, whichever tab the editor was left in', async () => {
    const { page, context, problems } = await studio({}, '#/surveys/3')
    const box = page.getByRole('textbox', { name: /as JSON$/ })
    const json = page.getByRole('button', { name: 'JSON', exact: true })
    await page.getByRole('heading', { name: /^support-ces/, level: 2 }).waitFor()
    await json.click()
    const half = (await box.inputValue()).replace(/\n}$/, ',\n  "maxResponses": ')
    await box.fill(half)
    await expect.poll(() => page.locator('.st-bar-text').innerText()).toBe('JSON that does not parse yet')
    // Another survey in the same editor, switched to its form; then Back to the text.
    await page.evaluate(() => (location.hash = '#/surveys/0'))
    await page.getByRole('heading', { name: /^product-csat/, level: 2 }).waitFor()
    await page.getByRole('button', { name: 'Form', exact: true }).click()
    await page.getByLabel('Survey ID').waitFor()
    await page.goBack()
    await page.getByRole('heading', { name: /^support-ces/, level: 2 }).waitFor()
    expect(await json.getAttribute('aria-pressed')).toBe('true')
    expect(await box.inputValue()).toBe(half)
    // Its form is still a click away.
    await page.getByRole('button', { name: 'Form', exact: true }).click()
    await page.getByLabel('Survey ID').waitFor()
    expect(problems).toEqual([])
    await context.close()
  })

  it('says in the publishing bar what Duplicate and Delete did, until the next edit', async () => {
    const { page, context, problems } = await studio()
    const bar = page.locator('.st-bar [role=status]')
    await page.getByRole('button', { name: 'Duplicate checkout-nps' }).click()
    await page.getByRole('heading', { name: 'checkout-nps-copy Draft', level: 2 }).waitFor()
    await expect.poll(() => bar.innerText()).toBe('Duplicated as checkout-nps-copy, a draft. · 1 unpublished change')
    await page.getByRole('link', { name: '← All surveys' }).click()
    await page.getByRole('button', { name: 'Delete cart-exit' }).click()
    await page.getByRole('dialog', { name: 'Delete cart-exit?' }).getByRole('button', { name: 'Delete', exact: true }).click()
    await expect.poll(() => bar.innerText()).toBe('cart-exit deleted from your changes. · 2 unpublished changes')
    // The next edit says only the count: what was done before is no news any more.
    await page.getByRole('link', { name: 'Edit checkout-nps', exact: true }).click()
    await page.getByRole('heading', { name: /^checkout-nps/, level: 2 }).waitFor()
    await page.getByLabel('Touchpoint', { exact: true }).pressSequentially('x')
    await expect.poll(() => bar.innerText()).toBe('3 unpublished changes')
    expect(problems).toEqual([])
    await context.close()
  })

  it('says what is live after Discard changes, not what was done to the changes it dropped', async () => {
    const { page, context, problems } = await studio()
    await page.getByRole('button', { name: 'Duplicate checkout-nps' }).click()
    await page.getByRole('link', { name: '← All surveys' }).click()
    await page.getByRole('button', { name: 'Discard changes' }).click()
    await expect.poll(() => page.locator('.st-bar-text').innerText()).toMatch(/^Version \d+ is live\. Changes you make stay here until you publish them\.$/)
    expect(problems).toEqual([])
    await context.close()
  })

  it("shows another tab's JSON that does not parse yet at once, not after a reload, and its discard too", async () => {
    const { page: first, context, problems } = await studio({}, '#/surveys/json')
    const second = await context.newPage()
    await second.goto(`${collector.url}/#/surveys/json`)
    const box = (page: Page) => page.getByRole('textbox', { name: /as JSON$/ })
    const before = await box(second).inputValue()
    await box(first).fill('{ "surveys": [')
    await expect.poll(() => box(second).inputValue()).toBe('{ "surveys": [')
    expect(await second.locator('#st-config-json-error').innerText()).toMatch(/^Not JSON yet: /)
    await first.getByRole('button', { name: 'Discard changes' }).click()
    await expect.poll(() => box(second).inputValue()).toBe(before)
    expect(await second.locator('#st-config-json-error').count()).toBe(0)
    expect(problems).toEqual([])
    await context.close()
  })

  it('says, where a scroll trigger is edited, that a page too short to scroll never shows it', async () => {
    const { page, context, problems } = await studio()
    await newSurvey(page)
    const trigger = page.getByRole('group', { name: 'Trigger 1' })
    await trigger.getByLabel('Shows on').selectOption('scroll')
    const percent = trigger.getByLabel('Scrolled to')
    // A hint, tied to the field, not a problem: the survey can still be published.
    const described = await percent.evaluate((el) => (el.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent))
    expect(described).toEqual(['Checked as the visitor scrolls: on a page too short to scroll, it never shows. There, use time on the page.'])
    expect(await percent.getAttribute('aria-invalid')).toBe(null)
    expect(await page.getByRole('button', { name: 'Review and publish' }).isEnabled()).toBe(true)
    await page.getByRole('button', { name: 'Discard changes' }).click()
    expect(problems).toEqual([])
    await context.close()
  })

  it('has a form control for every survey field of the JSON Schema, and for every option of every trigger kind', async () => {
    // From the schema the SDK and the collector check against: a field added there without a
    // control in the form fails here. `$schema` only points an editor at the schema: JSON only.
    const schema = JSON.parse(readFileSync(SCHEMA, 'utf8')) as {
      properties: Record<string, unknown>
      $defs: { survey: { properties: Record<string, { properties?: object }> }; trigger: { allOf: { if: { properties: { on: { const?: string; enum?: string[] } } }; then: { properties: object } }[] } }
    }
    const JSON_ONLY = ['$schema']
    const { page, context, problems } = await studio()
    await page.locator('.st-item').first().waitFor()
    /** The field's control, found by the id the checker's path gives it: `null` when there is one, else what is wrong. */
    const missing = async (path: string) =>
      page.evaluate((id) => {
        const el = document.getElementById(id)
        if (!el?.checkVisibility()) return `${id}: not on the page`
        const control = el.matches('input, select, textarea') ? el : el.querySelector<HTMLElement>('input, select, textarea, button')
        if (!control?.checkVisibility()) return `${id}: no control`
        const named = (control as HTMLInputElement).labels?.length || control.getAttribute('aria-label') || (control.tagName === 'BUTTON' && control.textContent?.trim())
        return named ? null : `${id}: a control without a name`
      }, fieldId(path))

    const found: (string | null)[] = []
    for (const key of Object.keys(schema.properties).filter((k) => k !== 'surveys' && !JSON_ONLY.includes(k))) found.push(await missing(key))

    const i = await newSurvey(page)
    const fields = Object.entries(schema.$defs.survey.properties).flatMap(([k, v]) => (k === 'triggers' ? [] : v.properties ? Object.keys(v.properties).map((sub) => `${k}.${sub}`) : [k]))
    expect(fields).toContain('audience.sampleRate')
    await page.getByText('Scale labels').click()
    for (const field of fields) {
      // Some fields belong to one kind of survey: the form shows them for that kind.
      if (field === 'scale') await page.getByRole('radio', { name: /^CES/ }).check()
      if (field === 'style') await page.getByRole('radio', { name: /^CSAT/ }).check()
      found.push(await missing(`surveys[${i}].${field}`))
    }

    const trigger = page.getByRole('group', { name: 'Trigger 1' })
    const kinds = schema.$defs.trigger.allOf.flatMap((c) => (c.if.properties.on.const ? [c.if.properties.on.const] : c.if.properties.on.enum!).map((on) => [on, Object.keys(c.then.properties)] as const))
    expect(kinds.length).toBe(8)
    for (const [on, options] of kinds) {
      await trigger.getByLabel('Shows on').selectOption(on)
      for (const option of options) found.push(await missing(`surveys[${i}].triggers[0].${option}`))
    }
    expect(found.filter(Boolean)).toEqual([])
    expect(problems).toEqual([])
    await context.close()
  })

  it("writes the checker's own message beside the field it is about, tied to it for screen readers", async () => {
    const { page, context, problems } = await studio()
    const i = await newSurvey(page)
    const base = { id: 'new-survey', type: 'nps', triggers: [{ on: 'pageview' }] }
    // The form's words where it shows a value in other units than the JSON: the share in percent.
    const inForm: Record<string, string> = { 'audience.sampleRate': 'audience.sampleRate must be from 0 to 100 % (got 150 %)' }
    const cases: [label: string, typed: string, path: string, survey: Record<string, unknown>][] = [
      ['Survey ID', 'new survey', 'id', { ...base, id: 'new survey' }],
      ['Share of visitors asked', '150', 'audience.sampleRate', { ...base, audience: { sampleRate: 1.5 } }],
      ['Show it at most', '1.5', 'frequency.maxShows', { ...base, frequency: { maxShows: 1.5 } }],
      ['Stop after', '0', 'maxResponses', { ...base, maxResponses: 0 }],
      ['Context each answer carries', 'order id', 'context', { ...base, context: ['order id'] }],
    ]
    for (const [label, typed, path, survey] of cases) {
      // What core's checker says of that survey, at that field.
      const said = configProblems({ surveys: [survey] } as never).filter((p) => p.path === `surveys[0].${path}` || p.path.startsWith(`surveys[0].${path}[`))
      expect(said, path).toHaveLength(1)
      const expected = said.map((p) => inForm[path] ?? p.message)
      const control = page.getByLabel(label, { exact: true })
      await control.fill(typed)
      await expect.poll(() => control.getAttribute('aria-invalid'), { message: path }).toBe('true')
      const beside = await control.evaluate((el) => {
        const field = el.closest('.st-field, fieldset')!
        return (el.getAttribute('aria-describedby') ?? '')
          .split(' ')
          .map((id) => document.getElementById(id))
          .filter((e) => e?.matches('.st-errors') && field.contains(e))
          .flatMap((e) => [...e!.querySelectorAll('li')].map((li) => li.textContent))
      })
      expect(beside, path).toEqual(expected)
      // And in the summary at the top, linking to the field.
      const summary = page.getByRole('region', { name: /to fix before publishing$/ })
      expect(await summary.getByRole('link', { name: expected[0] }).getAttribute('href')).toBe(`#${fieldId(said[0]!.path.replace('surveys[0]', `surveys[${i}]`))}`)
      // The JSON tab keeps the checker's own words.
      if (inForm[path]) {
        await page.getByRole('button', { name: 'JSON', exact: true }).click()
        expect(await page.locator('#st-survey-json-error li').allTextContents()).toEqual(said.map((p) => `${p.path.replace('surveys[0]', `surveys[${i}]`)}: ${p.message}`))
        await page.getByRole('button', { name: 'Form', exact: true }).click()
      }
      await control.fill(label === 'Survey ID' ? 'new-survey' : '')
      await expect.poll(() => control.getAttribute('aria-invalid'), { message: path }).toBe(null)
    }
    expect(await page.getByRole('button', { name: 'Review and publish' }).isEnabled()).toBe(true)
    expect(problems).toEqual([])
    await context.close()
  })

  it('draws the preview at phone width, and back, with the prompt still whole and accessible', async () => {
    const { page, context } = await studio({ bypassCSP: true, reducedMotion: 'reduce' })
    await page.locator('.st-item').first().waitFor()
    await page.evaluate(AXE)
    await page.getByRole('link', { name: 'Edit checkout-nps' }).click()
    await expect.poll(() => previewQuestion(page)).toBe('How likely are you to recommend Northwind Goods to a friend?')
    const widths = () =>
      page.evaluate(() => ({
        stage: document.querySelector('.st-stage')!.getBoundingClientRect().width,
        prompt: document.querySelector('[data-testid=preview]')!.getBoundingClientRect().width,
      }))
    const width = page.getByRole('group', { name: 'Width' })
    const desktop = await widths()
    expect(await width.getByRole('button', { name: 'Desktop' }).getAttribute('aria-pressed')).toBe('true')

    await width.getByRole('button', { name: 'Phone' }).click()
    expect(await width.getByRole('button', { name: 'Phone' }).getAttribute('aria-pressed')).toBe('true')
    expect(await width.getByRole('button', { name: 'Desktop' }).getAttribute('aria-pressed')).toBe('false')
    const phone = await widths()
    // A phone's width, as a frame: 360 px outside, the prompt across it.
    expect(phone.stage).toBe(360)
    expect(phone.stage).toBeLessThan(desktop.stage)
    expect(phone.prompt).toBeLessThan(desktop.prompt)
    expect(phone.prompt).toBeLessThanOrEqual(phone.stage)
    expect(await previewQuestion(page)).toBe('How likely are you to recommend Northwind Goods to a friend?')
    expect(await page.locator('[data-testid=preview] [data-touchpoint]').evaluate((h) => h.shadowRoot!.querySelectorAll('input[type=radio]').length)).toBe(11)
    expect(await violations(page, 'phone preview')).toEqual([])

    await width.getByRole('button', { name: 'Desktop' }).click()
    expect(await widths()).toEqual(desktop)
    await context.close()
  })

  it('builds "Preview on my site" from the page address, with ?touchpoint_preview=<id>, and says when the survey is not live there', async () => {
    const { page, context, problems } = await studio()
    await page.locator('.st-item').first().waitFor()
    await page.getByRole('link', { name: 'Edit checkout-nps' }).click()
    // Without an address it is no link yet (no href): found by its place, not its role.
    const open = page.locator('.st-site a', { hasText: 'Open the page' })
    // No address yet: nothing to open.
    expect(await open.getAttribute('href')).toBe(null)
    expect(await open.getAttribute('aria-disabled')).toBe('true')
    const address = page.getByLabel('Page address')
    expect(await address.evaluate((el) => el.getAttribute('aria-describedby'))).toBe('st-site-hint')
    await address.fill('shop.example.com/account?tab=orders')
    expect(await open.getAttribute('href')).toBe('https://shop.example.com/account?tab=orders&touchpoint_preview=checkout-nps')
    await address.fill(`${shop.url}/support.html`)
    expect(await open.getAttribute('href')).toBe(`${shop.url}/support.html?touchpoint_preview=checkout-nps`)
    expect(await open.getAttribute('target')).toBe('_blank')
    expect(await page.locator('#st-site-hint').innerText()).toMatch(/: this survey is in it\.$/)

    // The link opens the real page, which shows the survey at once, whatever its trigger.
    const [site] = await Promise.all([context.waitForEvent('page'), open.click()])
    await site.getByRole('dialog', { name: 'How likely are you to recommend Northwind Goods to a friend?' }).waitFor()
    await site.close()

    // A survey the site is not served (new here, not published): the link is built, and the studio says to publish it first.
    await page.getByRole('link', { name: '← All surveys' }).click()
    await newSurvey(page)
    expect(await address.inputValue()).toBe(`${shop.url}/support.html`)
    expect(await open.getAttribute('href')).toBe(`${shop.url}/support.html?touchpoint_preview=new-survey`)
    expect(await page.locator('#st-site-hint').innerText()).toMatch(/: publish this survey, live, first\.$/)
    expect(problems).toEqual([])
    await context.close()
  })
})

type Axe = { axe: { run(): Promise<{ violations: { id: string; nodes: { target: unknown }[] }[] }> } }

/** axe-core's violations on the page as it is now, light and dark. */
async function violations(page: Page, where: string): Promise<string[]> {
  const out: string[] = []
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' })
    const { violations } = await page.evaluate(() => (window as unknown as Axe).axe.run())
    out.push(...violations.map((v) => `${where}, ${colorScheme}: ${v.id} ${JSON.stringify(v.nodes.map((n) => n.target))}`))
  }
  return out
}

describe('the studio for everyone', () => {
  it('names each view in the document title, so that a tab strip or a screen reader tells them apart', async () => {
    const { page, context, problems } = await studio()
    const title = () => page.evaluate(() => document.title)
    await expect.poll(title).toBe('Surveys · Touchpoint')
    await page.getByRole('link', { name: 'Edit support-ces' }).click()
    await expect.poll(title).toBe('support-ces · Surveys · Touchpoint')
    await page.goto(`${collector.url}/#/surveys/json`)
    await expect.poll(title).toBe('The whole config · Surveys · Touchpoint')
    await page.getByRole('link', { name: 'History' }).click()
    await expect.poll(title).toBe('History · Surveys · Touchpoint')
    await page.goto(`${collector.url}/#/surveys/99`)
    await expect.poll(title).toBe('No such survey · Surveys · Touchpoint')
    // Back on the charts, the dashboard's own title.
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Dashboard' }).click()
    await expect.poll(title).toBe('Touchpoint · CX dashboard')
    expect(problems).toEqual([])
    await context.close()
  })

  it('says in the publishing bar only what changes: not the same count again on every keystroke', async () => {
    const { page, context, problems } = await studio({}, '#/surveys/0')
    const question = page.getByLabel('Question', { exact: true })
    await question.waitFor()
    // Every change the live region goes through, as a screen reader hears it.
    await page.evaluate(() => {
      const bar = document.querySelector('.st-bar [role=status]')!
      const said: string[] = ((window as unknown as { said: string[] }).said = [])
      new MutationObserver(() => said.push(bar.textContent ?? '')).observe(bar, { subtree: true, childList: true, characterData: true })
    })
    await question.pressSequentially(' Really?')
    await page.getByRole('button', { name: 'JSON', exact: true }).click()
    const box = page.getByRole('textbox', { name: /as JSON$/ })
    // Typed in the JSON: a value that does not parse, then parses at each digit.
    await box.press('ControlOrMeta+End')
    await box.press('ArrowUp')
    await box.press('End')
    await box.pressSequentially(',\n  "maxResponses": 1234')
    await box.press('ControlOrMeta+End')
    await expect.poll(async () => (await workingCopy(page))?.surveys[0]?.maxResponses).toBe(1234)
    const said = await page.evaluate(() => (window as unknown as { said: string[] }).said)
    // Said once each: the count while a word is typed, the JSON that does not parse, the count again.
    expect(said).toEqual(['1 unpublished change', '1 unpublished change · JSON that does not parse yet', '2 unpublished changes'])
    expect(problems).toEqual([])
    await context.close()
  })

  it('keeps its bar while its code loads, and says there when the code could not load, with no accessibility violations', async () => {
    const { page, context } = await openPage(browser, 'about:blank', { token: TOKEN, bypassCSP: true, reducedMotion: 'reduce' })
    let fail = () => {}
    const failing = new Promise<void>((resolve) => (fail = resolve))
    await page.route(/\/Studio-[\w-]+\.js$/, async (route) => {
      await failing
      await route.abort('internetdisconnected')
    })
    await page.goto(`${collector.url}/#/surveys`)
    await page.getByRole('status').filter({ hasText: 'Loading the survey studio…' }).waitFor()
    const sections = page.getByRole('navigation', { name: 'Sections' })
    expect(await sections.getByRole('link', { name: 'Surveys' }).getAttribute('aria-current')).toBe('page')
    // The bar as the studio draws it: nothing in it moves when the studio comes.
    expect(await page.locator('header.topbar').getByRole('link', { name: 'History' }).count()).toBe(1)
    await page.evaluate(AXE)
    const found = await violations(page, 'loading')
    fail()
    expect(await page.getByRole('alert').textContent()).toMatch(/^The survey studio could not be loaded \(.+\)\. Reload the page to try again\.$/)
    expect(await sections.count()).toBe(1)
    found.push(...(await violations(page, 'failed')))
    expect(found).toEqual([])
    await context.close()
  })

  it('has no accessibility violations, light and dark: list, editor with preview, publish, history', async () => {
    // axe reads the page through innerHTML, which Trusted Types refuse: this page runs without the
    // CSP. Without motion, axe sees each colour as it ends, not halfway through a transition.
    const { page, context } = await studio({ bypassCSP: true, reducedMotion: 'reduce' })
    await page.locator('.st-item').first().waitFor()
    await page.evaluate(AXE)
    const found = await violations(page, 'list')

    await page.getByRole('link', { name: 'Edit checkout-nps' }).click()
    await expect.poll(() => previewQuestion(page)).toBe('How likely are you to recommend Northwind Goods to a friend?')
    found.push(...(await violations(page, 'editor')))
    await page.getByRole('button', { name: 'Dark', exact: true }).click()
    await page.getByRole('button', { name: 'Follow-up', exact: true }).click()
    await page.getByRole('region', { name: 'Preview', exact: true }).getByLabel('Language').selectOption('ar')
    await expect.poll(() => page.locator('[data-testid=preview] [data-touchpoint]').evaluate((h) => h.shadowRoot!.querySelector('.tp')?.getAttribute('dir'))).toBe('rtl')
    found.push(...(await violations(page, 'editor, dark Arabic preview')))
    // A problem beside its field, and in the summary.
    await page.getByLabel('Survey ID').fill('checkout nps')
    await page.getByRole('heading', { name: '1 problem to fix before publishing' }).waitFor()
    found.push(...(await violations(page, 'editor with a problem')))
    await page.getByLabel('Survey ID').fill('checkout-nps')
    await page.getByRole('button', { name: 'JSON', exact: true }).click()
    found.push(...(await violations(page, 'JSON tab')))

    await page.getByRole('button', { name: 'Pause', exact: true }).click()
    await page.getByRole('button', { name: 'Review and publish' }).click()
    await page.getByRole('dialog', { name: 'Publish these changes?' }).waitFor()
    found.push(...(await violations(page, 'publish dialog')))
    await page.keyboard.press('Escape')
    await page.getByRole('button', { name: 'Discard changes' }).click()

    await page.getByRole('link', { name: 'History' }).click()
    await page.locator('.st-version').first().waitFor()
    found.push(...(await violations(page, 'history')))
    expect(found).toEqual([])
    await context.close()
  })

  /**
   * Tabs through the page from the top, and returns the controls that Tab never reached (radio
   * buttons count by group: arrow keys move within one).
   */
  async function unreachable(page: Page): Promise<string[]> {
    await page.evaluate(() => {
      const controls = [...document.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, summary')].filter(
        (e) => !(e as HTMLButtonElement).disabled && e.checkVisibility() && (e as HTMLInputElement).type !== 'hidden',
      )
      controls.forEach((e, i) => (e.dataset.kbd = String(i)))
      ;(document.activeElement as HTMLElement | null)?.blur()
    })
    const reached = new Set<string>()
    for (let i = 0; i < 600; i++) {
      await page.keyboard.press('Tab')
      const at = await page.evaluate(() => {
        const a = document.activeElement as HTMLElement | null
        return a?.dataset.kbd ?? (a?.tagName === 'DIV' && a.hasAttribute('data-touchpoint') ? 'preview' : null)
      })
      if (at && reached.has(at) && at === [...reached][0]) break
      if (at) reached.add(at)
    }
    return page.evaluate((seen) => {
      const groups = new Set<string>()
      const missed: string[] = []
      for (const e of document.querySelectorAll<HTMLElement>('[data-kbd]')) {
        const input = e as HTMLInputElement
        if (input.type === 'radio') {
          if (seen.includes(e.dataset.kbd!)) groups.add(input.name)
          continue
        }
        if (!seen.includes(e.dataset.kbd!)) missed.push(`${e.tagName.toLowerCase()} ${e.id || e.textContent?.trim().slice(0, 40)}`)
      }
      for (const e of document.querySelectorAll<HTMLInputElement>('[data-kbd][type=radio]')) if (!groups.has(e.name)) missed.push(`radio group ${e.name}`)
      return [...new Set(missed)]
    }, [...reached])
  }

  it('lets every control be reached with Tab: list, editor, history', async () => {
    const { page, context } = await studio()
    await page.locator('.st-item').first().waitFor()
    expect(await unreachable(page)).toEqual([])
    await page.getByRole('link', { name: 'Edit support-ces' }).click()
    await page.locator('[data-testid=preview] [data-touchpoint]').waitFor({ state: 'attached' })
    // Open what is folded, so that its controls count too.
    await page.getByText('Scale labels').click()
    await page.getByRole('group', { name: 'Trigger 1' }).getByRole('button', { name: 'Add a condition' }).click()
    expect(await unreachable(page)).toEqual([])
    await page.getByRole('button', { name: 'Discard changes' }).click()
    await page.getByRole('link', { name: 'History' }).click()
    await page.locator('.st-version').first().waitFor()
    expect(await unreachable(page)).toEqual([])
    await context.close()
  })

  it('puts the focus on the heading of each view it opens, so that Tab goes on from there and a screen reader reads it', async () => {
    const { page, context, problems } = await studio()
    await page.locator('.st-item').first().waitFor()
    const focused = () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.innerText.trim() ?? '')
    const tabTo = async () => (await page.keyboard.press('Tab'), focused())
    await page.getByRole('link', { name: 'Edit support-ces' }).focus()
    await page.keyboard.press('Enter')
    await expect.poll(focused).toMatch(/^support-ces\s+Live$/)
    // Tab goes on into the survey, not from the top of the page.
    expect(await tabTo()).toBe('Form')
    await page.getByRole('link', { name: '← All surveys' }).focus()
    await page.keyboard.press('Enter')
    await expect.poll(focused).toBe('Surveys')
    expect(await tabTo()).toBe('New survey')
    // A survey deleted from its editor: back on the list's heading, not on a button that is gone.
    await page.keyboard.press('Enter')
    await expect.poll(focused).toMatch(/^new-survey\s+Live$/)
    await page.getByRole('button', { name: 'Delete', exact: true }).focus()
    await page.keyboard.press('Enter')
    await page.getByRole('dialog', { name: 'Delete new-survey?' }).getByRole('button', { name: 'Delete', exact: true }).focus()
    await page.keyboard.press('Enter')
    await expect.poll(focused).toBe('Surveys')
    await page.getByRole('link', { name: 'History' }).focus()
    await page.keyboard.press('Enter')
    await expect.poll(focused).toBe('History')
    expect(problems).toEqual([])
    await context.close()
  })

  it('works with the keyboard alone: create, fill every kind of control, preview, publish, cancel, discard', async () => {
    const { page, context, problems } = await studio()
    await page.locator('.st-item').first().waitFor()
    const key = async (name: string, ...keys: string[]) => {
      for (const k of keys) await page.keyboard.press(k)
      return name
    }
    const focused = () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.id || document.activeElement?.textContent?.trim() || '')
    // Buttons: Enter.
    await page.getByRole('button', { name: 'New survey' }).focus()
    await key('new', 'Enter')
    await page.getByLabel('Survey ID').waitFor()
    // Text boxes: typing.
    await page.getByLabel('Survey ID').focus()
    await page.keyboard.press('ControlOrMeta+a')
    await page.keyboard.type('keyboard-nps')
    // Radio groups: arrow keys.
    await page.getByRole('radio', { name: /^NPS/ }).focus()
    await key('kind', 'ArrowRight')
    expect(await page.getByRole('radio', { name: /^CSAT/ }).isChecked()).toBe(true)
    await key('kind', 'ArrowLeft')
    // Menus: arrow keys.
    await page.getByLabel('Journey stage').focus()
    await key('stage', 'ArrowDown', 'ArrowDown')
    expect(await page.getByLabel('Journey stage').inputValue()).toBe('consideration')
    // Checkboxes: Space.
    await page.getByRole('checkbox', { name: 'Desktop' }).focus()
    await key('device', 'Space')
    expect(await page.getByRole('checkbox', { name: 'Desktop' }).isChecked()).toBe(true)
    // Numbers: arrow keys.
    await page.getByLabel('Share of visitors asked').focus()
    await page.keyboard.type('25')
    await key('sample', 'ArrowUp')
    expect(await page.getByLabel('Share of visitors asked').inputValue()).toBe('26')
    // A date and time, typed.
    await page.getByLabel('Ends').focus()
    await page.keyboard.type('12312030')
    await key('time', 'Tab')
    await page.keyboard.type('0900PM')
    await expect.poll(() => page.getByLabel('Ends').inputValue()).toBe('2030-12-31T21:00')
    // Folded parts: Enter on their summary.
    await page.getByText('Scale labels').focus()
    await key('labels', 'Enter')
    await page.getByRole('textbox', { name: 'Under the lowest score' }).focus()
    await page.keyboard.type('Not at all')
    // The preview's controls: Space on a toggle; the real prompt takes the keyboard too.
    await page.getByRole('button', { name: 'Dark', exact: true }).focus()
    await key('dark', 'Space')
    expect(await page.getByRole('button', { name: 'Dark', exact: true }).getAttribute('aria-pressed')).toBe('true')
    await expect.poll(() => previewQuestion(page)).toBe('How likely are you to recommend us to a friend or colleague?')
    // Publish: the dialog takes the focus, Escape leaves it.
    await page.getByRole('button', { name: 'Review and publish' }).focus()
    await key('publish', 'Enter')
    const dialog = page.getByRole('dialog', { name: 'Publish these changes?' })
    await dialog.waitFor()
    expect(await dialog.locator('.st-diff').innerText()).toContain('keyboard-nps: new NPS survey, on page view of any page')
    expect(await focused()).toBe('st-publish-note')
    await key('escape', 'Escape')
    await expect.poll(() => dialog.count()).toBe(0)
    expect(await focused()).toBe('Review and publish')
    // Discarding by keyboard leaves the published version untouched.
    await page.getByRole('button', { name: 'Discard changes' }).focus()
    await key('discard', 'Enter')
    await expect.poll(() => page.getByRole('button', { name: 'Review and publish' }).count()).toBe(0)
    // The button is gone with the changes: the focus goes to the view's heading, not the page's body.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('st-title')
    expect(problems).toEqual([])
    await context.close()
  })
})

// Last: the pictures in docs/studio.md.
it('looks like a product at 1280 and 360 px (the screenshots in docs/studio.md)', async () => {
  // A quarter of answers, so that the list has figures to show.
  await seed(collector.url, demoAnswers())
  const shots: [string, (page: Page) => Promise<void>][] = [
    ['studio-list', async () => {}],
    ['studio-editor', async (page) => {
      await page.getByRole('link', { name: 'Edit checkout-nps' }).click()
      await page.getByLabel('Share of visitors asked').fill('25')
      await page.getByRole('button', { name: 'Follow-up', exact: true }).click()
      await expect.poll(() => previewQuestion(page)).toBe('How likely are you to recommend Northwind Goods to a friend?')
    }],
    ['studio-publish', async (page) => {
      await page.getByRole('link', { name: 'Edit checkout-nps' }).click()
      await page.getByLabel('Event name').fill('order_paid')
      await page.getByLabel('Share of visitors asked').fill('25')
      await page.getByRole('button', { name: 'Review and publish' }).click()
      await page.getByRole('dialog').getByLabel('Note (optional)').fill('Ask at payment, a quarter of buyers')
    }],
  ]
  for (const width of [1280, 360]) {
    for (const [name, act] of shots) {
      const { page, context, problems } = await studio({ viewport: { width, height: width === 360 ? 780 : 900 } })
      await page.locator('.st-item').first().waitFor()
      await act(page)
      await page.waitForTimeout(300) // the preview settles after the last keystroke
      if (name !== 'studio-publish') await page.evaluate(() => ((document.activeElement as HTMLElement | null)?.blur(), scrollTo(0, 0)))
      // On a phone the preview comes after the form: that is the picture.
      if (name === 'studio-editor' && width === 360) await page.evaluate(() => document.getElementById('st-preview-title')!.scrollIntoView())
      const file = `${name}${width === 360 ? '-360' : ''}.png`
      await screenshot(page, file, { fullPage: name === 'studio-list' })
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width)
      expect(problems).toEqual([])
      await context.close()
    }
  }
})
