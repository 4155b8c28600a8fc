import { describe, expect, it } from 'vitest'
import { snippetPage } from './harness/site.js'
import { useSuite } from './harness/suite.js'

// What a prompt's first frame waits for, in real Chromium: the trimming and delivery chunks are
// needed only once the visitor answers, so they are requested after the prompt is on the page,
// not in the task that mounts it (requesting and running them there delayed its first frame).

const suite = useSuite()

const SURVEY = { id: 'chunks-csat', type: 'csat', triggers: [{ on: 'event', event: 'go' }], frequency: { recontactDays: 0 } }

describe('showing a prompt in real Chromium', () => {
  it('requests the trimming and delivery chunks only after the prompt is on the page', async () => {
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
        return chunks.length === 2 && chunks.map((e) => e.startTime)
      })
    ).jsonValue()
    const mountedAt = await page.evaluate(() => (window as { mountedAt?: number }).mountedAt)
    expect(mountedAt).toBeTypeOf('number')
    for (const start of starts as number[]) expect(start).toBeGreaterThan(mountedAt!)
  })
})

declare const touchpoint: (...args: unknown[]) => unknown
