import { describe, expect, it } from 'vitest'
import { snippetPage } from './harness/site.js'
import { useSuite } from './harness/suite.js'

// What a prompt's first frame waits for, in real Chromium: the delivery chunk is needed only
// once the visitor answers, so it is requested after the prompt is on the page, not in the task
// that mounts it (requesting and running it there delayed its first frame). The trimming code
// rides in the UI chunk in the script-tag build, so it is no request of its own.

const suite = useSuite()

const SURVEY = { id: 'chunks-csat', type: 'csat', triggers: [{ on: 'event', event: 'go' }], frequency: { recontactDays: 0 } }

describe('showing a prompt in real Chromium', () => {
  it('requests the delivery chunk only after the prompt is on the page, and no trimming chunk', async () => {
    // The time the prompt's host enters the DOM: a mutation observer's callback runs right after
    // the task (here, the microtask) that mounted and rendered it.
    suite.site.pages['/chunks'] = snippetPage(
      { collector: `${suite.collector.url}/v1/responses`, surveys: [SURVEY] },
      `<script>
        new MutationObserver((records) => {
          for (const r of records) for (const n of r.addedNodes) if (n.nodeType === 1 && n.hasAttribute('data-touchpoint')) window.mountedAt ??= performance.now()
        }).observe(document.documentElement, { childList: true, subtree: true })
        touchpoint('on', 'shown', () => (window.shown = true))
      </script>`,
    )
    await suite.newContext()
    const page = await suite.context.newPage()
    await page.goto(`${suite.site.url}/chunks`)
    await page.waitForFunction(() => (window as { touchpoint?: { loaded?: boolean } }).touchpoint?.loaded)
    await page.evaluate(() => touchpoint('track', 'go'))
    await page.waitForFunction(() => (window as { shown?: boolean }).shown)
    const starts = await (
      await page.waitForFunction(() => {
        const chunks = performance.getEntriesByType('resource').filter((e) => /touchpoint-(outgoing|delivery)-/.test(e.name))
        return chunks.length > 0 && chunks.map((e) => [e.name.replace(/.*\/touchpoint-(\w+)-.*/, '$1'), e.startTime])
      })
    ).jsonValue()
    const mountedAt = await page.evaluate(() => (window as { mountedAt?: number }).mountedAt)
    expect(mountedAt).toBeTypeOf('number')
    expect((starts as [string, number][]).map(([name]) => name)).toEqual(['delivery'])
    for (const [, start] of starts as [string, number][]) expect(start).toBeGreaterThan(mountedAt!)
  })

  it('asks Chromium to compile the runtime and the UI chunk while they download, and no other file', async () => {
    // V8 reads this line only as the first of the file: every function of the file is then
    // compiled on a background thread as it streams in, not on the main thread when first called.
    await suite.newContext()
    const page = await suite.context.newPage()
    suite.site.pages['/hint'] = snippetPage({ collector: `${suite.collector.url}/v1/responses`, surveys: [SURVEY] }, `<script>touchpoint('on', 'shown', () => (window.shown = true))</script>`)
    await page.goto(`${suite.site.url}/hint`)
    await page.evaluate(() => touchpoint('track', 'go'))
    await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => /touchpoint-delivery-/.test(e.name)))
    const firstLines = await page.evaluate(async () => {
      const urls = performance.getEntriesByType('resource').map((e) => e.name).filter((u) => /\/touchpoint[\w-]*\.js$/.test(u))
      return Object.fromEntries(await Promise.all(urls.map(async (u) => [u.replace(/.*\/touchpoint-?([a-z]*).*/, '$1') || 'loader', (await (await fetch(u)).text()).split('\n')[0]])))
    })
    expect(Object.keys(firstLines)).toEqual(expect.arrayContaining(['loader', 'runtime', 'widget', 'delivery']))
    for (const [chunk, line] of Object.entries(firstLines)) expect(line === '//# allFunctionsCalledOnLoad', chunk).toBe(chunk === 'runtime' || chunk === 'widget')
  })
})

declare const touchpoint: (...args: unknown[]) => unknown
