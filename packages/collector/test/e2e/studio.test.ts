import { copyFileSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { serveStorefront } from '../../../../examples/storefront/serve.mjs'
import { launchChromium } from '../../../browser/test/e2e/harness/chromium.js'
import { seed } from '../harness/http.js'
import { demoAnswers } from './demo-answers.js'
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
      const path = join(tmpdir(), `tp-${process.pid}-${file}`)
      await page.screenshot({ path, fullPage: name === 'studio-list' })
      if (process.env.TOUCHPOINT_UPDATE_SCREENSHOTS) copyFileSync(path, join(IMAGES, file))
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width)
      expect(problems).toEqual([])
      await context.close()
    }
  }
})
