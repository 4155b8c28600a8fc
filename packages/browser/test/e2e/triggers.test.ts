import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { Survey } from '@touchpoint/core'
import { snippetPage } from './harness/site.js'
import { useSuite } from './harness/suite.js'

const suite = useSuite()
let n = 0

/** Serves a page with these surveys (debug on) at a new path and opens it in the test's context. */
async function open(surveys: Survey[], body = '', extra: Record<string, unknown> = {}): Promise<{ page: Page; path: string; logs: string[]; errors: Error[] }> {
  const path = `/t${++n}`
  suite.site.pages[path] = snippetPage({ collector: `${suite.collector.url}/v1/responses`, surveys, debug: true, ...extra }, body)
  const page = await suite.context.newPage()
  const logs: string[] = []
  const errors: Error[] = []
  page.on('console', (m) => logs.push(m.text()))
  page.on('pageerror', (e) => errors.push(e))
  await page.goto(suite.site.url + path)
  await page.waitForFunction(() => (window as { touchpoint?: { loaded?: boolean } }).touchpoint?.loaded)
  await waitForLog(logs, 'waiting for')
  return { page, path, logs, errors }
}

/** A new browser context: a visitor with empty storage. */
const fresh = () => suite.newContext()

async function waitForLog(logs: string[], text: string, timeout = 10_000) {
  await expect.poll(() => logs.some((l) => l.includes(text)), { timeout }).toBe(true)
}

const dialog = (page: Page) => page.getByRole('dialog')
const visible = async (page: Page) => (await dialog(page).count()) > 0

/** Stops the page's installed clock where it is now (give or take half a second): it then moves only with runFor. */
const pause = async (page: Page) => page.clock.pauseAt((await page.evaluate(() => Date.now())) + 500)

describe('triggers in real Chromium', () => {
  it('pageview: an SPA navigation to a matching URL shows the survey, not before', async () => {
    await fresh()
    const { page } = await open(
      [{ id: 'pricing-nps', type: 'nps', triggers: [{ on: 'pageview', url: { startsWith: '/pricing' } }] }],
      `<button id="go" onclick="history.pushState(null, '', '/pricing/plans')">Pricing</button>`,
    )
    expect(await visible(page)).toBe(false)
    await page.click('#go')
    await dialog(page).waitFor()
    expect(new URL(page.url()).pathname).toBe('/pricing/plans')
  })

  it('click: an element added after init shows the survey when clicked', async () => {
    await fresh()
    const { page } = await open(
      [{ id: 'help-csat', type: 'csat', triggers: [{ on: 'click', selector: '#help' }] }],
      `<script>setTimeout(() => document.body.insertAdjacentHTML('beforeend', '<button id="help">Help</button>'), 300)</script>`,
    )
    await page.locator('#help').waitFor()
    expect(await visible(page)).toBe(false)
    await page.click('#help')
    await dialog(page).waitFor()
  })

  it('click: a button inside a web component (open shadow root) shows the survey when the component matches', async () => {
    await fresh()
    const { page } = await open(
      [{ id: 'buy-csat', type: 'csat', triggers: [{ on: 'click', selector: 'shop-button.buy' }] }],
      `<shop-button class="buy"></shop-button>
      <script>document.querySelector('shop-button').attachShadow({ mode: 'open' }).innerHTML = '<button id="inner">Buy</button>'</script>`,
    )
    await page.locator('#inner').click()
    await dialog(page).waitFor()
  })

  it('exit_intent: the pointer leaving through the top shows the survey', async () => {
    await fresh()
    const { page, logs } = await open([{ id: 'exit-ces', type: 'ces', triggers: [{ on: 'exit_intent' }] }], '<h1>Cart</h1>')
    await page.mouse.move(400, 300)
    await page.mouse.move(400, 120, { steps: 4 })
    expect(await visible(page)).toBe(false)
    await page.mouse.move(400, -20, { steps: 6 })
    await dialog(page).waitFor()
    // `shown` comes a tick after the prompt is on screen, and console messages reach the test
    // after that: wait for it.
    await expect.poll(() => logs).toContain('[touchpoint] exit-ces: shown (exit_intent)')
  })

  it('exit_intent: in a frame, the pointer moving up onto the page around it is no exit', async () => {
    await fresh()
    suite.site.pages['/embedded'] = snippetPage(
      {
        collector: `${suite.collector.url}/v1/responses`,
        debug: true,
        surveys: [
          { id: 'exit-ces', type: 'ces', triggers: [{ on: 'exit_intent' }] },
          { id: 'saved-csat', type: 'csat', triggers: [{ on: 'event', event: 'saved' }] },
        ],
      },
      '<h1>Embedded app</h1>',
    )
    suite.site.pages['/admin'] = '<!doctype html><body style="margin:0"><header style="height:120px">Admin bar</header><iframe src="/embedded" style="width:800px;height:500px;border:0;display:block"></iframe></body>'
    const page = await suite.context.newPage()
    const logs: string[] = []
    page.on('console', (m) => logs.push(m.text()))
    await page.goto(suite.site.url + '/admin')
    await waitForLog(logs, 'waiting for')
    const frame = page.frames().find((f) => f.url().endsWith('/embedded'))!
    // From the frame up onto the admin bar: the frame sees the pointer leave through its top.
    await page.mouse.move(400, 400)
    await page.mouse.move(400, 60, { steps: 8 })
    // A survey asked for after that shows: had the exit counted, its prompt would have come first.
    await frame.evaluate(() => (window as unknown as { touchpoint(...a: unknown[]): void }).touchpoint('track', 'saved'))
    await frame.getByRole('dialog').waitFor()
    await expect.poll(() => logs).toContain('[touchpoint] saved-csat: shown (event:saved)')
    expect(logs.filter((l) => l.includes('exit-ces:') && !l.includes('waiting for'))).toEqual([])
  })

  it('scroll: reaching the percent of the page shows the survey, not before', async () => {
    await fresh()
    const { page } = await open(
      [{ id: 'article-csat', type: 'csat', triggers: [{ on: 'scroll', percent: 75 }] }],
      '<div style="height: 4000px; background: linear-gradient(#fff, #ddd)">Long read</div>',
    )
    await page.mouse.wheel(0, 1500)
    await page.waitForFunction(() => scrollY > 1000)
    await page.waitForTimeout(200)
    expect(await visible(page)).toBe(false)
    await page.mouse.wheel(0, 2000)
    await dialog(page).waitFor()
  })

  it('scroll: an SPA navigation to a page too short to scroll, which puts the scroll back to the top, shows nothing', async () => {
    await fresh()
    const { page, logs } = await open(
      [{ id: 'short-csat', type: 'csat', triggers: [{ on: 'scroll', percent: 50 }] }],
      `<div id="content" style="height: 4000px">Long read</div>
      <button id="go" style="position: fixed; top: 0" onclick="history.pushState(null, '', '/short');
        setTimeout(() => { document.getElementById('content').style.height = '10px'; scrollTo(0, 0) }, 100)">Short</button>`,
    )
    await page.mouse.wheel(0, 1000)
    await page.waitForFunction(() => scrollY > 500)
    await page.click('#go')
    // The router's new page: it fits in the window, and the scroll is back at the top.
    await page.waitForFunction(() => scrollY === 0 && document.documentElement.scrollHeight <= innerHeight)
    await page.waitForTimeout(300)
    expect(await visible(page)).toBe(false)
    expect(logs.filter((l) => l.includes('short-csat') && !l.includes('waiting for'))).toEqual([])
  })

  it('two navigations in one task (pushState, then replaceState) arm the page\'s triggers once', async () => {
    await fresh()
    const { page, logs } = await open(
      [
        { id: 'help-csat', type: 'csat', triggers: [{ on: 'click', selector: '#help' }] },
        // Says when a page view has armed the triggers: it fires on each, and never shows.
        { id: 'probe', type: 'nps', triggers: [{ on: 'pageview' }], audience: { url: { contains: 'nowhere' } } },
      ],
      `<button id="go" onclick="history.pushState(null, '', '/a'); history.replaceState(null, '', '/b')">Go</button>
      <button id="help">Help</button>`,
    )
    const probes = () => logs.filter((l) => l.startsWith('[touchpoint] probe: not shown')).length
    await expect.poll(probes).toBe(1)
    await page.click('#go')
    await expect.poll(probes).toBe(3)
    await page.click('#help')
    await dialog(page).waitFor()
    await expect.poll(() => logs).toContain('[touchpoint] help-csat: shown (click:#help)')
    // One click, one listener: no second look at the survey, which would find it on screen.
    expect(logs.filter((l) => l.includes('another survey is on screen'))).toEqual([])
  })

  it('dwell: seconds spent on the page show the survey, not before', async () => {
    await fresh()
    await suite.context.clock.install()
    const { page } = await open([{ id: 'dwell-nps', type: 'nps', triggers: [{ on: 'dwell', seconds: 10 }] }])
    // open() has seen the timer armed a moment ago: from here the page's clock moves only when
    // told, so that however slow this machine, 5 s of the 10 never come early.
    await pause(page)
    await page.clock.runFor(5000)
    expect(await visible(page)).toBe(false)
    await page.clock.runFor(5000)
    await page.clock.resume()
    await dialog(page).waitFor({ timeout: 3000 })
  })

  it('idle: seconds without input show the survey; input keeps it away', async () => {
    await fresh()
    await suite.context.clock.install()
    const { page } = await open([{ id: 'idle-csat', type: 'csat', triggers: [{ on: 'idle', seconds: 5 }] }])
    await pause(page)
    // 18 s in all, never 5 s without input.
    for (let i = 0; i < 6; i++) {
      await page.mouse.move(100 + i * 20, 100)
      await page.clock.runFor(3000)
    }
    expect(await visible(page)).toBe(false)
    await page.clock.runFor(5100)
    await page.clock.resume()
    await dialog(page).waitFor({ timeout: 3000 })
  })

  it('visit: the third visit shows the survey, a visit ending after 30 minutes without activity', async () => {
    await fresh()
    const t0 = new Date('2026-11-23T09:00:00Z')
    await suite.context.clock.install({ time: t0 })
    const survey: Survey = { id: 'third-visit', type: 'nps', triggers: [{ on: 'visit', count: 3 }] }
    const { page, path, logs } = await open([survey])
    await page.clock.setSystemTime(new Date(t0.getTime() + 20 * 60e3))
    await page.reload()
    await waitForLog(logs, 'waiting for visit 3')
    await page.clock.setSystemTime(new Date(t0.getTime() + 55 * 60e3))
    logs.length = 0
    await page.goto(suite.site.url + path)
    await waitForLog(logs, 'waiting for visit 3')
    await page.waitForTimeout(200)
    expect(await visible(page)).toBe(false)
    await page.clock.setSystemTime(new Date(t0.getTime() + 90 * 60e3))
    await page.reload()
    await dialog(page).waitFor()
  })

  it('event: the Nth occurrence shows the survey, counted across reloads', async () => {
    await fresh()
    const survey: Survey = { id: 'third-order', type: 'nps', triggers: [{ on: 'event', event: 'order_placed', count: 3 }] }
    const { page, logs } = await open([survey])
    await page.evaluate(() => {
      touchpoint('track', 'order_placed')
      touchpoint('track', 'order_placed')
    })
    await page.waitForTimeout(300)
    expect(await visible(page)).toBe(false)
    logs.length = 0
    await page.reload()
    await waitForLog(logs, 'waiting for')
    await page.evaluate(() => touchpoint('track', 'order_placed'))
    await dialog(page).waitFor()
  })
})

describe('across tabs', () => {
  it('never shows the same survey in two tabs at once', async () => {
    await fresh()
    const survey: Survey = { id: 'tab-nps', type: 'nps', triggers: [{ on: 'pageview' }], frequency: { recontactDays: 0 } }
    const a = await open([survey])
    await dialog(a.page).waitFor()
    const b = await open([survey])
    await waitForLog(b.logs, 'tab-nps: not shown — another tab is showing a survey')
    expect(await visible(b.page)).toBe(false)
    expect(await visible(a.page)).toBe(true)
  })

  it.each(['closed', 'crashed'] as const)('shows it in another tab once the first tab is %s', async (how) => {
    await fresh()
    const survey: Survey = { id: `tab-${how}`, type: 'csat', triggers: [{ on: 'pageview' }], frequency: { recontactDays: 0 } }
    const a = await open([survey])
    await dialog(a.page).waitFor()
    if (how === 'closed') await a.page.close()
    else {
      // The renderer dies mid-prompt; Page.crash never answers, so wait for the crash event.
      const crashed = new Promise((r) => a.page.once('crash', r))
      void (await suite.context.newCDPSession(a.page)).send('Page.crash').catch(() => {})
      await crashed
    }
    const b = await open([survey])
    await dialog(b.page).waitFor()
  })
})

describe('a broken config', () => {
  it('runs the good surveys, names the broken one in one console error, and throws nothing', async () => {
    await fresh()
    const { page, logs, errors } = await open([
      { id: 'broken-nps', type: 'nps', triggers: [{ on: 'pagview' }] } as never,
      { id: 'good-csat', type: 'csat', triggers: [{ on: 'pageview' }] },
    ])
    await dialog(page).waitFor()
    await expect.poll(() => logs.filter((l) => l.includes('broken-nps'))).toEqual([
      '[touchpoint] survey "broken-nps": triggers[0].on must be one of pageview, event, click, exit_intent, scroll, dwell, idle, visit (got "pagview")',
    ])
    expect(await page.getByRole('dialog', { name: 'How satisfied are you with your experience?' }).count()).toBe(1)
    expect(errors).toEqual([])
  })
})

declare const touchpoint: (...args: unknown[]) => unknown
