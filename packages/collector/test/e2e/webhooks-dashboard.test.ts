import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Browser, Locator, Route } from 'playwright-core'
import { launchChromium } from '../../../browser/test/e2e/harness/chromium.js'
import { startTestCollector } from '../../../browser/test/e2e/harness/collector.js'
import { newSecret } from '../../src/webhooks/signature.js'
import { insertWebhook } from '../../src/webhooks/store.js'
import { startWebhookWorker } from '../../src/webhooks/worker.js'
import type { WebhookWorker } from '../../src/webhooks/worker.js'
import { envelope, response } from '../fixtures.js'
import { post, seed } from '../harness/http.js'
import { startReceiver, testClock, travel } from '../webhooks/receiver.js'
import { AXE, everyFrame, gate, openPage, screenshot } from './harness/pages.js'
import type { OpenOptions } from './harness/pages.js'
import type { Receiver } from '../webhooks/receiver.js'

const TOKEN = 'e2e-webhooks-token-0123456789abcdef'
const DAY = 24 * 3600e3

let browser: Browser
let collector: Awaited<ReturnType<typeof startTestCollector>>
let locked: Awaited<ReturnType<typeof startTestCollector>>
let receiver: Receiver
let clock: ReturnType<typeof testClock>
let worker: WebhookWorker

beforeAll(async () => {
  ;[browser, collector, locked, receiver] = await Promise.all([
    launchChromium(),
    // No worker of its own: the tests run one on a clock they move.
    startTestCollector({ allowPrivateWebhooks: true, webhookWorker: false }),
    startTestCollector({ allowPrivateWebhooks: true, webhookWorker: false, adminToken: TOKEN }),
    startReceiver(),
  ])
  clock = testClock()
  worker = startWebhookWorker({ db: collector.db, allowPrivate: true, pollMs: 0, now: clock.now, random: () => 0.5 })
  await seed(collector.url, [response({ surveyId: 'checkout-nps', touchpoint: 'checkout' }), response({ type: 'csat', surveyId: 'delivery-csat', touchpoint: 'delivery', score: 5 })])
})

afterAll(async () => {
  await worker?.stop()
  await browser?.close()
  await Promise.all([collector?.close(), locked?.close(), receiver?.close()])
})

beforeEach(async () => {
  await collector.db.query('TRUNCATE webhooks CASCADE')
  receiver.received.length = 0
  receiver.behave(() => 200)
})

const open = (url: string, options: OpenOptions = {}) => openPage(browser, url, options)

const api = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${collector.url}${path}`, { method, headers: body ? { 'Content-Type': 'application/json' } : {}, body: body === undefined ? undefined : JSON.stringify(body) })
  return res.status === 204 ? undefined : res.json()
}
const hook = (body: Record<string, unknown>) => api('POST', '/v1/webhooks', body)

/** A delivery that failed for good: its receiver answered 500 for a whole day. */
async function failedDelivery(path: string) {
  receiver.behave((r) => (r.path === path ? 500 : 200))
  await post(collector.url, envelope([response({ score: 2, surveyId: 'checkout-nps' })]))
  await worker.runDue()
  clock.advance(DAY + 1000)
  await travel(collector.db, DAY + 1000)
  await worker.runDue()
}

describe('the webhooks page', () => {
  it('is reached from the overview, and lists the webhooks', async () => {
    await hook({ url: receiver.url('/alerts'), format: 'slack', filter: { type: 'nps', scores: [0, 6], withComment: true } })
    const { page, context, problems } = await open(`${collector.url}/`)
    await page.getByRole('link', { name: 'Webhooks' }).click()
    await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor()
    // The page moves the focus and sets the title in an effect, once it is drawn.
    await expect.poll(() => page.evaluate(() => [document.activeElement?.textContent, document.title])).toEqual(['Webhooks', 'Webhooks · Touchpoint'])
    const item = page.locator('.hook')
    expect(await item.innerText()).toContain(receiver.url('/alerts'))
    expect(await item.locator('.hook-filter-text').textContent()).toBe('NPS 0–6 with a comment')
    expect(await item.locator('.hook-format').textContent()).toBe('Slack')
    await page.getByRole('link', { name: 'Dashboard' }).click()
    await page.getByRole('heading', { name: /Touchpoint/, level: 1 }).waitFor()
    // The overview writes its view into the address once drawn: none here, so no hash at all.
    await expect.poll(() => new URL(page.url()).hash).toBe('')
    expect(problems).toEqual([])
    await context.close()
  })

  it('creates a webhook with a filter, and shows its secret once', async () => {
    const { page, context, problems } = await open(`${collector.url}/#webhooks`)
    await page.getByText('None yet: create one below.').waitFor()
    await page.getByLabel('Receiver URL').fill(receiver.url('/created'))
    await page.getByLabel('Slack or Mattermost message').check()
    await page.getByLabel('Survey', { exact: true }).fill('checkout-nps')
    await page.getByLabel('Type').selectOption('nps')
    await page.getByLabel('Scores from').fill('0')
    await page.getByLabel('to', { exact: true }).fill('6')
    await page.getByLabel('Comment').selectOption('with')
    expect(await page.locator('.hook-summary').innerText()).toBe('Sends: NPS 0–6 to checkout-nps with a comment')
    await page.getByRole('button', { name: 'Create webhook' }).click()

    const notice = page.getByRole('region', { name: 'Webhook created' })
    await notice.waitFor()
    // The notice takes the focus in an effect, once it is drawn.
    await expect.poll(() => notice.evaluate((n) => n === document.activeElement)).toBe(true)
    const secret = (await notice.locator('.secret-value').textContent())!
    expect(secret).toMatch(/^whsec_[\w-]{43}$/)
    const [w] = (await api('GET', '/v1/webhooks')).webhooks
    expect(w).toMatchObject({ url: receiver.url('/created'), format: 'slack', filter: { survey: 'checkout-nps', type: 'nps', scores: [0, 6], withComment: true } })
    await page.locator('.hook').waitFor()

    // The secret shown is the one deliveries are signed with.
    receiver.secret('/created', secret)
    await post(collector.url, envelope([response({ surveyId: 'checkout-nps', score: 3, comment: 'Payment failed twice' })]))
    await worker.runDue()
    expect(receiver.received.map((r) => [r.path, r.signed])).toEqual([['/created', true]])

    await page.getByRole('button', { name: 'I have saved it' }).click()
    expect(await notice.count()).toBe(0)
    await page.reload()
    await page.locator('.hook').waitFor()
    expect(await page.content()).not.toContain(secret)
    expect(problems).toEqual([])
    await context.close()
  })

  it('creates a CES filter on the scale chosen with it', async () => {
    const { page, context, problems } = await open(`${collector.url}/#webhooks`)
    await page.getByText('None yet: create one below.').waitFor()
    await page.getByLabel('Receiver URL').fill(receiver.url('/ces'))
    await page.getByLabel('Type').selectOption({ label: 'CES, 5 points' })
    await page.getByLabel('Scores from').fill('4')
    expect(await page.locator('.hook-summary').innerText()).toBe('Sends: CES (5-point) 4–5')
    await page.getByLabel('Scores from').fill('6')
    expect(await page.locator('.hook-summary').innerText()).toBe('Scores must be whole numbers on the 5-point CES scale 1–5, the lower first (not 6 to 5).')
    await page.getByLabel('Type').selectOption({ label: 'CES, 7 points' })
    await page.getByLabel('Scores from').fill('1')
    await page.getByLabel('to', { exact: true }).fill('3')
    await page.getByRole('button', { name: 'Create webhook' }).click()
    await page.getByRole('region', { name: 'Webhook created' }).waitFor()
    const [w] = (await api('GET', '/v1/webhooks')).webhooks
    expect(w.filter).toEqual({ type: 'ces', scale: 7, scores: [1, 3] })
    expect(await page.locator('.hook').innerText()).toContain('CES (7-point) 1–3')
    expect(problems).toEqual([])
    await context.close()
  })

  it('says why the collector refused a webhook', async () => {
    const strict = await startTestCollector({ webhookWorker: false })
    const { page, context } = await open(`${strict.url}/#webhooks`)
    // The list has loaded: what moves the button from here on is the refusal's.
    await page.getByText('None yet: create one below.').waitFor()
    await page.getByLabel('Receiver URL').fill('https://127.0.0.1/hook')
    const create = page.getByRole('button', { name: 'Create webhook' })
    const top = () => create.evaluate((b) => b.getBoundingClientRect().top)
    const before = await top()
    await create.click()
    expect(await page.getByRole('alert').textContent()).toMatch(/^url: 127\.0\.0\.1 is not a public address/)
    // Said under the button: the button stays under the pointer.
    expect(await top()).toBe(before)
    await context.close()
    await strict.close()
  })

  it.each([0, 1])('draws the form with the list, where it stays as the list arrives (%i webhooks)', async (count) => {
    // A row is taller than the line shown while the list loads.
    if (count) await hook({ url: receiver.url('/row') })
    const { page, context } = await open('about:blank')
    const list = await gate(page, /\/v1\/webhooks$/)
    const frames = await everyFrame(page, () => [...document.querySelectorAll('button')].find((b) => b.textContent === 'Create webhook')?.getBoundingClientRect().top)
    await page.goto(`${collector.url}/#webhooks`)
    await page.getByText('Loading…').waitFor()
    list.release()
    await page.getByText(count ? receiver.url('/row') : 'None yet: create one below.').waitFor()
    await page.getByRole('button', { name: 'Create webhook' }).waitFor()
    // Where the Create webhook button was, on every frame it was there.
    const tops = (await frames.seen()).filter((top) => typeof top === 'number')
    expect(tops.length).toBeGreaterThan(0)
    expect(new Set(tops).size).toBe(1)
    await context.close()
  })

  it('draws the form without the list when the list cannot be loaded, and not before it when only the suggestions fail', async () => {
    const down = { status: 503, contentType: 'application/json', body: JSON.stringify({ error: 'the database does not answer right now: retry later' }) }
    const { page, context } = await open('about:blank')
    await page.route(/\/v1\/stats\?/, (route) => route.fulfill(down))
    const list = await gate(page, /\/v1\/webhooks$/)
    await page.goto(`${collector.url}/#webhooks`)
    await page.getByRole('alert').waitFor()
    expect(await page.getByRole('button', { name: 'Create webhook' }).count()).toBe(0)
    expect(await page.getByText('Loading…').count()).toBe(1)
    list.release()
    await page.getByText('None yet: create one below.').waitFor()
    await page.getByRole('button', { name: 'Create webhook' }).waitFor()

    // The list fails: the form is there all the same, the page says why, and nothing says "Loading…".
    await page.unroute(/\/v1\/webhooks$/)
    await page.route(/\/v1\/webhooks$/, (route) => route.fulfill(down))
    await page.reload()
    await page.getByRole('button', { name: 'Create webhook' }).waitFor()
    expect(await page.getByRole('alert').textContent()).toBe('the database does not answer right now: retry later')
    expect(await page.getByText('Loading…').count()).toBe(0)
    await context.close()
  })

  it('shows the deliveries, and retries a failed one', async () => {
    const w = await hook({ url: receiver.url('/flaky') })
    await failedDelivery('/flaky')
    const { page, context, problems } = await open(`${collector.url}/#webhooks`)
    expect(await page.locator('.hook-counts').textContent()).toBe('0 waiting · 1 failed')
    await page.getByRole('button', { name: 'Deliveries' }).click()
    const row = page.locator('.deliveries tbody tr')
    await row.waitFor()
    const cells = async () => (await row.locator('th, td').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim())
    expect(await cells()).toEqual([expect.stringMatching(/^NPS 2 · checkout /), 'Failed 2 attempts', 'the receiver answered 500', 'Retry'])

    receiver.behave(() => 200)
    await row.getByRole('button', { name: 'Retry' }).click()
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Delivery of NPS 2 · checkout queued: it is sent within seconds.')
    // Said in its row too, where the user is, however far down the table.
    expect(await row.locator('.retry-note').textContent()).toBe('Queued: it is sent within seconds.')
    expect((await cells()).slice(1, 3)).toEqual(['Retrying 2 attempts', expect.stringMatching(/^the receiver answered 500 Next attempt .* Queued: it is sent within seconds\.$/)])
    await worker.runDue()
    await page.getByRole('button', { name: 'Refresh' }).click()
    await expect.poll(async () => (await cells())[1]).toBe('Delivered 3 attempts')
    expect((await cells()).slice(2)).toEqual(['Answered 200', ''])
    await page.getByRole('button', { name: 'Failed', exact: true }).click()
    await page.getByText('None with this status.').waitFor()
    expect(receiver.accepted('/flaky').map((r) => r.json.webhook)).toEqual([w.id])
    expect(problems).toEqual([])
    await context.close()
  })

  it('keeps the list where it is when a status or an error appears, wide and narrow', async () => {
    // Two clicks in a row on a button must land on the same row: nothing above the list may grow.
    const first = await hook({ url: receiver.url('/a-rather-long-path/for-the-status-line/that-wraps-on-a-phone') })
    await hook({ url: receiver.url('/second') })
    for (const viewport of [{ width: 1280, height: 900 }, { width: 360, height: 800 }]) {
      const { page, context, problems } = await open(`${collector.url}/#webhooks`, { viewport })
      const row = page.locator(`[data-webhook="${first.id}"]`)
      await row.waitFor()
      const top = () => page.locator('.hooks').evaluate((l) => l.getBoundingClientRect().top)
      const before = await top()
      const status = page.getByRole('status').first()
      await row.getByRole('button', { name: 'Send a test' }).click()
      await expect.poll(() => status.textContent()).toMatch(/^Test delivered/)
      expect(await top()).toBe(before)
      await row.getByRole('button', { name: 'Turn off' }).click()
      await expect.poll(() => status.textContent()).toMatch(/^Turned off: the webhook to /)
      expect(await top()).toBe(before)
      // The list has been read again (the button says so), before the webhook goes: a read that
      // came after the delete would take the row away with its button.
      const turnOn = row.getByRole('button', { name: 'Turn on' })
      await turnOn.waitFor()
      // An action that fails says why in the same place: the webhook was deleted meanwhile.
      await api('DELETE', `/v1/webhooks/${first.id}`)
      await turnOn.click()
      await page.getByRole('alert').waitFor()
      expect(await page.getByRole('alert').textContent()).toMatch(/not found|no webhook/i)
      expect(await top()).toBe(before)
      expect(problems.filter((p) => !p.includes('404'))).toEqual([])
      await context.close()
      await hook({ url: receiver.url('/a-rather-long-path/for-the-status-line/that-wraps-on-a-phone') }).then((w) => Object.assign(first, w))
    }
  })

  it('says why the list or the deliveries did not load in full, wrapped, however narrow; a one-line error moves nothing', async () => {
    const w = await hook({ url: receiver.url('/load-errors') })
    const long =
      'the database did not answer in time: could not reach postgres://touchpoint@db-primary.internal.example.com:5432/touchpoint_production_answers_and_webhooks (ETIMEDOUT), try again in a moment'
    const fail = (message: string) => async (route: Route) =>
      route.request().method() === 'GET' ? route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: message }) }) : route.fallback()
    /** The error shown whole: no text past its box, the box inside the screen and above what follows it. */
    const whole = (alert: Locator) =>
      alert.evaluate((p) => {
        const text = document.createRange()
        text.selectNodeContents(p)
        const box = p.getBoundingClientRect()
        const words = text.getBoundingClientRect()
        const next = p.parentElement!.nextElementSibling!.getBoundingClientRect()
        return {
          text: p.textContent,
          inBox: p.scrollWidth <= p.clientWidth && p.scrollHeight <= p.clientHeight && words.right <= box.right + 0.5 && words.bottom <= box.bottom + 0.5,
          onScreen: box.left >= 0 && box.right <= innerWidth,
          aboveNext: box.bottom <= next.top + 0.5,
          pageWidth: document.documentElement.scrollWidth,
        }
      })
    for (const viewport of [{ width: 1280, height: 900 }, { width: 360, height: 800 }]) {
      const { page, context } = await open(`${collector.url}/#webhooks`, { viewport })
      const row = page.locator(`[data-webhook="${w.id}"]`)
      await row.waitFor()
      await row.getByRole('button', { name: 'Deliveries' }).click()
      await page.locator('.deliveries-panel').getByText('No deliveries yet', { exact: false }).waitFor()
      const top = (selector: string) => page.locator(selector).first().evaluate((e) => e.getBoundingClientRect().top)
      const [hooks, deliveries] = [await top('.hooks'), await top('.deliveries-panel p.muted')]

      // The list fails to load, then the deliveries, with a one-line error: nothing moves.
      await page.route(/\/v1\/webhooks($|\?)/, fail('the collector answered 503'))
      await page.route(/\/deliveries\?/, fail('the collector answered 503'))
      await page.getByRole('button', { name: 'Refresh' }).click()
      await expect.poll(() => page.getByRole('alert').count()).toBe(2)
      expect([await top('.hooks'), await top('.deliveries-panel p.muted')]).toEqual([hooks, deliveries])

      // A long one is said whole, on as many lines as it takes, with nothing cut or scrolled sideways.
      await page.unrouteAll()
      await page.route(/\/v1\/webhooks($|\?)/, fail(long))
      await page.route(/\/deliveries\?/, fail(long))
      await page.getByRole('button', { name: 'Refresh' }).click()
      const alerts = [page.locator('.page-feedback [role="alert"]'), page.locator('.feedback-line [role="alert"]')]
      for (const alert of alerts) {
        await expect.poll(() => alert.textContent()).toBe(long)
        expect(await whole(alert)).toEqual({ text: long, inBox: true, onScreen: true, aboveNext: true, pageWidth: viewport.width })
      }
      await context.close()
    }
  })

  it('says what an action did in its row, whole and in view, however far down the list and however narrow', async () => {
    const long = '/a-rather-long-path/for-an-outcome/that-would-not-fit-on-one-line-of-a-phone'
    for (let i = 0; i < 6; i++) await hook({ url: receiver.url(`/before-${i}`) })
    const last = await hook({ url: receiver.url(long) })
    receiver.behave((r) => (r.path === long ? 500 : 200))
    for (const viewport of [{ width: 1280, height: 700 }, { width: 360, height: 700 }]) {
      const { page, context, problems } = await open(`${collector.url}/#webhooks`, { viewport })
      const row = page.locator(`[data-webhook="${last.id}"]`)
      const button = row.getByRole('button', { name: 'Send a test' })
      await button.scrollIntoViewIfNeeded()
      const top = () => button.evaluate((b) => b.getBoundingClientRect().top)
      const before = await top()
      await button.click()
      const outcome = row.locator('.hook-outcome')
      await expect.poll(() => outcome.textContent()).toBe(`Test not delivered (the receiver answered 500) to ${receiver.url(long)}.`)
      // In view, where the button was clicked, which has not moved…
      const box = (await outcome.boundingBox())!
      expect(box.y >= 0 && box.y + box.height <= viewport.height).toBe(true)
      expect(await top()).toBe(before)
      // …and whole: wrapped, not cut short, and the page does not scroll sideways for it.
      expect(await outcome.evaluate((p) => p.scrollWidth <= p.clientWidth)).toBe(true)
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(viewport.width)
      expect(await page.getByRole('status').first().textContent()).toBe(`Test not delivered (the receiver answered 500) to ${receiver.url(long)}.`)
      await row.getByRole('button', { name: 'Turn off' }).click()
      await expect.poll(() => outcome.textContent()).toBe(`Turned off: the webhook to ${receiver.url(long)}.`)
      expect(await top()).toBe(before)
      await row.getByRole('button', { name: 'Turn on' }).click()
      await expect.poll(() => outcome.textContent()).toBe(`Turned on: the webhook to ${receiver.url(long)}.`)
      expect(problems).toEqual([])
      await context.close()
    }
  })

  it('does an action once when its button is clicked twice while it runs', async () => {
    const w = await hook({ url: receiver.url('/twice') })
    const { page, context, problems } = await open(`${collector.url}/#webhooks`)
    const row = page.locator(`[data-webhook="${w.id}"]`)
    const status = page.getByRole('status').first()
    await row.getByRole('button', { name: 'Send a test' }).dblclick()
    await expect.poll(() => status.textContent()).toMatch(/^Test delivered/)
    expect(receiver.received.filter((r) => r.path === '/twice')).toHaveLength(1)
    await row.getByRole('button', { name: 'Delete' }).click()
    await row.getByRole('button', { name: 'Confirm delete' }).dblclick()
    await expect.poll(() => status.textContent()).toBe(`Deleted: the webhook to ${receiver.url('/twice')}.`)
    await expect.poll(() => row.count()).toBe(0)
    // The second click asked for nothing: no "no webhook" error after the webhook was deleted.
    expect(await page.getByRole('alert').count()).toBe(0)
    expect(problems).toEqual([])
    await context.close()
  })

  it('keeps the deliveries where they are when a retry is refused, so that a second click hits the same row', async () => {
    const w = await hook({ url: receiver.url('/refused') })
    await failedDelivery('/refused')
    await failedDelivery('/refused')
    const { page, context } = await open(`${collector.url}/#webhooks`)
    await page.getByRole('button', { name: 'Deliveries' }).click()
    const rows = page.locator('.deliveries tbody tr')
    await rows.nth(1).waitFor()
    const top = () => rows.nth(1).evaluate((r) => r.getBoundingClientRect().top)
    const before = await top()
    // Turned off meanwhile (the page still shows it on): the collector refuses the retry, and says why.
    await api('PATCH', `/v1/webhooks/${w.id}`, { enabled: false })
    await rows.nth(1).getByRole('button', { name: 'Retry' }).click()
    // Said in full in the row whose retry was refused, under its button.
    await expect.poll(() => rows.nth(1).getByRole('alert').textContent()).toMatch(/^Not retried: webhook \S+ is turned off/)
    expect(await top()).toBe(before)
    await context.close()
  })

  it('is used by keyboard alone', async () => {
    await hook({ url: receiver.url('/keys') })
    const { page, context } = await open(`${collector.url}/#webhooks`)
    await page.locator('.hook').waitFor()
    // From the heading (where the page puts the focus), Tab walks every control in reading order.
    const names: string[] = []
    for (let i = 0; i < 18; i++) {
      await page.keyboard.press('Tab')
      names.push(
        await page.evaluate(() => {
          const el = document.activeElement as HTMLInputElement
          if (el === document.body) return '(out of the page)'
          return el.labels?.[0]?.textContent?.trim() || el.getAttribute('aria-label') || el.textContent!.trim()
        }),
      )
    }
    expect(names).toEqual([
      'Refresh', 'Deliveries', 'Send a test', 'Turn off', 'Delete', 'Detractor alert recipe', 'Receiver URL',
      'JSON: the answer as the SDK sent it', 'Survey', 'Touchpoint', 'Journey stage', 'Type', 'Comment', 'Create webhook',
      '(out of the page)', 'Dashboard', 'Surveys', 'Webhooks',
    ])

    // Create one: the recipe, a URL, Enter.
    await page.getByRole('button', { name: 'Detractor alert recipe' }).focus()
    await page.keyboard.press('Enter')
    await page.getByLabel('Receiver URL').focus()
    await page.keyboard.type(receiver.url('/keyboard'))
    await page.keyboard.press('Enter')
    const notice = page.getByRole('region', { name: 'Webhook created' })
    await notice.waitFor()
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('secret-notice'))).toBe(true)
    await page.keyboard.press('Tab')
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('I have saved it')
    await page.keyboard.press('Enter')
    expect(await notice.count()).toBe(0)
    const [, created] = (await api('GET', '/v1/webhooks')).webhooks
    expect(created).toMatchObject({ format: 'slack', filter: { type: 'nps', scores: [0, 6], withComment: true } })

    // Open a webhook's deliveries with Space.
    const toggle = page.locator('.hook').first().getByRole('button', { name: 'Deliveries' })
    await toggle.focus()
    await page.keyboard.press('Space')
    expect(await toggle.getAttribute('aria-expanded')).toBe('true')
    await page.getByRole('heading', { name: /^Deliveries/ }).waitFor()
    await context.close()
  })

  it('keeps the keyboard where the deleted webhook was: on the note that takes its row\'s place, in view', async () => {
    const gone = await hook({ url: receiver.url('/goes') })
    await hook({ url: receiver.url('/stays') })
    const { page, context, problems } = await open(`${collector.url}/#webhooks`)
    const row = page.locator(`[data-webhook="${gone.id}"]`)
    await row.getByRole('button', { name: 'Delete' }).focus()
    await page.keyboard.press('Enter')
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Confirm delete')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe(`Deleted: the webhook to ${receiver.url('/goes')}.`)
    await expect.poll(() => row.count()).toBe(0)
    const note = page.locator('.hook-gone')
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(`Deleted: the webhook to ${receiver.url('/goes')}.`)
    expect(await note.evaluate((n) => n === document.activeElement)).toBe(true)
    // The next Tab goes on through the list, from where the deleted row was: the next webhook's first button.
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => [document.activeElement?.textContent, document.activeElement?.closest('[data-webhook]') !== null])).toEqual(['Deliveries', true])
    expect(problems).toEqual([])
    await context.close()
  })

  it('keeps the keyboard on the list when the secret notice goes: on "Your webhooks", where the new webhook is', async () => {
    const { page, context, problems } = await open(`${collector.url}/#webhooks`)
    await page.getByText('None yet: create one below.').waitFor()
    await page.getByLabel('Receiver URL').fill(receiver.url('/saved'))
    await page.getByRole('button', { name: 'Create webhook' }).click()
    const notice = page.getByRole('region', { name: 'Webhook created' })
    await page.locator('.hook').waitFor()
    await notice.getByRole('button', { name: 'I have saved it' }).focus()
    await page.keyboard.press('Enter')
    expect(await notice.count()).toBe(0)
    // Not the page's start: the heading of the list just under where the notice was.
    expect(await page.evaluate(() => [document.activeElement?.tagName, document.activeElement?.textContent?.trim()])).toEqual(['H2', 'Your webhooks'])
    // Tab goes on from there, into the list and the new webhook's buttons.
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Refresh')
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => [document.activeElement?.textContent, document.activeElement?.closest('[data-webhook]') !== null])).toEqual(['Deliveries', true])
    expect(problems).toEqual([])
    await context.close()
  })

  it('says when a delivery waits behind an earlier answer of its survey, where Retry now would skip nothing', async () => {
    const w = await hook({ url: receiver.url('/line') })
    receiver.behave(() => 500)
    // Two answers fail for a day: the first's last attempt fails, then the second's only one (it
    // waited behind the first until then).
    // Answered a minute apart: the line of the survey goes in answer order, score 1 first.
    const at = (minute: number) => `2026-11-20T10:0${minute}:00.000Z`
    await post(collector.url, envelope([response({ surveyId: 'checkout-nps', score: 1, answeredAt: at(0) }), response({ surveyId: 'checkout-nps', score: 2, answeredAt: at(1) })]))
    await worker.runDue()
    clock.advance(DAY + 1000)
    await travel(collector.db, DAY + 1000)
    await worker.runDue()
    const { page, context, problems } = await open(`${collector.url}/#webhooks`)
    await page.locator(`[data-webhook="${w.id}"]`).getByRole('button', { name: 'Deliveries' }).click()
    const rows = page.locator('.deliveries tbody tr')
    await rows.nth(1).waitFor()
    const cells = async (n: number) => (await rows.nth(n).locator('th, td').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim())
    expect((await cells(0)).slice(1)).toEqual(['Failed 1 attempt', 'the receiver answered 500', 'Retry'])
    expect((await cells(1)).slice(1)).toEqual(['Failed 2 attempts', 'the receiver answered 500', 'Retry'])

    // The earlier answer first: it is the first of its line, and goes at once.
    await rows.nth(1).getByRole('button', { name: 'Retry' }).click()
    await expect.poll(() => rows.nth(1).locator('.retry-note').textContent()).toBe('Queued: it is sent within seconds.')
    // The later one then waits behind it: said so, and its button (nothing to skip) gives its focus to its row.
    await rows.nth(0).getByRole('button', { name: 'Retry' }).focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Delivery of NPS 2 · checkout queued: it is sent after the earlier answers of its survey.')
    expect((await cells(0)).slice(1)).toEqual([
      'Retrying 1 attempt',
      'the receiver answered 500 After the earlier answers of this survey Queued.',
      '',
    ])
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('tr')?.rowIndex)).toBe(1)
    await page.getByRole('button', { name: 'Refresh' }).click()
    await expect.poll(async () => (await cells(1)).slice(3)).toEqual(['Retry now'])
    expect((await cells(0)).slice(2)).toEqual(['the receiver answered 500 After the earlier answers of this survey Queued.', ''])
    expect((await cells(1)).slice(2)).toEqual([expect.stringMatching(/^the receiver answered 500 Next attempt /), 'Retry now'])

    // Once the receiver is back, both go, in order.
    receiver.behave(() => 200)
    await worker.runDue()
    expect(receiver.accepted('/line').map((r) => r.json.score)).toEqual([1, 2])
    expect(problems).toEqual([])
    await context.close()
  })

  it('keeps the rows Show more brought when one of them is retried', async () => {
    const w = await hook({ url: receiver.url('/long') })
    await failedDelivery('/long')
    receiver.behave(() => 200)
    await post(collector.url, envelope(Array.from({ length: 25 }, (_, i) => response({ surveyId: 'delivery-csat', type: 'csat', score: 1 + (i % 5) }))))
    await worker.runDue()
    const { page, context, problems } = await open(`${collector.url}/#webhooks`)
    await page.locator(`[data-webhook="${w.id}"]`).getByRole('button', { name: 'Deliveries' }).click()
    await page.getByRole('button', { name: 'Show more' }).click()
    const rows = page.locator('.deliveries tbody tr')
    await rows.nth(25).waitFor()
    // The failed one, oldest, came with the second page.
    await rows.nth(25).getByRole('button', { name: 'Retry' }).click()
    await expect.poll(() => rows.nth(25).locator('.retry-note').textContent()).toBe('Queued: it is sent within seconds.')
    await expect.poll(() => page.locator('.hook-counts').textContent()).toBe('1 waiting · 0 failed')
    expect(await rows.count()).toBe(26)
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Retry now')
    expect(problems).toEqual([])
    await context.close()
  })

  it('keeps the focus on Retry, Retry now and Show more while they work, and asks once for a second press', async () => {
    const w = await hook({ url: receiver.url('/busy') })
    await failedDelivery('/busy')
    // One more, waiting (no worker runs): newest first, Retry now, then the failed one's Retry.
    const answers = (n: number) => envelope(Array.from({ length: n }, (_, i) => response({ surveyId: 'checkout-nps', score: i % 11 })))
    await post(collector.url, answers(1))
    const { page, context, problems } = await open(`${collector.url}/#webhooks`)
    await page.locator(`[data-webhook="${w.id}"]`).getByRole('button', { name: 'Deliveries' }).click()
    const rows = page.locator('.deliveries tbody tr')
    await rows.nth(1).waitFor()
    /** Holds the requests to the URLs `test` matches (with `method`, if given) until `release()`, and lists them. */
    const hold = async (test: (url: URL) => boolean, method?: string) => {
      let open!: () => void
      const gate = new Promise<void>((r) => (open = r))
      const seen: string[] = []
      await page.route(test, async (route) => {
        if (method && route.request().method() !== method) return route.fallback()
        seen.push(route.request().url())
        await gate
        await route.fallback()
      })
      return { seen, release: open }
    }
    const focused = () => page.evaluate(() => [document.activeElement?.textContent, document.activeElement?.getAttribute('aria-disabled') ?? null])

    for (const [name, row] of [['Retry now', 0], ['Retry', 1]] as const) {
      const retries = await hold((url) => url.pathname.endsWith('/retry'), 'POST')
      await rows.nth(row).getByRole('button', { name, exact: true }).focus()
      await page.keyboard.press('Enter')
      await expect.poll(() => retries.seen.length, { message: name }).toBe(1)
      // Busy: said so, and still focused (not dropped to the page); a second press meanwhile asks for nothing.
      expect(await focused(), name).toEqual([name, 'true'])
      await page.keyboard.press('Enter')
      retries.release()
      await expect.poll(() => rows.nth(row).locator('.retry-note').count(), { message: name }).toBe(1)
      await expect.poll(focused, { message: name }).toEqual(['Retry now', null])
      expect(retries.seen, name).toHaveLength(1)
      await page.unrouteAll()
    }

    // 25 more: a page of 25, and Show more for the last two.
    await post(collector.url, answers(25))
    await page.getByRole('button', { name: 'Refresh' }).click()
    const more = page.getByRole('button', { name: 'Show more' })
    await more.waitFor()
    const pages = await hold((url) => url.pathname.endsWith('/deliveries') && url.searchParams.has('before'))
    await more.focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => pages.seen.length).toBe(1)
    expect(await focused()).toEqual(['Loading…', 'true'])
    await page.keyboard.press('Enter')
    pages.release()
    // The last page takes the button away: the focus goes to the first delivery it brought.
    await rows.nth(26).waitFor()
    expect(await more.count()).toBe(0)
    expect(pages.seen).toHaveLength(1)
    expect(await rows.count()).toBe(27)
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('tr')?.rowIndex)).toBe(26)
    expect(problems).toEqual([])
    await context.close()
  })

  it('asks for the admin token when the collector has one', async () => {
    const { page, context } = await open(`${locked.url}/#webhooks`)
    await page.getByLabel('Admin token').fill(TOKEN)
    await page.getByRole('button', { name: 'Open the dashboard' }).click()
    await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor()
    await page.getByText('None yet: create one below.').waitFor()
    await context.close()
  })

  it('has no accessibility violations, light and dark', async () => {
    const w = await hook({ url: receiver.url('/a11y'), format: 'slack', filter: { type: 'nps', scores: [0, 6] } })
    await failedDelivery('/a11y')
    const { page, context } = await open(`${collector.url}/#webhooks`, { bypassCSP: true })
    await page.getByRole('button', { name: 'Deliveries' }).click()
    await page.locator('.deliveries tbody tr').waitFor()
    // With a status on the page's line and a refused retry's reason in its row.
    // The list is read again after the test: turned off before that, the page would show it off
    // and its Retry could not be clicked.
    const listed = page.waitForResponse((r) => r.request().method() === 'GET' && new URL(r.url()).pathname === '/v1/webhooks')
    await page.getByRole('button', { name: 'Send a test' }).click()
    await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/^Test not delivered \(the receiver answered 500\)/)
    await listed
    await api('PATCH', `/v1/webhooks/${w.id}`, { enabled: false })
    await page.getByRole('button', { name: 'Retry' }).click()
    await page.locator('.retry-error').waitFor()
    await page.getByLabel('Receiver URL').fill(receiver.url('/a11y-2'))
    await page.getByRole('button', { name: 'Create webhook' }).click()
    await page.getByRole('region', { name: 'Webhook created' }).waitFor()
    await page.evaluate(AXE)
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme })
      const { violations } = await page.evaluate(() => (window as unknown as { axe: { run(): Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }).axe.run())
      expect(violations.map((v) => `${colorScheme}: ${v.id} (${v.nodes.length})`)).toEqual([])
    }
    await context.close()
  })
})

// The screenshots in docs/webhooks.md: a detractor alert, a CRM hook with deliveries in every state, one turned off.
it('looks like the rest of the dashboard, wide and narrow (the screenshots in docs/webhooks.md)', async () => {
  // Slack's address cannot be resolved from the test machine: this one is stored as is.
  await insertWebhook(collector.db, randomUUID(), newSecret(), {
    url: 'https://hooks.slack.com/services/T0A1B2C3D/B0E4F5G6H/…',
    events: ['answer'],
    format: 'slack',
    filter: { type: 'nps', scores: [0, 6], withComment: true },
    enabled: true,
  })
  const crm = await hook({ url: receiver.url('/crm'), filter: { survey: 'checkout-nps' } })
  const gone = await hook({ url: receiver.url('/old-ticketing'), filter: { touchpoint: 'delivery', stage: 'retention' } })
  receiver.behave((r) => (r.path === '/old-ticketing' ? 410 : r.json?.score === 4 ? 503 : 200))
  await post(collector.url, envelope([
    response({ surveyId: 'checkout-nps', score: 9, answeredAt: '2026-11-20T09:12:00.000Z' }),
    response({ surveyId: 'checkout-nps', score: 4, answeredAt: '2026-11-20T09:40:00.000Z' }),
    response({ surveyId: 'checkout-nps', score: 10, answeredAt: '2026-11-20T10:05:00.000Z' }),
    response({ type: 'csat', surveyId: 'delivery-csat', touchpoint: 'delivery', stage: 'retention', score: 2, comment: 'Late again' }),
  ]))
  // On the real clock: the 503 is retried soon, as it would be.
  const now = startWebhookWorker({ db: collector.db, allowPrivate: true, pollMs: 0 })
  await now.runDue()
  await now.stop()
  expect((await api('GET', `/v1/webhooks/${gone.id}`)).enabled).toBe(false)
  await post(collector.url, envelope([response({ surveyId: 'checkout-nps', score: 8 })]))
  for (const [name, options] of [
    ['webhooks.png', { viewport: { width: 1280, height: 900 } }],
    ['webhooks-mobile.png', { viewport: { width: 360, height: 800 }, isMobile: true, hasTouch: true }],
    ['webhooks-dark.png', { viewport: { width: 1280, height: 900 }, colorScheme: 'dark' }],
  ] as const) {
    const { page, context, problems } = await open(`${collector.url}/#webhooks`, options)
    await page.locator(`[data-webhook="${crm.id}"]`).getByRole('button', { name: 'Deliveries' }).click()
    await page.locator('.deliveries tbody tr').nth(3).waitFor()
    // No horizontal scrolling of the page itself, however narrow (a mobile browser would zoom out to fit it).
    expect(await page.evaluate(() => [innerWidth, document.documentElement.scrollWidth])).toEqual([options.viewport.width, options.viewport.width])
    // However it is laid out, the table is still a table to assistive technology: its rows and cells.
    const cdp = await context.newCDPSession(page)
    const { nodes } = await cdp.send('Accessibility.getFullAXTree')
    const roles = nodes.map((n) => n.role?.value).filter((r) => ['table', 'row', 'cell', 'rowheader', 'columnheader'].includes(r as string))
    expect(roles.filter((r) => r === 'row')).toHaveLength(5)
    expect(roles.filter((r) => r === 'rowheader')).toHaveLength(4)
    expect(roles.filter((r) => r === 'columnheader')).toHaveLength(4)
    await screenshot(page, name, { fullPage: true })
    expect(problems).toEqual([])
    await context.close()
  }
})
