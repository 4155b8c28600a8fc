// Takes the pictures of docs/theming.md: each prompt, light and dark, desktop and phone, on a
// plain shop page. Deterministic: reduced motion (no animation), fixed viewports, the caret
// hidden, the page's own fonts. They go into docs/images only when asked (see `forDocs`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchChromium } from '../../../browser/test/e2e/harness/chromium.js'
import { forDocs } from '../../../browser/test/e2e/harness/docs-images.js'
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

/** A shop page behind the prompt: a header and a grid of product placeholders. */
const shop = (dark: boolean) => ({
  head: `<style>
    body { margin: 0; font-family: "Liberation Sans", Arial, sans-serif; background: ${dark ? '#111318' : '#f5f6f8'}; color: ${dark ? '#e6e8ec' : '#1a1d24'} }
    header { padding: 18px 32px; background: ${dark ? '#1a1d24' : '#fff'}; border-bottom: 1px solid ${dark ? '#2a2e38' : '#e3e6eb'} }
    header b { font-size: 18px }
    main { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 24px; padding: 32px }
    h1 { grid-column: 1 / -1; margin: 0; font-size: 26px }
    .p { height: 260px; border-radius: 12px; background: ${dark ? '#1d2028' : '#fff'}; box-shadow: 0 1px 2px #0000000f }
  </style>`,
  body: '<div class="p"></div>'.repeat(8),
  lang: 'en',
})

const SHOTS = [
  { name: 'nps', survey: survey({ type: 'nps', followUp: true }), score: 9, comment: 'Fast checkout and clear delivery dates.' },
  { name: 'csat-stars', survey: survey({ type: 'csat', style: 'stars' }), score: 4 },
  { name: 'csat-emoji', survey: survey({ type: 'csat', style: 'emoji' }) },
  { name: 'ces', survey: survey({ type: 'ces', followUp: true }), score: 6 },
]

const DEVICES = {
  desktop: { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 2 },
  mobile: { viewport: { width: 375, height: 667 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
}

describe.each(['light', 'dark'] as const)('%s', (theme) => {
  describe.each(['desktop', 'mobile'] as const)('%s', (device) => {
    it.each(SHOTS)('takes docs/images/prompt-$name-' + `${theme}-${device}.png`, async ({ name, survey, score, comment }) => {
      const { page, dialog, close } = await openPrompt(browser, site, { surveys: [survey], init: { theme }, ...shop(theme === 'dark') }, { context: DEVICES[device] })
      if (score !== undefined) await dialog.getByRole('radio', { name: new RegExp(`^${score}\\b`) }).check()
      if (comment) await dialog.getByRole('textbox').fill(comment)
      await page.mouse.move(0, 0)
      const card = (await dialog.boundingBox())!
      const { width, height } = DEVICES[device].viewport
      // The corner of the screen that holds the card and its shadow; on a phone, edge to edge.
      const margin = 32
      const x = device === 'desktop' ? card.x - margin : 0
      const clip = { x, y: card.y - margin, width: width - x, height: height - card.y + margin }
      expect(clip.x).toBeGreaterThanOrEqual(0)
      expect(clip.y).toBeGreaterThanOrEqual(0)
      expect(card.y + card.height).toBeLessThanOrEqual(height)
      const png = await page.screenshot({ clip })
      expect(png.readUInt32BE(16)).toBe(Math.round(clip.width * 2))
      forDocs(`prompt-${name}-${theme}-${device}.png`, png)
      await close()
    })
  })
})

it.each([
  { file: 'prompt-center-light-desktop.png', init: { position: 'center' }, lang: 'en' },
  { file: 'prompt-nps-ar-light-desktop.png', init: {}, lang: 'ar' },
])('takes docs/images/$file', async ({ file, init, lang }) => {
  const { page, dialog, close } = await openPrompt(
    browser,
    site,
    { surveys: [survey({ type: 'nps', followUp: true })], init, ...shop(false), lang },
    { context: { viewport: { width: 960, height: 600 }, deviceScaleFactor: 1 } },
  )
  await dialog.getByRole('radio', { name: /^10\b/ }).check()
  await page.mouse.move(0, 0)
  const png = await page.screenshot()
  expect(png.readUInt32BE(16)).toBe(960)
  forDocs(file, png)
  await close()
})
