import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Locator, Page } from 'playwright-core'
import { launchChromium } from '../../../browser/test/e2e/harness/chromium.js'
import { startTestCollector } from '../../../browser/test/e2e/harness/collector.js'
import { startSite } from '../../../browser/test/e2e/harness/site.js'
import { envelope, event, HAND_COMPUTED, response } from '../fixtures.js'
import { post, seed } from '../harness/http.js'
import { demoAnswers, demoEvents } from './demo-answers.js'
import { AXE, everyFrame, gate, openPage, screenshot } from './harness/pages.js'
import type { OpenOptions } from './harness/pages.js'

const TOKEN = 'e2e-admin-token-0123456789abcdef'
// The dashboard counts its periods back from the browser's today: every page here opens with
// the clock fixed (a Monday, after every seeded answer), so that no test depends on the date.
const TODAY = '2026-11-23T10:00:00.000Z'

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
    // The collector's clock is the pages' (the fatigue card's 30 days end there).
    startTestCollector({ now: () => Date.parse(TODAY) }),
    startTestCollector({ adminToken: TOKEN }),
  ])
  await seed(collector.url, [
    ...HAND_COMPUTED,
    ...HOSTILE.map((comment, i) => response({ type: 'csat', score: 1 + i, comment, touchpoint: 'delivery', stage: 'retention', answeredAt: `2026-11-21T1${i}:00:00.000Z` })),
  ])
  await seed(locked.url, [response({ comment: 'Behind the token' })])
  // Checkout was shown 14 times (7 visitors, twice each) and dismissed 3 times.
  const events = Array.from({ length: 17 }, (_, i) =>
    event({ kind: i < 14 ? 'shown' : 'dismissed', surveyId: 'checkout-nps', visitor: { anonymousId: `v${i % 7}` }, at: `2026-11-20T10:${String(i).padStart(2, '0')}:00.000Z` }),
  )
  expect((await (await post(collector.url, envelope([], events))).json()).events.accepted).toBe(17)
})

afterAll(async () => {
  await browser?.close()
  await Promise.all([collector?.close(), locked?.close()])
})

/** A page in its own context (UTC, English, the clock fixed at `now`), its problems collected. */
const open = (url: string, options: OpenOptions = {}, now = TODAY) => openPage(browser, url, { now, ...options })

/** The text of each element, its white space folded: a table's rows as they read. */
const lineTexts = (rows: Locator) => rows.evaluateAll((els) => els.map((el) => (el as HTMLElement).innerText.replace(/\s+/g, ' ').trim()))

const figure = (page: Page, metric: string) => page.locator(`[data-metric="${metric}"] .metric-figure`)

const PHONE = { width: 360, height: 740 }

/** Runs axe-core on the page as it is (or on what `selector` matches); the ids of the rules it breaks, with how many nodes. */
async function axe(page: Page, selector?: string): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE)
  const { violations } = await page.evaluate(
    (selector) => (window as unknown as { axe: { run(context?: string): Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }).axe.run(...(selector ? [selector] : [])),
    selector,
  )
  return violations.map((v) => `${v.id} (${v.nodes.length})`)
}

/**
 * WCAG contrast ratios of elements' text on their own background, as drawn (computed styles),
 * in the page: axe skips text too short to judge, such as the one-digit score chips.
 */
function contrasts(page: Page, selector: string): Promise<{ text: string; ratio: number }[]> {
  return page.locator(selector).evaluateAll((els) => {
    const rgb = (css: string) => css.match(/[\d.]+/g)!.slice(0, 3).map(Number)
    const luminance = (css: string) => {
      const [r, g, b] = rgb(css).map((c) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!
    }
    return els.map((el) => {
      const style = getComputedStyle(el)
      const [a, b] = [luminance(style.color), luminance(style.backgroundColor)].sort((x, y) => y - x)
      return { text: `${el.className} ${el.textContent}`, ratio: Math.round(((a! + 0.05) / (b! + 0.05)) * 100) / 100 }
    })
  })
}

/** Whether the page is wider than its viewport (a horizontal scroll bar). */
const overflows = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)

describe('the dashboard', () => {
  it('shows the hand-computed NPS, CSAT and CES of a seeded database', async () => {
    const { page, context, problems } = await open(`${collector.url}/?period=all&unit=day`)
    // A minus sign, not a hyphen, said as "minus" (the drawn figure is hidden from screen readers).
    await expect.poll(() => figure(page, 'nps-10').locator('[aria-hidden="true"]').textContent()).toBe('\u221210')
    expect(await figure(page, 'nps-10').locator('.sr-only').textContent()).toBe('minus 10')
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
    expect(await lineTexts(rows)).toEqual([
      // Checkout's 7 answers of 14 prompts, 3 dismissed; the others report no prompts.
      'Purchase checkout +14.3 n 7 – – 7 50% 21.4%',
      'Retention delivery – 33.3% n 9 – 9 – –',
      'support – – 4.67/7 n 6 4.00/5 n 3 9 – –',
      // The figure as drawn, then as said (hidden but for screen readers).
      'No stage onboarding \u221266.7 minus 66.7 n 3 – – 3 – –',
    ])

    // The touchpoints are buttons (they filter): a target of at least 24 px either way.
    for (const box of await page.locator('.journey .link').evaluateAll((els) => els.map((e) => e.getBoundingClientRect()))) {
      expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(24)
    }

    // The trend: one point per day that has answers.
    expect(await page.locator('.trend-point').count()).toBe(1)

    // The tab's icon is there (a browser asks for /favicon.ico otherwise, and gets a 404).
    expect(await page.evaluate(async () => (await fetch(document.querySelector<HTMLLinkElement>('link[rel="icon"]')!.href)).status)).toBe(200)

    // Comments render as text: nothing ran, nothing was loaded, the markup shows as typed.
    for (const text of HOSTILE) await expect.poll(() => page.getByText(text, { exact: true }).count()).toBe(1)
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined()
    expect(await page.locator('.comments img, .comments script').count()).toBe(0)

    expect(problems).toEqual([])
    await context.close()
  })

  it('breaks down by device from the keyboard, shows prompts per visitor, and marks the words a comment search found', async () => {
    const { page, context, problems } = await open(`${collector.url}/?period=all&unit=day`)
    await figure(page, 'nps-10').waitFor()
    // 7 visitors saw 2 prompts each.
    const fatigue = page.locator('.fatigue-panel')
    await expect.poll(() => fatigue.count()).toBe(1)
    expect(await fatigue.innerText()).toContain('7 visitors prompted in the last 30 days')
    expect(await fatigue.locator('tbody tr').first().innerText()).toMatch(/^2\s+7$/)
    // Each visitor's first prompt had none before it, the second one; the 3 dismissals came at
    // the second: 0 of 7, then 3 of 7.
    const dismissals = fatigue.getByRole('table', { name: 'Dismissed, by prompts already seen' }).locator('tbody tr')
    expect(await lineTexts(dismissals)).toEqual(['0 0%', '1 42.9%'])
    expect(await dismissals.nth(1).locator('td').getAttribute('title')).toBe('3 of 7 prompts')

    await page.getByLabel('Break down by').focus()
    await page.keyboard.press('ArrowDown')
    await expect.poll(() => new URL(page.url()).searchParams.get('breakdown')).toBe('device')
    await expect.poll(() => page.locator('.breakdown-value').first().textContent()).toBe('desktop')
    expect(await page.getByRole('heading', { name: 'By journey stage and touchpoint · by Device' }).count()).toBe(1)
    expect(await page.locator('.legend-line').first().textContent()).toBe('desktop')

    await page.getByLabel('Search comments').focus()
    await page.keyboard.type('drop TABLE')
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { name: 'Comments found' }).waitFor()
    await expect.poll(() => page.locator('.comment-text mark').allTextContents()).toEqual(['DROP', 'TABLE'])
    expect(await page.locator('.comment-text').allTextContents()).toEqual(["'); DROP TABLE responses; --"])
    expect(new URL(page.url()).searchParams.get('q')).toBe('drop TABLE')

    for (const [width, name] of [[1280, 'dashboard-breakdown.png'], [360, 'dashboard-breakdown-mobile.png']] as const) {
      await page.setViewportSize({ width, height: 900 })
      expect(await overflows(page)).toBe(false)
      await screenshot(page, name, { fullPage: true })
    }
    expect(problems).toEqual([])
    await context.close()
  })

  it('breaks down by a context key the answers carry, and shows each comment with its context', async () => {
    const own = await startTestCollector({ now: () => Date.parse(TODAY) })
    try {
      const at = (i: number) => `2026-11-20T${String(10 + i)}:00:00.000Z`
      // The dashboard folds values with fewer than 5 answers into "other": 5 of each plan.
      await seed(own.url, [
        ...[10, 10, 9, 10].map((score, i) => response({ score, context: { plan: 'pro' }, answeredAt: at(i) })),
        response({ score: 3, comment: 'The invoice was wrong', context: { plan: 'pro', orderId: 'A-7' }, answeredAt: at(4) }),
        ...[6, 6, 10, 7, 0].map((score, i) => response({ score, context: { plan: 'free' }, answeredAt: at(5 + i) })),
        response({ score: 10, answeredAt: at(10) }),
      ])
      const { page, context, problems } = await open(`${own.url}/?period=all&unit=day`)
      await figure(page, 'nps-10').waitFor()
      // The keys seen in the period are offered, by name.
      await expect.poll(() => page.getByLabel('Break down by').locator('option').allTextContents()).toEqual(['Nothing', 'Device', 'Locale', 'orderId', 'plan'])
      await page.getByLabel('Break down by').selectOption({ label: 'plan' })
      await expect.poll(() => new URL(page.url()).searchParams.get('breakdown')).toBe('context.plan')
      // The address changes before the breakdown's answer arrives: wait for the table it draws.
      await page.getByRole('heading', { name: 'By journey stage and touchpoint · by plan' }).waitFor()
      // pro: 4 promoters, 1 detractor of 5 → +60; free: 1 and 3 → -40; the answer without a plan on a line of its own.
      const rows = page.locator('.journey tbody tr')
      await expect.poll(() => lineTexts(rows)).toEqual([
        'Purchase checkoutfree \u221240 minus 40 n 5 – – 5 – –',
        'checkoutpro +60 n 5 – – 5 – –',
        'checkout(not set) +100 n 1 – – 1 – –',
      ])
      // Every answer is on one day: no line reaches any point, so each value is drawn as a point of its own colour.
      expect(await page.locator('.trend-point').evaluateAll((points) => points.map((p) => [p.getAttribute('class'), p.querySelector('title')?.textContent]))).toEqual([
        ['trend-point series-0', 'Nov 20: free, NPS \u221240, 5 answers'],
        ['trend-point series-1', 'Nov 20: pro, NPS +60, 5 answers'],
        ['trend-point series-2', 'Nov 20: (not set), NPS +100, 1 answer'],
      ])
      const comment = page.locator('.comments li', { hasText: 'The invoice was wrong' })
      await expect.poll(() => comment.innerText()).toContain('plan: pro')
      expect(await comment.innerText()).toContain('orderId: A-7')
      expect(problems).toEqual([])
      await context.close()
    } finally {
      await own.close()
    }
  })

  it('shows a real plan "other" and the plans counted together on two lines, in the table and the trend', async () => {
    const own = await startTestCollector({ now: () => Date.parse(TODAY) })
    try {
      const at = (i: number) => `2026-11-20T${String(10 + i)}:00:00.000Z`
      // plan "other" (a real plan) 5 answers; three plans of one answer each, fewer than 5: counted
      // together, basic's answer two days before the others.
      await seed(own.url, [
        ...[10, 10, 10, 9, 3].map((score, i) => response({ score, context: { plan: 'other' }, answeredAt: at(i) })),
        ...(['basic', 'team', 'edu'] as const).map((plan, i) => response({ score: [0, 10, 8][i]!, context: { plan }, answeredAt: i ? at(5 + i) : '2026-11-18T10:00:00.000Z' })),
      ])
      const { page, context, problems } = await open(`${own.url}/?period=all&unit=day&breakdown=context.plan`)
      await page.getByRole('heading', { name: 'By journey stage and touchpoint · by plan' }).waitFor()
      // other: 4 promoters, 1 detractor of 5 → +60; basic, team, edu: 1 and 1 of 3 → 0.
      await expect.poll(() => lineTexts(page.locator('.journey tbody tr'))).toEqual([
        'Purchase checkoutother +60 n 5 – – 5 – –',
        'checkoutOther (3 values) 0 n 3 – – 3 – –',
      ])
      // Each day says how many plans its answers come from; the line, spanning days, says none.
      expect(await page.locator('.trend-point title').allTextContents()).toEqual([
        'Nov 18: Other (1 value), NPS \u2212100, 1 answer',
        'Nov 20: Other (2 values), NPS +50, 2 answers',
        'Nov 20: other, NPS +60, 5 answers',
      ])
      expect(await page.locator('.legend-line').allTextContents()).toEqual(['Other values', 'other'])
      expect(problems).toEqual([])
      await context.close()
    } finally {
      await own.close()
    }
  })

  it('takes "Last 12 months" as this month and the 11 before, by the page\'s clock: a trend of 12 months', async () => {
    const { page, context, problems } = await open(`${collector.url}/`)
    await figure(page, 'nps-10').waitFor()
    const asked = page.waitForRequest((r) => r.url().includes('groupBy=month'))
    await page.getByLabel('Period').selectOption({ label: 'Last 12 months' })
    expect(new URL((await asked).url()).searchParams.get('from')).toBe('2025-12-01')
    // The trend's first bucket is a whole month, not the last 8 days of November 2025.
    await expect.poll(() => page.locator('.trend-label').first().textContent()).toBe('Dec 2025')
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

  it('shows no figures for dates the collector refuses, only why; the figures come back with good dates', async () => {
    const { page, context } = await open(`${collector.url}/?period=custom&from=2026-01-01&to=2026-12-31&touchpoint=checkout`)
    const figures = () => figure(page, 'nps-10').allTextContents() // without waiting for one
    await expect.poll(figures).toEqual(['+14.3'])
    await page.getByLabel('From', { exact: true }).fill('2027-01-01')
    await expect.poll(() => page.getByRole('alert').allTextContents()).toEqual(['from (2027-01-01) must come before to (2026-12-31)'])
    expect(await figures()).toEqual([])
    await page.getByLabel('From', { exact: true }).fill('2026-01-01')
    await expect.poll(figures).toEqual(['+14.3'])
    expect(await page.getByRole('alert').count()).toBe(0)
    await context.close()
  })

  it('exports what it shows as CSV, from the keyboard, and keeps the focus on the button', async () => {
    const { page, context } = await open(`${collector.url}/?period=all&touchpoint=checkout`, { acceptDownloads: true })
    await figure(page, 'nps-10').waitFor()
    const button = page.getByRole('button', { name: 'Export CSV' })
    await button.focus()
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')])
    expect(download.suggestedFilename()).toMatch(/^touchpoint-responses-\d{4}-\d{2}-\d{2}\.csv$/)
    const csv = readFileSync((await download.path())!, 'utf8')
    expect(csv.trim().split('\r\n')).toHaveLength(1 + 7)
    // Busy, the button said so without being disabled: a disabled button loses the focus to the page.
    await expect.poll(() => button.textContent()).toBe('Export CSV')
    expect(await button.evaluate((el) => el === document.activeElement)).toBe(true)
    await context.close()
  })

  it('writes score chips at 4.5:1 or more in light and dark, for every tone', async () => {
    const tones = await startTestCollector()
    try {
      const scored: [type: 'nps' | 'csat' | 'ces', score: number, max?: number][] = [['nps', 10], ['nps', 8], ['nps', 3], ['csat', 5], ['csat', 2], ['ces', 6], ['ces', 2], ['ces', 4, 5]]
      await seed(tones.url, scored.map(([type, score, max], i) => response({ type, score, ...(max && { scale: { min: 1, max } }), comment: `tone ${i}`, answeredAt: `2026-11-20T1${i}:00:00.000Z` })))
      for (const colorScheme of ['light', 'dark'] as const) {
        const { page, context } = await open(`${tones.url}/?period=all`, { colorScheme })
        await page.getByText('tone 7').waitFor()
        const chips = await contrasts(page, '.chip')
        expect(new Set(chips.map((c) => c.text.match(/tone-\w+/)![0]))).toEqual(new Set(['tone-promoter', 'tone-passive', 'tone-detractor', 'tone-high', 'tone-low']))
        expect(chips.filter((c) => c.ratio < 4.5)).toEqual([])
        await context.close()
      }
    } finally {
      await tones.close()
    }
  })

  it('isolates each comment and each touchpoint name for bidi: a U+202E in one reorders nothing after it', async () => {
    const spoof = await startTestCollector()
    try {
      await seed(spoof.url, [response({ comment: 'Refund me \u202Etxt.exe', touchpoint: 'chat\u202Eout', answeredAt: '2026-11-20T10:00:00.000Z' })])
      const { page, context, problems } = await open(`${spoof.url}/?period=all`)
      const comment = page.locator('.comment-text')
      await comment.waitFor()
      expect(await comment.evaluate((el) => [el.getAttribute('dir'), getComputedStyle(el).unicodeBidi])).toEqual(['auto', 'isolate'])
      // The date after the touchpoint still reads left to right: "Nov 20, 2026…" starts at its left.
      const order = await page.locator('.comment-meta time').evaluate((time) => {
        const text = time.firstChild!
        const at = (i: number) => {
          const r = document.createRange()
          r.setStart(text, i)
          r.setEnd(text, i + 1)
          return r.getBoundingClientRect().left
        }
        return at(0) < at(text.textContent!.length - 1)
      })
      expect(order).toBe(true)
      expect(await page.locator('.journey .link bdi').count()).toBe(1)
      expect(problems).toEqual([])
      await context.close()
    } finally {
      await spoof.close()
    }
  })

  it('keeps long unbroken survey ids, context keys and values inside the page, at 1280 and 360 px', async () => {
    const long = await startTestCollector()
    try {
      // As long as an answer may carry: an id, a key and a value with nowhere to break a line.
      const key = `k${'e'.repeat(63)}`
      const value = `https://shop.test/orders/${'0123456789'.repeat(17)}`.slice(0, 200)
      // Five answers, so that the value is not counted among the few: the trend's legend names it.
      await seed(long.url, Array.from({ length: 5 }, () => response({ surveyId: `survey-${'s'.repeat(57)}`, comment: 'Fine.', context: { [key]: value } })))
      for (const viewport of [{ width: 1280, height: 900 }, PHONE]) {
        const { page, context, problems } = await open(`${long.url}/?period=all&breakdown=context.${key}`, { viewport })
        await page.locator('.comment-meta').first().waitFor()
        await page.locator('.trend-legend .legend-line').waitFor()
        // What sticks out past the right edge of the window, if anything (the journey table may scroll in its card; the trend's table for screen readers is clipped).
        const wide = await page.evaluate(() =>
          [...document.querySelectorAll('main *')].filter((el) => !el.closest('.table-scroll, .sr-only') && el.getBoundingClientRect().right > innerWidth + 0.5).map((el) => `${el.tagName.toLowerCase()}.${el.className} ${el.parentElement!.className}`),
        )
        expect(wide).toEqual([])
        expect(await overflows(page)).toBe(false)
        expect(problems).toEqual([])
        await context.close()
      }
    } finally {
      await long.close()
    }
  })
})

describe('more comments', () => {
  it('come under the filter they were asked for: a page that arrives after the filter changed is dropped', async () => {
    const own = await startTestCollector({ now: () => Date.parse(TODAY) })
    try {
      const at = (i: number) => `2026-11-20T${String(10 + i)}:00:00.000Z`
      await seed(own.url, [
        ...Array.from({ length: 12 }, (_, i) => response({ comment: `checkout comment ${i}`, touchpoint: 'checkout', answeredAt: at(i) })),
        ...[0, 1].map((i) => response({ comment: `support comment ${i}`, touchpoint: 'support', answeredAt: at(i) })),
      ])
      const { page, context, problems } = await open(`${own.url}/?period=all&touchpoint=checkout`)
      const texts = () => page.locator('.comment-text').allTextContents()
      await expect.poll(async () => (await texts()).length).toBe(10)
      // The next page of checkout's comments is slow to come …
      let release!: () => void
      const held = new Promise<void>((r) => (release = r))
      let asked!: () => void
      const asking = new Promise<void>((r) => (asked = r))
      await page.route(/\/v1\/comments\?.*before=/, async (route) => {
        asked()
        await held
        await route.continue()
      })
      await page.getByRole('button', { name: 'Show more' }).click()
      await asking
      // … and meanwhile the touchpoint becomes support.
      await page.getByLabel('Touchpoint', { exact: true }).selectOption('support')
      await expect.poll(texts).toEqual(['support comment 1', 'support comment 0'])
      release()
      // Once the late page is read, and the page has had the time to draw it:
      await (await page.waitForResponse(/\/v1\/comments\?.*before=/)).finished()
      await page.evaluate(() => new Promise((r) => setTimeout(r, 200)))
      expect(await texts()).toEqual(['support comment 1', 'support comment 0'])
      expect(await page.getByRole('button', { name: 'Show more' }).count()).toBe(0)
      expect(problems).toEqual([])
      await context.close()
    } finally {
      await own.close()
    }
  })
})

describe('the address', () => {
  it('keeps each filter change as a history entry: Back and Forward bring the filters and figures back, a reload keeps them', async () => {
    const { page, context, problems } = await open(`${collector.url}/?period=all`)
    await expect.poll(() => figure(page, 'nps-10').locator('[aria-hidden]').textContent()).toBe('\u221210')
    const touchpoint = page.getByLabel('Touchpoint', { exact: true })
    const stage = page.getByLabel('Journey stage', { exact: true })
    const entries = () => page.evaluate(() => history.length)
    const start = await entries()
    const search = page.getByLabel('Search comments')
    await touchpoint.selectOption('checkout')
    await expect.poll(() => figure(page, 'nps-10').textContent()).toBe('+14.3')
    await search.fill('wrong')
    await search.press('Enter')
    await page.getByRole('heading', { name: 'Comments found' }).waitFor()
    await stage.selectOption('retention')
    await page.getByRole('heading', { name: 'No answers for these filters' }).waitFor()
    await expect.poll(entries).toBe(start + 3)

    await page.goBack()
    await expect.poll(() => figure(page, 'nps-10').textContent()).toBe('+14.3')
    expect([await touchpoint.inputValue(), await stage.inputValue(), await search.inputValue()]).toEqual(['checkout', '', 'wrong'])
    expect(await page.getByRole('heading', { name: 'Comments found' }).count()).toBe(1)
    await page.goBack()
    await page.getByRole('heading', { name: 'Latest comments' }).waitFor()
    expect(await search.inputValue()).toBe('')
    await page.goBack()
    await expect.poll(() => figure(page, 'nps-10').locator('[aria-hidden]').textContent()).toBe('\u221210')
    expect(await touchpoint.inputValue()).toBe('')
    expect(new URL(page.url()).search).toBe('?period=all')
    await page.goForward()
    await expect.poll(() => figure(page, 'nps-10').textContent()).toBe('+14.3')
    expect(await touchpoint.inputValue()).toBe('checkout')
    // Going back and forth added no entry of its own.
    expect(await entries()).toBe(start + 3)

    await page.reload()
    await expect.poll(() => figure(page, 'nps-10').textContent()).toBe('+14.3')
    expect(await touchpoint.inputValue()).toBe('checkout')

    // A date typed digit by digit is one entry, not one per digit.
    await page.getByLabel('Period').selectOption('custom')
    await expect.poll(() => new URL(page.url()).searchParams.get('period')).toBe('custom')
    const typed = await entries()
    await page.getByLabel('From', { exact: true }).focus()
    await page.keyboard.type('11012026')
    await expect.poll(() => new URL(page.url()).searchParams.get('from')).toBe('2026-11-01')
    expect(await entries()).toBe(typed + 1)
    expect(problems).toEqual([])
    await context.close()
  })

  it('opens a shared address with its filters, and ignores what makes no sense in one, without an error', async () => {
    const { page, context, problems } = await open(`${collector.url}/?touchpoint=checkout&period=custom&from=2026-02-30&to=2026-13-01&stage=nowhere&unit=hour&metric=nps-99&breakdown=%3Cb%3E`)
    await expect.poll(() => figure(page, 'nps-10').textContent()).toBe('+14.3')
    expect(await page.getByRole('alert').count()).toBe(0)
    expect(await page.getByLabel('From', { exact: true }).inputValue()).toBe('')
    expect(new URL(page.url()).search).toBe('?touchpoint=checkout&period=custom')
    // Cleaned in place: Back leaves the dashboard rather than return to the address as typed.
    expect(await page.evaluate(() => history.length)).toBe(2)
    expect(problems).toEqual([])
    await context.close()
  })
})

describe('the keyboard', () => {
  it('lands on the first filter after Clear filters, and hears the change', async () => {
    const { page, context, problems } = await open(`${collector.url}/?period=all&touchpoint=checkout&stage=purchase`, { bypassCSP: true })
    await expect.poll(() => figure(page, 'nps-10').textContent()).toBe('+14.3')
    await page.getByRole('button', { name: 'Clear filters' }).focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByRole('button', { name: 'Clear filters' }).count()).toBe(0)
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('filter-survey')
    expect(await page.getByRole('form', { name: 'Filters' }).getByRole('status').textContent()).toBe('Filters cleared: all surveys, touchpoints and stages.')
    await expect.poll(() => figure(page, 'nps-10').locator('[aria-hidden]').textContent()).toBe('\u221210')
    expect(new URL(page.url()).search).toBe('?period=all')
    // The next change says nothing more.
    await page.keyboard.press('ArrowDown')
    await expect.poll(() => page.getByRole('form', { name: 'Filters' }).getByRole('status').textContent()).toBe('')
    expect(await axe(page)).toEqual([])
    expect(problems).toEqual([])
    await context.close()
  })

  it('moves the focus to the first comment the last Show more brought, as its button goes', async () => {
    const own = await startTestCollector({ now: () => Date.parse(TODAY) })
    try {
      await seed(own.url, Array.from({ length: 12 }, (_, i) => response({ comment: `comment ${i}`, answeredAt: `2026-11-20T${String(10 + i)}:00:00.000Z` })))
      const { page, context, problems } = await open(`${own.url}/?period=all`, { bypassCSP: true })
      await expect.poll(() => page.locator('.comment-text').count()).toBe(10)
      await page.getByRole('button', { name: 'Show more' }).focus()
      await page.keyboard.press('Enter')
      await expect.poll(() => page.locator('.comment-text').count()).toBe(12)
      expect(await page.getByRole('button', { name: 'Show more' }).count()).toBe(0)
      // Newest first: 11 to 2, then 1 and 0.
      await expect.poll(() => page.evaluate(() => document.activeElement?.querySelector('.comment-text')?.textContent)).toBe('comment 1')
      expect(await axe(page)).toEqual([])
      expect(problems).toEqual([])
      await context.close()
    } finally {
      await own.close()
    }
  })
})

describe('a negative NPS', () => {
  it('is written with a minus sign, said as "minus", and its counts in the screen readers\' table are grouped as on screen', async () => {
    const own = await startTestCollector({ now: () => Date.parse(TODAY) })
    try {
      // 401 promoters, 600 detractors of 1,001: −19.9.
      await seed(own.url, Array.from({ length: 1001 }, (_, i) => response({ score: i < 401 ? 10 : 0, answeredAt: '2026-11-20T10:00:00.000Z' })))
      for (const viewport of [{ width: 1280, height: 900 }, PHONE]) {
        const { page, context, problems } = await open(`${own.url}/?period=all&unit=day`, { bypassCSP: true, viewport })
        const drawn = figure(page, 'nps-10').locator('[aria-hidden="true"]')
        await expect.poll(() => drawn.textContent()).toBe('\u221219.9')
        expect(await figure(page, 'nps-10').locator('.sr-only').textContent()).toBe('minus 19.9')
        expect(await page.locator('.journey .cell-figure [aria-hidden="true"]').textContent()).toBe('\u221219.9')
        expect(await page.locator('.journey .cell-figure .sr-only').textContent()).toBe('minus 19.9')
        // Copied from the page, the figure is as drawn: its spoken twin stays out of the selection.
        const copied = await figure(page, 'nps-10').evaluate((el) => {
          const range = document.createRange()
          range.selectNodeContents(el)
          getSelection()!.removeAllRanges()
          getSelection()!.addRange(range)
          const text = getSelection()!.toString()
          getSelection()!.removeAllRanges()
          return text
        })
        expect(copied).toContain('\u221219.9')
        expect(copied).not.toContain('minus')
        expect(await page.locator('.trend-point title').textContent()).toBe('Nov 20: NPS \u221219.9, 1,001 answers')
        expect(await page.getByRole('table', { name: 'NPS by day' }).locator('tbody tr').first().locator('th, td').allTextContents()).toEqual(['Nov 20', 'minus 19.9', '1,001'])
        // No hyphen-minus before a figure anywhere on the page.
        expect(await page.locator('main').innerText()).not.toMatch(/-\d/)
        expect(await axe(page)).toEqual([])
        expect(await overflows(page)).toBe(false)
        await screenshot(page, `dashboard-negative-${viewport.width}.png`, { fullPage: true })
        expect(problems).toEqual([])
        await context.close()
      }
    } finally {
      await own.close()
    }
  })
})

describe('a breakdown with more groups than the collector returns', () => {
  it('says that the trend and the table show the 5,000 groups with the most answers, and nothing when all are there', async () => {
    const own = await startTestCollector({ now: () => Date.parse(TODAY) })
    try {
      // 1,001 orders of five answers each, one a day over five days: 5,005 groups of a day and an order.
      await seed(own.url, Array.from({ length: 5005 }, (_, i) => response({ context: { order: `order-${i % 1001}` }, answeredAt: `2026-11-${16 + Math.floor(i / 1001)}T10:00:00.000Z` })))
      const notice = 'Too many groups to show them all by order: the journey table and the trend show the 5,000 with the most answers. Narrow the filters or the period, or break down by something with fewer values.'
      for (const viewport of [{ width: 1280, height: 900 }, PHONE]) {
        const { page, context, problems } = await open(`${own.url}/?period=all&unit=day&breakdown=context.order`, { bypassCSP: true, viewport })
        const banner = page.getByRole('status').filter({ hasText: 'Too many groups' })
        await expect.poll(() => banner.innerText(), { timeout: 20_000 }).toBe(notice)
        // axe on the notice alone: on the whole page, its 5,000-row tables take it minutes.
        expect(await axe(page, '.banner.info')).toEqual([])
        expect(await overflows(page)).toBe(false)
        await screenshot(page, `dashboard-truncated-${viewport.width}.png`)
        // By week, 1,001 groups: all of them, and no notice.
        await page.getByRole('group', { name: 'Per' }).getByRole('button', { name: 'Week' }).click()
        await expect.poll(() => banner.count(), { timeout: 20_000 }).toBe(0)
        expect(problems).toEqual([])
        await context.close()
      }
    } finally {
      await own.close()
    }
  })
})

describe('a viewer in another time zone', () => {
  it('reads each comment time with its zone: a comment of the UTC day filtered on is not taken for one of the next day', async () => {
    const own = await startTestCollector({ now: () => Date.parse(TODAY) })
    try {
      await seed(own.url, [response({ comment: 'Late in the evening, UTC', answeredAt: '2026-11-20T22:00:00.000Z' })])
      // Days are UTC: Nov 20 holds the answer, given at 7 in the morning of Nov 21 in Tokyo.
      const { page, context, problems } = await open(`${own.url}/?period=custom&from=2026-11-20&to=2026-11-20`, { timezoneId: 'Asia/Tokyo' })
      const time = page.locator('.comments time')
      await expect.poll(() => time.textContent()).toBe('Nov 21, 2026, 7:00 AM GMT+9')
      expect(await time.getAttribute('datetime')).toBe('2026-11-20T22:00:00.000Z')
      expect(problems).toEqual([])
      await context.close()
    } finally {
      await own.close()
    }
  })
})

describe('a brand-new collector', () => {
  it('shows how to send the first answer, with its own address, and the snippet works as shown', async () => {
    const fresh = await startTestCollector()
    const site = await startSite()
    try {
      const { page, context, problems } = await open(`${fresh.url}/`)
      await page.getByRole('heading', { name: 'No answers yet' }).waitFor()
      expect(await page.getByRole('main').getByRole('heading', { name: 'No answers yet' }).count()).toBe(1)
      expect(await page.getByText('No answers for these filters').count()).toBe(0)
      expect(await page.getByRole('form', { name: 'Filters' }).count()).toBe(0)
      const snippet = (await page.locator('.first-answer pre').textContent())!
      expect(snippet).toContain(`collector: '${fresh.url}/v1/responses'`)
      await screenshot(page, 'dashboard-first-answer.png')

      // Pasted into a page as it says, with touchpoint.js hosted at /touchpoint/: the first answer.
      site.pages['/'] = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>${snippet}</head><body></body></html>`
      const shop = await context.newPage()
      await shop.goto(`${site.url}/`)
      const dialog = shop.getByRole('dialog')
      await dialog.getByRole('radio', { name: /^9\b/ }).check()
      await dialog.getByRole('button', { name: 'Send' }).click()
      await expect.poll(() => fresh.count(), { timeout: 10_000 }).toBe(1)

      await page.getByRole('button', { name: 'Refresh' }).click()
      await expect.poll(() => figure(page, 'nps-10').textContent()).toBe('+100')
      // The first-answer card goes when the filter choices arrive: a request of their own, maybe answered after the figures.
      await expect.poll(() => page.getByRole('heading', { name: 'No answers yet' }).count()).toBe(0)
      expect(problems).toEqual([])
      await context.close()
    } finally {
      await site.close()
      await fresh.close()
    }
  })
})

describe('while it loads', () => {
  it('draws no filters on a collector with no answers, only to take them away', async () => {
    const fresh = await startTestCollector()
    try {
      const { page, context } = await open('about:blank')
      const stats = await gate(page, /\/v1\/stats/)
      const frames = await everyFrame(page, () => !!document.querySelector('form[aria-label="Filters"], #breakdown'))
      await page.goto(`${fresh.url}/`)
      await page.getByRole('status').filter({ hasText: 'Loading…' }).waitFor()
      stats.release()
      await page.getByRole('heading', { name: 'No answers yet' }).waitFor()
      const seen = await frames.seen()
      expect(seen.length).toBeGreaterThan(1)
      expect(seen.filter(Boolean)).toEqual([])
      await context.close()
    } finally {
      await fresh.close()
    }
  })

  it('draws the figures, and says why, when the filter choices could not be loaded', async () => {
    const { page, context } = await open('about:blank')
    await page.route(/\/v1\/stats\?groupBy=survey,touchpoint,stage$/, (route) =>
      route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: 'the database does not answer right now: retry later' }) }),
    )
    await page.goto(`${collector.url}/`)
    await expect.poll(() => figure(page, 'nps-10').textContent()).toMatch(/^[+−]?\d/)
    expect(await page.getByRole('alert').allTextContents()).toEqual(['The filter choices could not be loaded: the database does not answer right now: retry later'])
    expect(await page.getByRole('form', { name: 'Filters' }).count()).toBe(1)
    // Back: Refresh loads them, and the message goes.
    await page.unroute(/\/v1\/stats\?groupBy=survey,touchpoint,stage$/)
    await page.getByRole('button', { name: 'Refresh' }).click()
    await expect.poll(() => page.getByRole('alert').count()).toBe(0)
    await context.close()
  })

  it('keeps Refresh and Export CSV where they are at 360 px, loading or updated', async () => {
    const { page, context } = await open('about:blank', { viewport: PHONE })
    const stats = await gate(page, /\/v1\/stats/)
    const frames = await everyFrame(page, () => {
      const buttons = [...document.querySelectorAll('button')].filter((b) => ['Refresh', 'Export CSV'].includes(b.textContent!))
      return buttons.map((b) => Math.round(b.getBoundingClientRect().left)).join(' ')
    })
    await page.goto(`${collector.url}/`)
    const status = page.getByRole('status').filter({ hasText: /^(Loading…|Updated .*)$/ })
    await expect.poll(() => status.textContent()).toBe('Loading…')
    stats.release()
    await expect.poll(() => status.textContent()).toMatch(/^Updated /)
    stats.hold()
    await page.getByRole('button', { name: 'Refresh' }).click()
    await expect.poll(() => status.textContent()).toBe('Loading…')
    stats.release()
    await expect.poll(() => status.textContent()).toMatch(/^Updated /)
    const places = new Set((await frames.seen()).filter(Boolean))
    expect([...places]).toHaveLength(1)
    await context.close()
  })
})

describe('accessibility', () => {
  // Every view, light and dark, on a laptop and on a phone: axe finds nothing.
  const VIEWS: [name: string, show: (width: number) => Promise<Page>][] = [
    ['the dashboard', async (width) => {
      const { page } = await open(`${collector.url}/?period=all`, { bypassCSP: true, viewport: { width, height: 900 } })
      await figure(page, 'nps-10').waitFor()
      await page.locator('.fatigue-panel').waitFor()
      return page
    }],
    ['broken down by device, comments searched', async (width) => {
      const { page } = await open(`${collector.url}/?period=all&breakdown=device&q=drop`, { bypassCSP: true, viewport: { width, height: 900 } })
      await page.locator('.comment-text mark').first().waitFor()
      await page.locator('.fatigue-panel').waitFor()
      return page
    }],
    ['no answers for these filters', async (width) => {
      const { page } = await open(`${collector.url}/?period=all&touchpoint=checkout&stage=retention`, { bypassCSP: true, viewport: { width, height: 900 } })
      await page.getByRole('heading', { name: 'No answers for these filters' }).waitFor()
      return page
    }],
    ['the first answer (a brand-new collector)', async (width) => {
      const { page } = await open(`${empty.url}/`, { bypassCSP: true, viewport: { width, height: 900 } })
      await page.getByRole('heading', { name: 'No answers yet' }).waitFor()
      return page
    }],
    ['the token form', async (width) => {
      const { page } = await open(`${guarded.url}/`, { bypassCSP: true, viewport: { width, height: 900 } })
      await page.getByLabel('Admin token').waitFor()
      return page
    }],
    ['the token form, a wrong token refused', async (width) => {
      const { page } = await open(`${guarded.url}/`, { bypassCSP: true, viewport: { width, height: 900 } })
      await page.getByLabel('Admin token').fill('wrong-token')
      await page.getByRole('button', { name: 'Open the dashboard' }).click()
      await page.getByRole('alert').waitFor()
      return page
    }],
  ]
  // Collectors of their own: the token forms' failed requests count towards the lockout after
  // 20 wrong tokens, which the token tests below must not meet.
  let empty: Awaited<ReturnType<typeof startTestCollector>>
  let guarded: Awaited<ReturnType<typeof startTestCollector>>
  beforeAll(async () => {
    ;[empty, guarded] = await Promise.all([startTestCollector(), startTestCollector({ adminToken: TOKEN })])
  })
  afterAll(async () => {
    await Promise.all([empty?.close(), guarded?.close()])
  })

  // axe reads the page's markup through innerHTML; Trusted Types (rightly) refuse that, so these
  // pages run without the CSP. The other tests run with it.
  it.each(VIEWS.flatMap(([name, show]) => [1280, 360].map((width) => [name, width, show] as const)))('%s at %i px: no violations, light and dark', async (_, width, show) => {
    const page = await show(width)
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme })
      expect(await axe(page), colorScheme).toEqual([])
      expect(await overflows(page), colorScheme).toBe(false)
      // The primary button (the token form's) is checked by hand too: one per view at most.
      expect((await contrasts(page, '.button.primary')).filter((c) => c.ratio < 4.5), colorScheme).toEqual([])
    }
    await page.context().close()
  })
})

describe('the admin token', () => {
  it('is asked for once, refused when wrong, and kept for the tab', async () => {
    const { page, context, problems } = await open(`${locked.url}/`)
    const field = page.getByLabel('Admin token')
    await field.fill('wrong-token')
    await page.getByRole('button', { name: 'Open the dashboard' }).click()
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('That token was not accepted. Check TOUCHPOINT_ADMIN_TOKEN on the collector.')
    // In the error colour, not the intro's grey.
    const [drawn, error] = await page.getByRole('alert').evaluate((el) => {
      const probe = document.body.appendChild(document.createElement('span'))
      probe.style.color = 'var(--detractor)'
      const colours = [getComputedStyle(el).color, getComputedStyle(probe).color]
      probe.remove()
      return colours
    })
    expect(drawn).toBe(error)
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

  it('is what a page says to set, at a host name the collector answers only with a token: readable at 360 px, no violations', async () => {
    // Chromium takes any *.localhost name to this machine, under its own name: as a name people
    // use to reach a collector on their network would be, or a DNS-rebinding page's.
    const url = `http://dash.localhost:${new URL(collector.url).port}/`
    for (const viewport of [{ width: 1280, height: 800 }, PHONE]) {
      const { page, context, problems } = await open(url, { viewport })
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('This dashboard needs an admin token')
      expect(await page.getByText('TOUCHPOINT_ADMIN_TOKEN=$(openssl rand -hex 32)', { exact: true }).count()).toBe(1)
      expect(await page.getByText('--public-host dash.localhost', { exact: true }).count()).toBe(1)
      // Its style is allowed by its hash: applied, and no violation among the problems.
      expect(await page.locator('main').evaluate((m) => getComputedStyle(m).maxWidth)).not.toBe('none')
      expect(await overflows(page)).toBe(false)
      expect(await axe(page)).toEqual([])
      // Chromium notes the page's own status in the console; anything else is a problem.
      expect(problems).toEqual(['console: Failed to load resource: the server responded with a status of 403 (Forbidden)'])
      await context.close()
    }
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
    await collector.db.query('TRUNCATE responses, events')
    const answers = demoAnswers(Date.parse(END), 90 + 7)
    await seed(collector.url, answers)
    const events = demoEvents(answers)
    for (let i = 0; i < events.length; i += 1000) await post(collector.url, envelope([], events.slice(i, i + 1000)))
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
      await page.locator('.fatigue-panel').waitFor()
      expect(await page.locator('.trend-point').count()).toBe(13)
      const name = colorScheme === 'light' ? 'dashboard.png' : 'dashboard-dark.png'
      await screenshot(page, name, { fullPage: true })
      expect(problems).toEqual([])
      await context.close()
    }
  })

  it('is usable at 360 px, light and dark (the phone screenshots in docs/collector.md)', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      // Without the CSP, for axe (see "accessibility").
      const { page, context, problems } = await open(`${collector.url}/?period=90d`, { colorScheme, viewport: PHONE, bypassCSP: true }, END)
      await figure(page, 'nps-10').waitFor()
      await page.locator('.fatigue-panel').waitFor()
      expect(await overflows(page)).toBe(false)
      // The journey table stays inside its card (it scrolls there if it must).
      const [card, table] = await Promise.all([page.locator('.journey-panel').boundingBox(), page.locator('.table-scroll').boundingBox()])
      expect(table!.x).toBeGreaterThanOrEqual(card!.x)
      expect(table!.x + table!.width).toBeLessThanOrEqual(card!.x + card!.width)
      // The trend's time labels keep a readable size and do not run into each other.
      const labels = await page.locator('.trend-label').evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map(({ left, right, height }) => ({ left, right, height })))
      expect(labels.length).toBeGreaterThanOrEqual(2)
      for (const [i, l] of labels.entries()) {
        expect(l.height).toBeGreaterThanOrEqual(12)
        if (i) expect(l.left).toBeGreaterThan(labels[i - 1]!.right)
      }
      expect(await axe(page)).toEqual([])
      const name = colorScheme === 'light' ? 'dashboard-mobile.png' : 'dashboard-mobile-dark.png'
      await screenshot(page, name, { fullPage: true })
      expect(problems).toEqual([])
      await context.close()
    }
  })
})
