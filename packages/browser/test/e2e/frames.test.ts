import { describe, expect, it } from 'vitest'
import { snippetPage } from './harness/site.js'
import { useSuite } from './harness/suite.js'

// A page inside a sandboxed iframe (sandbox="allow-scripts", no allow-same-origin) has an
// opaque origin: IndexedDB throws there, and Web Locks refuse every request. Touchpoint keeps
// its state in memory, and takes the prompt's lock as a lease in that memory, so the prompt
// still shows, once, and its answer is still sent.

const suite = useSuite()

describe('in a sandboxed iframe, in real Chromium', () => {
  it('shows the prompt and sends its answer, though Web Locks and IndexedDB refuse to work there', async () => {
    const survey = { id: 'framed-csat', type: 'csat', triggers: [{ on: 'pageview' }] }
    suite.site.pages['/framed'] = snippetPage(
      { collector: `${suite.collector.url}/v1/responses`, surveys: [survey] },
      `<script>
        window.seen = []
        for (const e of ['shown', 'answered', 'delivered', 'error']) touchpoint('on', e, () => window.seen.push(e))
      </script>`,
    )
    suite.site.pages['/host'] = '<!doctype html><title>host</title><iframe sandbox="allow-scripts" src="/framed" style="width:600px;height:500px"></iframe>'
    await suite.newContext()
    const page = await suite.context.newPage()
    await page.goto(`${suite.site.url}/host`)
    const frame = await (await page.waitForSelector('iframe')).contentFrame()
    // What the frame can use: neither Web Locks nor IndexedDB.
    expect(
      await frame!.evaluate(async () => [
        await navigator.locks.request('probe', () => 'granted').catch((e: Error) => e.name),
        await Promise.resolve().then(() => indexedDB.open('probe')).then(() => 'opened', (e: Error) => e.name),
      ]),
    ).toEqual(['SecurityError', 'SecurityError'])

    await frame!.waitForFunction(() => (window as any).seen.includes('shown'), undefined, { timeout: 10_000 })
    await frame!.locator('[data-touchpoint] >> input[value="5"]').click()
    // Enter in the form: the browser clicks Send for it. No form is ever submitted there (the
    // sandbox has no allow-forms, and blocks that before any submit event).
    await page.keyboard.press('Enter')
    await frame!.waitForFunction(() => (window as any).seen.includes('delivered'), undefined, { timeout: 10_000 })
    expect(await frame!.evaluate(() => (window as any).seen)).toEqual(['shown', 'answered', 'delivered'])
    expect(await suite.collector.db.query("SELECT score FROM responses WHERE survey_id = 'framed-csat'")).toEqual([{ score: 5 }])
  })
})
