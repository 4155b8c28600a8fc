import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchChromium } from '../../../browser/test/e2e/harness/chromium.js'
import { axeViolations, openPrompt } from './harness/open.js'
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

const PROMPTS = [
  { name: 'NPS', survey: survey({ type: 'nps', followUp: true }), score: 7 },
  { name: 'CSAT numbers', survey: survey({ type: 'csat', followUp: true }), score: 2 },
  { name: 'CSAT stars', survey: survey({ type: 'csat', style: 'stars', followUp: true }), score: 4 },
  { name: 'CSAT emoji', survey: survey({ type: 'csat', style: 'emoji', followUp: true }), score: 5 },
  { name: 'CES 7 points', survey: survey({ type: 'ces', followUp: true }), score: 3 },
  { name: 'CES 5 points', survey: survey({ type: 'ces', scale: 5, followUp: true }), score: 5 },
]

describe.each(['light', 'dark'] as const)('axe-core, %s theme', (theme) => {
  it.each(PROMPTS)('finds no violation in $name: question, follow-up, thanks', async ({ survey, score }) => {
    const { page, dialog, errors, close } = await openPrompt(browser, site, { surveys: [survey], init: { theme } })
    expect(await axeViolations(page), 'question').toEqual([])
    await dialog.getByRole('radio', { name: new RegExp(`^${score}\\b`) }).check()
    await dialog.getByRole('textbox').fill('Quick and clear.')
    expect(await axeViolations(page), 'follow-up').toEqual([])
    await dialog.getByRole('button', { name: 'Send' }).click()
    const thanks = page.getByRole('dialog', { name: 'Thank you for your feedback!' })
    await thanks.waitFor()
    expect(await axeViolations(page), 'thanks').toEqual([])
    // The thank-you step closes itself after 4 s: it must still have been there for axe to see.
    expect(await thanks.count()).toBe(1)
    expect(errors).toEqual([])
    await close()
  })
})

it.each([
  { name: 'a modal (center) prompt', init: { position: 'center' } },
  { name: 'an Arabic (right-to-left) prompt', init: { locale: 'ar' } },
  { name: 'a prompt in the dark theme the system asks for (auto)', init: { theme: 'auto' }, context: { colorScheme: 'dark' as const } },
  { name: 'an inline prompt', init: { position: 'inline', target: '#slot' }, body: '<section id="slot" aria-label="Feedback"></section>' },
])('axe-core finds no violation in $name', async ({ init, context, body }) => {
  const { page, dialog, close } = await openPrompt(browser, site, { surveys: [survey({ type: 'nps', followUp: true })], init, body }, { context })
  expect(await axeViolations(page)).toEqual([])
  await dialog.getByRole('radio').first().check()
  expect(await axeViolations(page)).toEqual([])
  await close()
})

/** WCAG's relative luminance of a `#rrggbb` colour. */
const luminance = (hex: string) => {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!
}

describe('text on the brand colour', () => {
  // Reds and magentas that a lightness test (OKLCH's L) put black on, under AA; and colours
  // near the middle, which it turned into a grey as dark or light as the brand.
  it.each(['#dc2626', '#e11d48', '#c026d3', '#9c6b3f', '#2a82a2', '#f59e0b', '#4f46e5'])('is white or black, whichever contrasts more with %s', async (brand) => {
    const { page, dialog, close } = await openPrompt(browser, site, { surveys: [survey({ type: 'csat', followUp: true })], init: { appearance: { brand } } })
    await dialog.getByRole('radio', { name: /^3\b/ }).check()
    // The colour as drawn: the computed value keeps the far-off XYZ; painting clips it to sRGB.
    const drawn = (el: Element) => {
      const c = document.createElement('canvas').getContext('2d')!
      c.fillStyle = getComputedStyle(el).color
      c.fillRect(0, 0, 1, 1)
      return [...c.getImageData(0, 0, 1, 1).data.slice(0, 3)].join()
    }
    const on = luminance(brand) > 0.179 ? '0,0,0' : '255,255,255'
    expect(await dialog.getByRole('button', { name: 'Send' }).evaluate(drawn)).toBe(on)
    expect(await dialog.locator('input:checked + span').evaluate(drawn)).toBe(on)
    expect(await axeViolations(page)).toEqual([])
    await close()
  })
})

it('keeps a border on the card and the Send button in forced colours', async () => {
  const { dialog, close } = await openPrompt(browser, site, { surveys: [survey({ type: 'csat', followUp: true })] }, { context: { forcedColors: 'active' } })
  await dialog.getByRole('radio', { name: /^3\b/ }).check()
  const border = (el: Element) => getComputedStyle(el).borderTop
  expect(await dialog.evaluate(border)).toMatch(/^1px solid/)
  expect(await dialog.getByRole('button', { name: 'Send' }).evaluate(border)).toMatch(/^1px solid/)
  await close()
})

/** Every control of the prompt with its box, and the viewport. */
const controls = (page: Page) =>
  page.evaluate(() => {
    const root = document.querySelector('[data-touchpoint]')!.shadowRoot!
    const box = (el: Element) => {
      const r = el.getBoundingClientRect()
      return { name: el.getAttribute('aria-label') ?? el.textContent ?? el.localName, left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height }
    }
    const card = root.querySelector('dialog')!
    return {
      viewport: { width: innerWidth, height: innerHeight },
      card: { ...box(card), scrollWidth: card.scrollWidth, clientWidth: card.clientWidth },
      controls: [...root.querySelectorAll('input, textarea, button')].map(box),
    }
  })

/** The card, and every control in it, within the screen's width, nothing scrolling sideways. */
function expectFitsWidth({ viewport, card, controls: all }: Awaited<ReturnType<typeof controls>>) {
  expect(card.left).toBeGreaterThanOrEqual(0)
  expect(card.right).toBeLessThanOrEqual(viewport.width)
  expect(card.scrollWidth).toBe(card.clientWidth)
  for (const c of all) {
    expect(c.left, c.name).toBeGreaterThanOrEqual(card.left)
    expect(c.right, c.name).toBeLessThanOrEqual(card.right)
  }
}

describe('targets and reflow', () => {
  it.each(PROMPTS)('gives every control of $name at least 24 × 24 CSS px', async ({ survey, score }) => {
    const { page, dialog, close } = await openPrompt(browser, site, { surveys: [survey] }, { context: { viewport: { width: 320, height: 640 } } })
    await dialog.getByRole('radio', { name: new RegExp(`^${score}\\b`) }).check()
    const { controls: all } = await controls(page)
    expect(all.length).toBeGreaterThan(5)
    for (const c of all) {
      expect(c.width, c.name).toBeGreaterThanOrEqual(24)
      expect(c.height, c.name).toBeGreaterThanOrEqual(24)
    }
    await close()
  })

  it.each([
    { name: '320 px wide', context: { viewport: { width: 320, height: 568 } } },
    // 200% zoom of a 1280 × 720 window: a 640 × 360 CSS px viewport, two device pixels each.
    { name: '200% zoom', context: { viewport: { width: 640, height: 360 }, deviceScaleFactor: 2 } },
  ])('fits NPS with its follow-up at $name, without scrolling sideways', async ({ context }) => {
    const { page, dialog, close } = await openPrompt(browser, site, { surveys: [survey({ type: 'nps', followUp: true })] }, { context })
    await dialog.getByRole('radio', { name: /^10\b/ }).check()
    const fit = await controls(page)
    const { viewport, card } = fit
    expectFitsWidth(fit)
    expect(card.top).toBeGreaterThanOrEqual(0)
    expect(card.bottom).toBeLessThanOrEqual(viewport.height)
    // What does not fit in the height scrolls within the card, and Send is reachable.
    const send = dialog.getByRole('button', { name: 'Send' })
    await send.scrollIntoViewIfNeeded()
    const box = (await send.boundingBox())!
    expect(box.y + box.height).toBeLessThanOrEqual(viewport.height)
    await close()
  })

  it('breaks a long word of a survey text (an address, a link) rather than widen the card, at 360 px', async () => {
    const word = 'https://northwindgoods.example.com/support/feedback/checkout'
    const s = survey({ type: 'csat', question: `Write to ${word}`, labels: { min: word, max: word }, followUp: `Or to ${word}` })
    const { page, dialog, close } = await openPrompt(browser, site, { surveys: [s] }, { context: { viewport: { width: 360, height: 640 } } })
    await dialog.getByRole('radio', { name: /^3\b/ }).check()
    expectFitsWidth(await controls(page))
    await close()
  })
})

describe('motion and focus', () => {
  it('animates the entrance and the follow-up, and nothing when the visitor asks for reduced motion', async () => {
    const animations = async (reducedMotion: 'reduce' | 'no-preference') => {
      const { page, dialog, close } = await openPrompt(browser, site, { surveys: [survey({ type: 'csat', followUp: true })] }, { context: { reducedMotion } })
      await dialog.getByRole('radio', { name: /^3\b/ }).check()
      const names = await page.evaluate(() =>
        [...document.querySelector('[data-touchpoint]')!.shadowRoot!.querySelectorAll('*')].map((el) => getComputedStyle(el).animationName).filter((n) => n !== 'none'),
      )
      await close()
      return names
    }
    expect(await animations('no-preference')).toEqual(['tp-in', 'tp-open'])
    expect(await animations('reduce')).toEqual([])
  })

  it('draws a visible focus ring on the radio the keyboard is on', async () => {
    const { page, dialog, close } = await openPrompt(browser, site, { surveys: [survey({ type: 'nps' })] })
    const ring = () =>
      page.evaluate(() => {
        const root = document.querySelector('[data-touchpoint]')!.shadowRoot!
        const span = root.querySelector('input[value="0"] + span')!
        const s = getComputedStyle(span)
        return `${s.outlineStyle} ${s.outlineWidth}`
      })
    expect(await ring()).toMatch(/^none /)
    await page.keyboard.press('Tab')
    await expect.poll(() => dialog.getByRole('radio', { name: /^0\b/ }).evaluate((el) => el.matches(':focus'))).toBe(true)
    expect(await ring()).toBe('solid 2px')
    await close()
  })

  it.each(['numbers', 'stars', 'emoji'] as const)('marks the chosen score in the system highlight colours in forced-colours mode (%s)', async (style) => {
    const { page, dialog, close } = await openPrompt(browser, site, { surveys: [survey({ type: 'csat', style })] }, { context: { forcedColors: 'active' } })
    await dialog.getByRole('radio', { name: /^4\b/ }).check()
    const [chosen, other, highlight] = await page.evaluate(() => {
      const root = document.querySelector('[data-touchpoint]')!.shadowRoot!
      const bg = (el: Element) => getComputedStyle(el).backgroundColor
      const probe = document.body.appendChild(document.createElement('i'))
      probe.style.cssText = 'background-color: Highlight; forced-color-adjust: none'
      return [bg(root.querySelector('input[value="4"] + span')!), bg(root.querySelector('input[value="3"] + span')!), bg(probe)]
    })
    expect(chosen).toBe(highlight)
    expect(other).not.toBe(highlight)
    await close()
  })
})
