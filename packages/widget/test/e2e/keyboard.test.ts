import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchChromium } from '../../../browser/test/e2e/harness/chromium.js'
import { openPrompt } from './harness/open.js'
import { survey } from './harness/page.js'
import { serveSite } from './harness/site.js'
import type { Site } from './harness/site.js'

let browser: Browser
let site: Site

beforeAll(async () => {
  site = await serveSite()
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await site?.close()
})

/** A link before the prompt, as on any page: keyboard users reach the prompt after it. */
const BODY = '<p><a href="#top">Northwind Goods home</a></p>'

/** What has focus, through the prompt's shadow root: its accessible name, or its tag; `null` for nothing. */
const focused = (page: Page) =>
  page.evaluate(() => {
    let a = document.activeElement
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement
    return a && a !== document.body ? (a.getAttribute('aria-label') ?? (a.textContent?.trim() || a.localName)) : null
  })

/** The SDK's answered / dismissed events, without ids. */
const outcome = async (events: () => Promise<Array<{ type: string; [k: string]: unknown }>>) =>
  (await events()).filter((e) => e.type !== 'shown').map(({ type, score, comment, surveyId }) => ({ type, surveyId, score, comment }))

describe('answers with the keyboard only', () => {
  it.each([
    { name: 'NPS', s: survey({ type: 'nps', followUp: true }), arrows: 9, comment: 'Fast checkout', want: 9, first: '0 – Not at all likely' },
    { name: 'CSAT stars', s: survey({ type: 'csat', style: 'stars' }), arrows: 3, want: 4, first: '1 – Very dissatisfied' },
    { name: 'CSAT emoji', s: survey({ type: 'csat', style: 'emoji', followUp: true }), arrows: 4, comment: 'Lovely', want: 5, first: '1 – Very dissatisfied' },
    { name: 'CSAT numbers', s: survey({ type: 'csat' }), arrows: 1, want: 2, first: '1 – Very dissatisfied' },
    { name: 'CES', s: survey({ type: 'ces', followUp: true }), arrows: 5, comment: 'Easy', want: 6, first: '1 – Strongly disagree' },
    { name: 'CES 5 points', s: survey({ type: 'ces', scale: 5 }), arrows: 0, want: 1, first: '1 – Strongly disagree' },
  ])('$name: Tab to the scale, arrows to the score, Tab on, Send', async ({ s, arrows, comment, want, first }) => {
    const { page, dialog, events, errors, close } = await openPrompt(browser, site, { surveys: [s], body: BODY })
    await page.keyboard.press('Tab')
    expect(await focused(page)).toBe('Northwind Goods home')
    await page.keyboard.press('Tab')
    expect(await focused(page)).toBe(first)
    // Focus alone does not choose; an arrow moves and checks, Space checks where focus is.
    expect(await dialog.getByRole('radio', { checked: true }).count()).toBe(0)
    if (arrows) for (let i = 0; i < arrows; i++) await page.keyboard.press('ArrowRight')
    else await page.keyboard.press('Space')
    expect(await dialog.getByRole('radio', { checked: true }).getAttribute('aria-label')).toMatch(new RegExp(`^${want}\\b`))
    await page.keyboard.press('Tab')
    if (comment) {
      expect(await focused(page)).toBe('textarea')
      await page.keyboard.type(comment)
      await page.keyboard.press('Tab')
    }
    expect(await focused(page)).toBe('Send')
    await page.keyboard.press('Enter')
    await page.getByRole('dialog', { name: 'Thank you for your feedback!' }).waitFor()
    // Send is gone: focus stays in the prompt, on Close, rather than falling to <body>.
    expect(await focused(page)).toBe('Close')
    await expect.poll(() => outcome(events)).toEqual([{ type: 'answered', surveyId: s.id, score: want, comment }])
    await expect.poll(() => site.received.flatMap((e) => e.responses).filter((r) => r.surveyId === s.id && r.score === want).length).toBe(1)
    expect(errors).toEqual([])
    await close()
  })

  it('Enter on a chosen score goes on to the follow-up, as a mouse user sees it, instead of sending', async () => {
    const s = survey({ type: 'nps', followUp: true })
    const { page, dialog, events, errors, close } = await openPrompt(browser, site, { surveys: [s], body: BODY })
    await page.keyboard.press('Tab')
    await page.keyboard.press('Tab')
    await page.keyboard.press('ArrowRight')
    await page.keyboard.press('Enter')
    expect(await focused(page)).toBe('textarea')
    expect(await dialog.getByRole('textbox').inputValue()).toBe('')
    expect(await dialog.getByRole('textbox', { name: 'What disappointed you, and what could we do better?' }).count()).toBe(1)
    expect(await dialog.getByRole('button', { name: 'Send' }).count()).toBe(1)
    expect(await outcome(events)).toEqual([])
    await page.keyboard.type('Too slow')
    await page.keyboard.press('Tab')
    await page.keyboard.press('Enter')
    await expect.poll(() => outcome(events)).toEqual([{ type: 'answered', surveyId: s.id, score: 1, comment: 'Too slow' }])
    expect(errors).toEqual([])
    await close()
  })

  it('Enter on a chosen score sends when the survey asks no follow-up', async () => {
    const s = survey({ type: 'csat' })
    const { page, events, close } = await openPrompt(browser, site, { surveys: [s], body: BODY })
    await page.keyboard.press('Tab')
    await page.keyboard.press('Tab')
    await page.keyboard.press('ArrowRight')
    await page.keyboard.press('Enter')
    await page.getByRole('dialog', { name: 'Thank you for your feedback!' }).waitFor()
    await expect.poll(() => outcome(events)).toEqual([{ type: 'answered', surveyId: s.id, score: 2, comment: undefined }])
    await close()
  })

  it('Enter on a focused score not yet chosen chooses it, then goes on to the follow-up', async () => {
    const s = survey({ type: 'nps', followUp: true })
    const { page, dialog, events, errors, close } = await openPrompt(browser, site, { surveys: [s], body: BODY })
    const status = dialog.getByRole('status')
    await expect.poll(() => status.textContent()).toBe('Survey: How likely are you to recommend us to a friend or colleague?')
    await page.keyboard.press('Tab')
    await page.keyboard.press('Tab')
    expect(await focused(page)).toBe('0 – Not at all likely')
    expect(await dialog.getByRole('radio', { checked: true }).count()).toBe(0)
    await page.keyboard.press('Enter')
    expect(await dialog.getByRole('radio', { checked: true }).getAttribute('aria-label')).toBe('0 – Not at all likely')
    expect(await focused(page)).toBe('textarea')
    expect(await dialog.getByRole('textbox', { name: 'What disappointed you, and what could we do better?' }).count()).toBe(1)
    // The field's label is said as focus lands on it: the live region does not say it again.
    expect(await status.textContent()).toBe('Survey: How likely are you to recommend us to a friend or colleague?')
    expect(await outcome(events)).toEqual([])
    await page.keyboard.type('Too slow')
    await page.keyboard.press('Control+Enter')
    await expect.poll(() => outcome(events)).toEqual([{ type: 'answered', surveyId: s.id, score: 0, comment: 'Too slow' }])
    expect(errors).toEqual([])
    await close()
  })

  it('Enter on a focused score not yet chosen sends it when the survey asks no follow-up', async () => {
    const s = survey({ type: 'csat', style: 'stars' })
    const { page, events, errors, close } = await openPrompt(browser, site, { surveys: [s], body: BODY })
    await page.keyboard.press('Tab')
    await page.keyboard.press('Tab')
    expect(await focused(page)).toBe('1 – Very dissatisfied')
    await page.keyboard.press('Enter')
    await page.getByRole('dialog', { name: 'Thank you for your feedback!' }).waitFor()
    expect(await focused(page)).toBe('Close')
    await expect.poll(() => outcome(events)).toEqual([{ type: 'answered', surveyId: s.id, score: 1, comment: undefined }])
    expect(errors).toEqual([])
    await close()
  })

  it('moves through the scale with ArrowLeft / ArrowRight, mirrored in Arabic', async () => {
    const { page, dialog, close } = await openPrompt(browser, site, { surveys: [survey({ type: 'nps' })], init: { locale: 'ar' } })
    const radio = (n: number) => dialog.getByRole('radio', { name: new RegExp(`^${n}\\b`) })
    const [zero, one] = [(await radio(0).boundingBox())!, (await radio(1).boundingBox())!]
    expect(one.x).toBeLessThan(zero.x)
    await page.keyboard.press('Tab')
    await page.keyboard.press('Space')
    await page.keyboard.press('ArrowLeft')
    expect(await radio(1).isChecked()).toBe(true)
    await page.keyboard.press('ArrowRight')
    expect(await radio(0).isChecked()).toBe(true)
    await close()
  })
})

it("keeps its keys from the page's own shortcuts: the comment is typed in full, and the arrows move no carousel", async () => {
  // As shortcut libraries do (hotkeys-js, for one): ignore what is typed in a field, else act.
  // Keys from a shadow root reach the page retargeted to its host, a <div>: not a field.
  const SHORTCUTS = `<input id="search" aria-label="Search"><script>
    window.slides = 0
    for (const type of ['keydown', 'keypress', 'keyup']) document.addEventListener(type, (e) => {
      if (['INPUT', 'TEXTAREA'].includes(e.target.tagName)) return
      if (type === 'keydown' && e.key === 's') { e.preventDefault(); document.getElementById('search').focus() }
      if (type === 'keydown' && e.key === 'ArrowRight') window.slides++
    })
  </script>`
  const s = survey({ type: 'nps', followUp: true })
  const { page, dialog, events, errors, close } = await openPrompt(browser, site, { surveys: [s], body: SHORTCUTS })
  await dialog.getByRole('radio', { name: /^0\b/ }).focus()
  await page.keyboard.press('ArrowRight')
  await page.keyboard.press('ArrowRight')
  await page.keyboard.press('Tab')
  expect(await focused(page)).toBe('textarea')
  await page.keyboard.type('slow search, missing sizes')
  expect(await focused(page)).toBe('textarea')
  await page.keyboard.press('Tab')
  await page.keyboard.press('Enter')
  await expect.poll(() => outcome(events)).toEqual([{ type: 'answered', surveyId: s.id, score: 2, comment: 'slow search, missing sizes' }])
  expect(await page.evaluate(() => (window as unknown as { slides: number }).slides)).toBe(0)
  expect(await page.getByRole('textbox', { name: 'Search' }).inputValue()).toBe('')
  expect(errors).toEqual([])
  await close()
})

describe('dismisses with the keyboard', () => {
  it.each([
    { name: 'NPS', s: survey({ type: 'nps', followUp: true }) },
    { name: 'CSAT', s: survey({ type: 'csat', style: 'stars' }) },
    { name: 'CES', s: survey({ type: 'ces' }) },
  ])('$name: Escape before a score is a dismissal, and focus goes back to the page', async ({ s }) => {
    const { page, events, errors, close } = await openPrompt(browser, site, { surveys: [s], body: BODY })
    await page.keyboard.press('Tab')
    await page.keyboard.press('Tab')
    await page.keyboard.press('Escape')
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0)
    expect(await focused(page)).toBe('Northwind Goods home')
    expect(await outcome(events)).toEqual([{ type: 'dismissed', surveyId: s.id, score: undefined, comment: undefined }])
    expect(errors).toEqual([])
    await close()
  })

  it('Escape after choosing a score records it, without the unsent comment', async () => {
    const s = survey({ type: 'nps', followUp: true })
    const { page, events, close } = await openPrompt(browser, site, { surveys: [s], body: BODY })
    await page.keyboard.press('Tab')
    await page.keyboard.press('Tab')
    await page.keyboard.press('ArrowRight')
    await page.keyboard.press('Tab')
    await page.keyboard.type('not sent')
    await page.keyboard.press('Escape')
    await expect.poll(() => outcome(events)).toEqual([{ type: 'answered', surveyId: s.id, score: 1, comment: undefined }])
    await close()
  })

  it('Close is the last stop of the prompt, and Enter on it dismisses', async () => {
    const s = survey({ type: 'csat' })
    const { page, events, close } = await openPrompt(browser, site, { surveys: [s], body: BODY })
    await page.keyboard.press('Tab')
    await page.keyboard.press('Tab')
    await page.keyboard.press('Tab')
    expect(await focused(page)).toBe('Close')
    await page.keyboard.press('Enter')
    await expect.poll(() => outcome(events)).toEqual([{ type: 'dismissed', surveyId: s.id, score: undefined, comment: undefined }])
    await close()
  })
})

describe('focus', () => {
  it('a non-modal prompt leaves focus where it was when it appears, and announces itself', async () => {
    // The prompt appears while the visitor is typing in the page's search box.
    const s = { ...survey({ type: 'nps' }), triggers: [{ on: 'event' as const, event: 'later' }] }
    const body = `<label>Search <input id="q" autofocus></label><script>setTimeout(function () { touchpoint('track', 'later') }, 300)</script>`
    const { page, dialog, close } = await openPrompt(browser, site, { surveys: [s], body })
    expect(await focused(page)).toBe('input')
    await page.keyboard.type('lamp')
    expect(await page.locator('#q').inputValue()).toBe('lamp')
    await expect.poll(() => dialog.locator('[role=status]').textContent()).toBe('Survey: How likely are you to recommend us to a friend or colleague?')
    await close()
  })

  it('says the follow-up question when it appears with a score, and again only when the score changes it', async () => {
    const s = survey({ type: 'nps', followUp: true })
    const { page, dialog, errors, close } = await openPrompt(browser, site, { surveys: [s], body: BODY })
    const status = dialog.getByRole('status')
    await expect.poll(() => status.textContent()).toBe('Survey: How likely are you to recommend us to a friend or colleague?')
    // Every text the live region takes from now on: each one is spoken.
    await page.evaluate(() => {
      const region = document.querySelector('[data-touchpoint]')!.shadowRoot!.querySelector('[role=status]')!
      const said: string[] = ((window as unknown as { said: string[] }).said = [])
      new MutationObserver(() => said.push(region.textContent!)).observe(region, { childList: true, characterData: true, subtree: true })
    })
    const said = () => page.evaluate(() => (window as unknown as { said: string[] }).said)
    await page.keyboard.press('Tab')
    await page.keyboard.press('Tab')
    await page.keyboard.press('Space')
    await expect.poll(said).toEqual(['What disappointed you, and what could we do better?'])
    // The field it labels is there, named by it, for the visitor to Tab to.
    expect(await dialog.getByRole('textbox', { name: 'What disappointed you, and what could we do better?' }).count()).toBe(1)
    // Along the scale: silent while the question stays, said when it changes (7, then 9).
    for (let i = 1; i <= 10; i++) await page.keyboard.press('ArrowRight')
    expect(await dialog.getByRole('radio', { checked: true }).getAttribute('aria-label')).toBe('10 – Extremely likely')
    await expect.poll(said).toEqual(['What disappointed you, and what could we do better?', 'What would make it a 10 for you?', 'What do you like most?'])
    expect(await status.textContent()).toBe('What do you like most?')
    expect(errors).toEqual([])
    await close()
  })

  it('says nothing more when a score is chosen on a survey with no follow-up', async () => {
    const { page, dialog, close } = await openPrompt(browser, site, { surveys: [survey({ type: 'csat' })], body: BODY })
    const status = dialog.getByRole('status')
    await expect.poll(() => status.textContent()).toBe('Survey: How satisfied are you with your experience?')
    await page.keyboard.press('Tab')
    await page.keyboard.press('Tab')
    await page.keyboard.press('ArrowRight')
    await dialog.getByRole('button', { name: 'Send' }).waitFor()
    // Emptied at most, which a screen reader does not speak.
    expect(['', 'Survey: How satisfied are you with your experience?']).toContain(await status.textContent())
    await close()
  })

  it('a modal prompt takes focus, keeps it inside, and gives it back on Escape', async () => {
    const s = { ...survey({ type: 'nps', followUp: true }), triggers: [{ on: 'event' as const, event: 'order_placed' }] }
    const { page, close } = await openPrompt(
      browser,
      site,
      { surveys: [s], init: { position: 'center' }, body: `<button id="order" onclick="touchpoint('track', 'order_placed')">Place order</button>` },
      { noPrompt: true },
    )
    await page.waitForFunction(() => (window as unknown as { touchpoint: { loaded?: boolean } }).touchpoint.loaded)
    await page.keyboard.press('Tab')
    expect(await focused(page)).toBe('Place order')
    await page.keyboard.press('Enter')
    const dialog = page.getByRole('dialog')
    await dialog.waitFor()
    await expect.poll(() => dialog.evaluate((d) => d.contains((d.getRootNode() as ShadowRoot).activeElement))).toBe(true)
    // The page behind is inert: a pointer cannot reach it.
    const b = (await page.locator('#order').boundingBox())!
    const hit = await page.evaluate(([x, y]) => document.elementFromPoint(x!, y!)?.id, [b.x + b.width / 2, b.y + b.height / 2])
    expect(hit).not.toBe('order')
    await page.keyboard.press('ArrowRight')
    const seen = new Set<string | null>()
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Tab')
      seen.add(await focused(page))
    }
    // Past the last control, a native modal lets focus leave the page for the browser's own UI
    // (null here) and come back to the first: the page itself never gets it.
    expect(seen).toEqual(new Set(['1', 'textarea', 'Send', 'Close', null]))
    await page.keyboard.press('Escape')
    await expect.poll(() => dialog.count()).toBe(0)
    expect(await focused(page)).toBe('Place order')
    await close()
  })

  it('a click on the modal backdrop dismisses it like Close, and a click in the card does not', async () => {
    const s = survey({ type: 'csat' })
    const { page, dialog, events, close } = await openPrompt(browser, site, { surveys: [s], init: { position: 'center' } })
    const box = (await dialog.boundingBox())!
    await page.mouse.click(box.x + 4, box.y + 4)
    expect(await dialog.count()).toBe(1)
    await page.mouse.click(5, 5)
    await expect.poll(() => dialog.count()).toBe(0)
    expect(await outcome(events)).toEqual([{ type: 'dismissed', surveyId: s.id, score: undefined, comment: undefined }])
    await close()
  })

  it('selecting the comment and letting go over the backdrop keeps the modal and the comment', async () => {
    const s = survey({ type: 'csat', followUp: true })
    const { page, dialog, events, close } = await openPrompt(browser, site, { surveys: [s], init: { position: 'center' } })
    await dialog.getByRole('radio').first().check()
    const box = dialog.getByRole('textbox')
    await box.fill('Keep this comment')
    const text = (await box.boundingBox())!
    await page.mouse.move(text.x + text.width - 4, text.y + 6)
    await page.mouse.down()
    await page.mouse.move(5, 5, { steps: 5 })
    await page.mouse.up()
    expect(await dialog.count()).toBe(1)
    expect(await box.inputValue()).toBe('Keep this comment')
    expect(await outcome(events)).toEqual([])
    await close()
  })
})
