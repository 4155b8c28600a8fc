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

/** The language chunks a page downloaded, e.g. `['it']`. Tests in a file run one at a time. */
async function localesFetched<T>(run: () => Promise<T>): Promise<[T, string[]]> {
  const from = site.requests.length
  const result = await run()
  const chunks = site.requests.slice(from).flatMap((p) => /\/touchpoint-locale-(.+)-[\w-]{6}\.js$/.exec(p)?.[1] ?? [])
  return [result, chunks]
}

describe('which language', () => {
  it.each([
    { name: '<html lang>', page: { lang: 'it-IT' }, want: 'it', question: 'Quanto è probabile che tu ci consigli a un amico o a un collega?' },
    { name: 'init({ locale }) over <html lang>', page: { lang: 'it', init: { locale: 'de-AT' } }, want: 'de', question: 'Wie wahrscheinlich ist es, dass Sie uns Freunden oder Kollegen empfehlen?' },
    { name: 'navigator.languages without <html lang>', page: { lang: null }, context: { locale: 'ja-JP' }, want: 'ja', question: '当社を友人や同僚にすすめる可能性はどのくらいありますか？' },
    { name: 'English for a language the prompts do not speak', page: { lang: 'pl' }, want: 'en', question: 'How likely are you to recommend us to a friend or colleague?' },
  ])('follows $name, and downloads that language only', async ({ page: p, context, want, question }) => {
    const [opened, chunks] = await localesFetched(() => openPrompt(browser, site, { surveys: [survey({ type: 'nps' })], ...p }, { context }))
    expect(await opened.page.getByRole('dialog', { name: question }).count()).toBe(1)
    expect(await opened.page.evaluate(() => document.querySelector('[data-touchpoint]')!.shadowRoot!.querySelector('.tp')!.getAttribute('lang'))).toBe(want)
    expect(chunks).toEqual(want === 'en' ? [] : [want])
    await opened.close()
  })

  it('takes a survey question given per locale in the visitor language, with the built-in wording around it', async () => {
    const question = { en: 'How was checkout?', fr: 'Comment s’est passé le paiement\u00a0?' }
    const { page, dialog, close } = await openPrompt(browser, site, { surveys: [survey({ type: 'csat', question, followUp: true })], lang: 'fr-CA' })
    await page.getByRole('dialog', { name: question.fr }).waitFor()
    await dialog.getByRole('radio', { name: '5 – Très satisfaisante' }).check()
    expect(await dialog.getByRole('textbox', { name: 'Qu’est-ce qui vous a plu\u00a0?' }).count()).toBe(1)
    expect(await dialog.getByRole('button', { name: 'Envoyer' }).count()).toBe(1)
    expect(await dialog.getByRole('button', { name: 'Fermer' }).count()).toBe(1)
    await close()
  })

  it('sends the visitor locale with the answer', async () => {
    const s = survey({ type: 'ces', id: 'ces-es' })
    const { dialog, close } = await openPrompt(browser, site, { surveys: [s], lang: 'es-MX' })
    await dialog.getByRole('radio', { name: '7 – Totalmente de acuerdo' }).check()
    await dialog.getByRole('button', { name: 'Enviar' }).click()
    await expect.poll(() => site.received.flatMap((e) => e.responses).find((r) => r.surveyId === 'ces-es')?.locale).toBe('es-MX')
    await close()
  })
})

describe('Arabic', () => {
  it('lays the prompt out right to left, mirrored', async () => {
    const { page, dialog, close } = await openPrompt(browser, site, { surveys: [survey({ type: 'nps', followUp: true })], lang: 'ar' })
    await page.getByRole('dialog', { name: 'ما مدى احتمال أن توصي بنا لصديق أو زميل؟' }).waitFor()
    const x = async (name: string | RegExp, role: 'radio' | 'button' | 'heading' = 'radio') => (await dialog.getByRole(role, { name }).boundingBox())!.x
    // The scale runs from the right, the close button sits at the left, the question reads from the right.
    expect(await x(/^0\b/)).toBeGreaterThan(await x(/^10\b/))
    expect(await x('إغلاق', 'button')).toBeLessThan(await x(/^10\b/))
    const heading = dialog.getByRole('heading')
    expect(await heading.evaluate((h) => getComputedStyle(h).direction)).toBe('rtl')
    await dialog.getByRole('radio', { name: /^10\b/ }).check()
    const send = (await dialog.getByRole('button', { name: 'إرسال' }).boundingBox())!
    const box = (await dialog.boundingBox())!
    expect(send.x - box.x).toBeLessThan(box.x + box.width - (send.x + send.width))
    await close()
  })

  it('keeps texts written in a left-to-right language in their own order, their punctuation at their end', async () => {
    const question = 'How was checkout?'
    const texts = { question, followUp: 'What went wrong?', labels: { min: 'Awful!', max: 'Great!' } }
    const { page, dialog, close } = await openPrompt(browser, site, { surveys: [survey({ type: 'csat', ...texts })], lang: 'ar' })
    await page.getByRole('dialog', { name: question }).waitFor()
    await dialog.getByRole('radio', { name: /^2\b/ }).check()
    await dialog.getByRole('textbox', { name: 'What went wrong?' }).waitFor()
    // Where the last two characters of each text are drawn: its "?" or "!" right of the letter
    // before it, not at the line's far left.
    // The follow-up question is also said by a hidden status line; measure the drawn text.
    const lastTwo = (text: string) =>
      dialog.getByText(text, { exact: true }).and(dialog.locator(':not([role="status"])')).evaluate((e) => {
        const node = document.createTreeWalker(e, NodeFilter.SHOW_TEXT).nextNode() as Text
        return [2, 1].map((back) => {
          const range = document.createRange()
          range.setStart(node, node.length - back)
          range.setEnd(node, node.length - back + 1)
          return range.getBoundingClientRect().x
        })
      })
    for (const text of [question, texts.followUp, texts.labels.min, texts.labels.max]) {
      const [letter, mark] = await lastTwo(text)
      expect(mark, text).toBeGreaterThan(letter!)
    }
    await close()
  })
})

describe('Japanese', () => {
  /** Where the question's lines break (character offsets) for each width of an inline slot. */
  const breaks = (page: Page) =>
    page.evaluate(() => {
      const root = document.querySelector('[data-touchpoint]')!.shadowRoot!
      const text = document.createTreeWalker(root.querySelector('h2')!, NodeFilter.SHOW_TEXT).nextNode() as Text
      const slot = document.getElementById('slot')!
      const out: number[][] = []
      for (let w = 180; w <= 420; w += 6) {
        slot.style.width = `${w}px`
        const tops = [...text.data].map((_, i) => {
          const r = document.createRange()
          r.setStart(text, i)
          r.setEnd(text, i + 1)
          return r.getClientRects()[0]!.top
        })
        out.push(tops.flatMap((t, i) => (i > 0 && t > tops[i - 1]! + 1 ? [i] : [])))
      }
      return out
    })

  // The words of the question, [from, to) offsets: 当社 / 友人 / 同僚 / すすめる / 可能性 / どの / くらい / ありますか.
  const WORDS: [number, number][] = [[0, 2], [3, 5], [6, 8], [9, 13], [13, 16], [17, 19], [19, 22], [22, 27]]
  const inside = (lines: number[][]) => lines.flat().filter((b) => WORDS.some(([from, to]) => b > from && b < to))

  it('breaks lines between phrases, never inside a word', async () => {
    const { page, close } = await openPrompt(browser, site, {
      surveys: [survey({ type: 'nps' })],
      lang: 'ja',
      init: { position: 'inline', target: '#slot' },
      body: '<div id="slot"></div>',
    })
    const ours = await breaks(page)
    expect(ours.some((l) => l.length > 0)).toBe(true)
    expect(inside(ours)).toEqual([])
    // The same text with the browser's default breaking (any character) does split words:
    // the check above is not vacuous.
    await page.evaluate(() => {
      const sheet = new CSSStyleSheet()
      sheet.replaceSync('.tp:lang(ja){word-break:normal}')
      const root = document.querySelector('[data-touchpoint]')!.shadowRoot!
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet]
    })
    expect(inside(await breaks(page)).length).toBeGreaterThan(0)
    await close()
  })
})
