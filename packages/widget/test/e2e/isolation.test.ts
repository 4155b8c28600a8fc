import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchChromium } from '../../../browser/test/e2e/harness/chromium.js'
import { openPrompt } from './harness/open.js'
import { pixelsApart } from './harness/pixels.js'
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

/** Records Content-Security-Policy violations in `window.csp` (init scripts run whatever the policy). */
const RECORD_CSP = `window.csp = []; document.addEventListener('securitypolicyviolation', (e) => csp.push(e.effectiveDirective + ' ' + e.blockedURI))`
const violations = (page: Page) => page.evaluate(() => (window as unknown as { csp: string[] }).csp)

/** The computed `position` of the prompt's card: `fixed` only when its stylesheet applies. */
const cardPosition = (page: Page) => page.evaluate(() => getComputedStyle(document.querySelector('[data-touchpoint]')!.shadowRoot!.querySelector('dialog')!).position)

describe('Content-Security-Policy', () => {
  it("shows and submits a prompt on a page whose policy is default-src 'self'", async () => {
    const s = survey({ type: 'nps', id: 'csp-nps', followUp: true })
    site.add('/csp/touchpoint.json', JSON.stringify({ surveys: [s] }))
    // No inline script at all: the script tag's data attributes are the whole setup.
    const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Strict page</title>
<script async src="/sdk/touchpoint.js" data-collector="/collect" data-config="/csp/touchpoint.json"></script>
</head><body><main><h1>Strict page</h1></main></body></html>`
    const { page, dialog, errors, close } = await openPrompt(browser, site, { surveys: [] }, {
      html,
      headers: { 'Content-Security-Policy': "default-src 'self'" },
      initScript: RECORD_CSP,
    })
    expect(await cardPosition(page)).toBe('fixed')
    await dialog.getByRole('radio', { name: /^10\b/ }).check()
    await dialog.getByRole('textbox').fill('Works under our CSP')
    await dialog.getByRole('button', { name: 'Send' }).click()
    await page.getByRole('dialog', { name: 'Thank you for your feedback!' }).waitFor()
    await expect
      .poll(() => site.received.flatMap((e) => e.responses).filter((r) => r.surveyId === 'csp-nps').map((r) => [r.score, r.comment]))
      .toEqual([[10, 'Works under our CSP']])
    expect(await violations(page)).toEqual([])
    expect(errors).toEqual([])
    await close()
  })

  // Safari before 16.4 has no constructable stylesheets; the widget then styles itself with a
  // <style> element, which a policy without 'unsafe-inline' lets in only by nonce.
  const NO_CONSTRUCTABLE_SHEETS = `window.CSSStyleSheet = function CSSStyleSheet() { throw new TypeError('Illegal constructor') }`
  const NONCE_CSP = { 'Content-Security-Policy': "default-src 'self'; script-src 'self' 'nonce-r4nd0m'; style-src 'self' 'nonce-r4nd0m'" }

  it('styles the prompt with a <style nonce> where constructable stylesheets are missing', async () => {
    const { page, errors, close } = await openPrompt(
      browser,
      site,
      { surveys: [survey({ type: 'csat' })], init: { nonce: 'r4nd0m' }, scriptNonce: 'r4nd0m' },
      { headers: NONCE_CSP, initScript: `${RECORD_CSP};${NO_CONSTRUCTABLE_SHEETS}` },
    )
    expect(await page.evaluate(() => document.querySelector('[data-touchpoint]')!.shadowRoot!.querySelectorAll('style').length)).toBe(1)
    expect(await cardPosition(page)).toBe('fixed')
    expect(await violations(page)).toEqual([])
    expect(errors).toEqual([])
    await close()
  })

  it('is blocked by that policy without the nonce (so the test above proves the nonce works)', async () => {
    const { page, close } = await openPrompt(
      browser,
      site,
      { surveys: [survey({ type: 'csat' })], scriptNonce: 'r4nd0m' },
      { headers: NONCE_CSP, initScript: `${RECORD_CSP};${NO_CONSTRUCTABLE_SHEETS}` },
    )
    expect(await cardPosition(page)).not.toBe('fixed')
    expect(await violations(page)).toEqual(['style-src-elem inline'])
    await close()
  })
})

// What a careless or hostile page can throw at everything: global rules with !important on
// inherited properties, box properties, rendering effects on every element but <html> and
// <body> (the host element included), a CSS reset that "reverts" form controls and SVG, custom
// properties named like the widget's private ones, and rules that try to hide it. The page's
// own <html> and <body> rendering (opacity, filter, transform, zoom) is left out: what a page
// does to its whole rendering applies to everything drawn on it.
const HOSTILE = `<style>
* { font: 40px serif !important; color: red !important; line-height: 3 !important; letter-spacing: 4px !important;
    word-spacing: 12px !important; text-transform: uppercase !important; text-shadow: 2px 2px blue !important;
    text-align: center !important; white-space: pre !important; direction: rtl !important; visibility: visible !important;
    box-sizing: content-box !important; margin: 11px !important; padding: 13px !important; border: 3px dashed lime !important;
    border-radius: 0 !important; background: yellow !important; outline: 4px solid orange !important; cursor: wait !important;
    transition: all 2s !important; list-style: square !important; fill: red !important; stroke: red !important; }
body * { display: block !important; position: relative !important; width: 300px !important; height: 60px !important;
         overflow: hidden !important; z-index: -1 !important; opacity: .5 !important; transform: rotate(3deg) !important;
         filter: blur(1px) invert(1) !important; animation: spin 1s infinite !important; }
@keyframes spin { to { rotate: 360deg } }
body > div, [data-touchpoint] { display: none !important; }
dialog, button, input, textarea, svg, path, label, span, h2, p, form { all: revert !important; }
:focus, :focus-visible, :hover { outline: 6px solid red !important; }
:root { font-size: 30px !important; --bg: red; --fg: red; --br: red; --mu: red; --ln: red; --in: red; --hv: red;
        --on: red; --st: red; --r: 0px; --r2: 0px; --z: 1; --n: 2; --f: red; --sh: none; }
</style>`

describe('host CSS', () => {
  /** A screenshot of the prompt's card, inset past its rounded corners (where the page shows through). */
  const shot = async (page: Page) => {
    const box = (await page.locator('dialog').boundingBox())!
    const inset = 6
    return page.screenshot({ clip: { x: box.x + inset, y: box.y + inset, width: box.width - 2 * inset, height: box.height - 2 * inset } })
  }

  /**
   * Every computed property of every element of the prompt, and of their ::before / ::after, in
   * tree order. Custom properties are left out: they inherit into any shadow tree (`all` does
   * not reset them), and the widget defines each one it uses where it uses it, so one of the
   * page's could only change the prompt through a standard property, which is compared.
   */
  const computedStyles = (page: Page) =>
    page.evaluate(() => {
      const root = document.querySelector('[data-touchpoint]')!.shadowRoot!
      const all = (s: CSSStyleDeclaration) => [...s].filter((k) => !k.startsWith('--')).map((k) => `${k}:${s.getPropertyValue(k)}`).join(';')
      return [...root.querySelectorAll('*')].map((el) => [el.localName, el.className, all(getComputedStyle(el)), all(getComputedStyle(el, '::before')), all(getComputedStyle(el, '::after'))])
    })

  it.each(['light', 'dark'] as const)('a page with hostile global CSS renders the %s prompt like a clean page', async (theme) => {
    const s = survey({ type: 'nps', followUp: true })
    const render = async (head: string) => {
      const { page, dialog, close } = await openPrompt(browser, site, { surveys: [s], init: { theme }, head }, { context: { viewport: { width: 1024, height: 768 } } })
      await dialog.getByRole('radio', { name: /^9\b/ }).check()
      await dialog.getByRole('textbox').fill('Same pixels')
      const result = { png: await shot(page), styles: await computedStyles(page) }
      await close()
      return result
    }
    // The one thing the prompt takes from its page on purpose is the font family, and the
    // hostile rule above sets it to serif: the clean page uses serif too.
    const clean = await render('<style>body { font-family: serif }</style>')
    const hostile = await render(HOSTILE)
    expect(hostile.styles).toEqual(clean.styles)
    // Same pixels. The page's animated and filtered layers may make Chromium composite the card
    // on a layer of its own, which moves the antialiasing of a curve by 1/255: that is allowed.
    expect(await pixelsApart(browser, clean.png, hostile.png, 2)).toBe(0)
  })

  it('takes the font family of the page, and only that', async () => {
    const family = (head: string) =>
      openPrompt(browser, site, { surveys: [survey({ type: 'csat' })], head }).then(async ({ page, close }) => {
        const f = await page.evaluate(() => {
          const q = document.querySelector('[data-touchpoint]')!.shadowRoot!.querySelector('h2')!
          const s = getComputedStyle(q)
          return [s.fontFamily, s.fontSize, s.color]
        })
        await close()
        return f
      })
    expect(await family('<style>body { font: 22px Georgia, serif; color: green }</style>')).toEqual(['Georgia, serif', '16px', 'rgb(26, 29, 36)'])
    expect(await family('<style>body { font-family: "Courier New", monospace }</style>')).toEqual(['"Courier New", monospace', '16px', 'rgb(26, 29, 36)'])
  })

  it('leaves every style of the page as it was', async () => {
    // Captured by the page itself while parsing, long before the prompt's chunk can arrive.
    const SNAPSHOT = `function snapshot() {
      return JSON.stringify({ sheets: document.styleSheets.length, adopted: document.adoptedStyleSheets.length,
        styles: ['html', 'body', 'main', 'h1', 'p'].map((s) => [...getComputedStyle(document.querySelector(s))].map((k) => k + ':' + getComputedStyle(document.querySelector(s)).getPropertyValue(k)).join(';')) })
    }`
    const body = `<p>Body text.</p><script>${SNAPSHOT}; window.before = snapshot()</script>`
    const { page, close } = await openPrompt(browser, site, { surveys: [survey({ type: 'nps' })], head: '<style>body { margin: 24px }</style>', body })
    const [before, after] = await page.evaluate(() => {
      const w = window as unknown as { before: string; snapshot(): string }
      return [w.before, w.snapshot()]
    })
    expect(after).toBe(before)
    await close()
  })
})

describe('safety', () => {
  it('renders markup in survey texts as text, and runs none of it', async () => {
    const html = '<img src=x onerror="window.pwned=1">'
    const s = survey({ type: 'csat', question: html, labels: { min: '<script>window.pwned=2</script>' }, followUp: '<b onmouseover="window.pwned=3">Why?</b>' })
    const { page, dialog, errors, close } = await openPrompt(browser, site, { surveys: [s] })
    expect(await page.getByRole('dialog', { name: html }).count()).toBe(1)
    await dialog.getByRole('radio', { name: /^1\b/ }).check()
    expect(await dialog.getByRole('textbox', { name: '<b onmouseover="window.pwned=3">Why?</b>' }).count()).toBe(1)
    expect(await dialog.getByText('<script>window.pwned=2</script>').count()).toBe(1)
    expect(await page.evaluate(() => document.querySelector('[data-touchpoint]')!.shadowRoot!.querySelectorAll('img, script, b').length)).toBe(0)
    await page.waitForTimeout(300)
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined()
    expect(errors).toEqual([])
    await close()
  })

  it('reports a prompt that fails to render through the error event, and leaves the page working', async () => {
    const { page, errors, events, close } = await openPrompt(
      browser,
      site,
      { surveys: [survey({ type: 'nps', id: 'broken' })], init: { position: 'center' }, body: '<button onclick="this.textContent = \'Clicked\'">Click me</button>' },
      { noPrompt: true, initScript: `HTMLDialogElement.prototype.showModal = function () { throw new Error('showModal is broken here') }` },
    )
    await expect.poll(async () => (await events()).filter((e) => e.type === 'error').map((e) => e.message)).toEqual([
      'survey "broken" could not be shown: showModal is broken here',
    ])
    expect(await page.locator('[data-touchpoint]').count()).toBe(0)
    await page.getByRole('button', { name: 'Click me' }).click()
    expect(await page.getByRole('button', { name: 'Clicked' }).count()).toBe(1)
    expect(errors).toEqual([])
    await close()
  })
  it.each([
    { name: 'a page that swaps its <body> (Turbo, pjax)', init: {}, body: '', remove: 'document.body.replaceWith(document.createElement("body"))' },
    { name: 'a single-page app that unmounts the inline slot', init: { position: 'inline', target: '#slot' }, body: '<section id="slot" aria-label="Feedback"></section>', remove: 'document.getElementById("slot").remove()' },
  ])('frees the screen for the next survey when $name removes the prompt', async ({ init, body, remove }) => {
    const surveys = [survey({ type: 'nps', id: 'first' }), survey({ type: 'csat', id: 'second', triggers: [{ on: 'event', event: 'next' }] })]
    const { page, dialog, errors, close } = await openPrompt(browser, site, { surveys, init, body })
    await dialog.getByRole('radio', { name: /^9\b/ }).check()
    await page.evaluate(remove)
    expect(await page.locator('[data-touchpoint]').count()).toBe(0)
    // Still one prompt at a time: the next one shows once the page has taken the first away.
    if (init.position === 'inline') await page.evaluate(() => document.querySelector('main')!.insertAdjacentHTML('beforeend', '<section id="slot" aria-label="Feedback"></section>'))
    await page.evaluate(() => (window as unknown as { touchpoint(...a: unknown[]): void }).touchpoint('track', 'next'))
    await page.getByRole('dialog', { name: 'How satisfied are you with your experience?' }).waitFor({ timeout: 5000 })
    expect(errors).toEqual([])
    await close()
  })
})

describe('layout shift', () => {
  /** Sums the page's layout shifts not caused by input, from the start of the page. */
  const RECORD_SHIFTS = `window.shift = 0; new PerformanceObserver((l) => { for (const e of l.getEntries()) if (!e.hadRecentInput) window.shift += e.value }).observe({ type: 'layout-shift', buffered: true })`
  const CONTENT = '<p>Free delivery on orders over 50 €.</p>'.repeat(30)
  // The prompt appears on a page already painted (a shift is only a shift of something seen).
  const LATER = `<script>addEventListener('load', () => requestAnimationFrame(() => requestAnimationFrame(() => touchpoint('track', 'later'))))</script>`
  const later = (type: 'nps') => ({ ...survey({ type }), triggers: [{ on: 'event' as const, event: 'later' }] })

  it.each(['bottom-right', 'bottom-left', 'top', 'center'])('is 0 when a %s prompt appears, animation included', async (position) => {
    const { page, close } = await openPrompt(
      browser,
      site,
      { surveys: [later('nps')], init: { position }, body: CONTENT + LATER },
      { context: { reducedMotion: 'no-preference' }, initScript: RECORD_SHIFTS },
    )
    await page.waitForTimeout(600)
    expect(await page.evaluate(() => (window as unknown as { shift: number }).shift)).toBe(0)
    await close()
  })

  it('is what the host chose for an inline prompt: it takes room in its slot (measured, so the check above can fail)', async () => {
    const { page, close } = await openPrompt(
      browser,
      site,
      { surveys: [later('nps')], init: { position: 'inline', target: '#slot' }, body: `<div id="slot"></div>${CONTENT}${LATER}` },
      { context: { reducedMotion: 'no-preference' }, initScript: RECORD_SHIFTS },
    )
    await page.waitForTimeout(600)
    expect(await page.evaluate(() => (window as unknown as { shift: number }).shift)).toBeGreaterThan(0)
    await close()
  })
})
