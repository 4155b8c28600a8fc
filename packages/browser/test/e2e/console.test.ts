import { afterEach, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { startFlakyProxy } from './harness/flaky-proxy.js'
import { snippetPage } from './harness/site.js'
import { useSuite } from './harness/suite.js'
import { answerNps } from './harness/prompt.js'

// What a developer sees on the console when something goes wrong, with debug mode off.

const suite = useSuite()
let proxy: Awaited<ReturnType<typeof startFlakyProxy>> | undefined
let n = 0

const SURVEY = { id: 'console-nps', type: 'nps', triggers: [{ on: 'event', event: 'never' }] }

afterEach(async () => {
  await proxy?.close()
  proxy = undefined
})

type Console = { type: string; text: string }[]

/** A new visitor on a snippet page with these init options; its console, Touchpoint's lines only. */
async function open(options: Record<string, unknown>): Promise<{ page: Page; console: Console; url: string }> {
  const path = `/c${++n}`
  suite.site.pages[path] = snippetPage(
    options,
    `<script>
      window.seen = { ready: null, answered: [] }
      touchpoint('on', 'ready', (e) => (seen.ready = e.surveys))
      touchpoint('on', 'answered', (e) => seen.answered.push(e.id))
    </script>`,
  )
  await suite.newContext()
  return { ...(await load(suite.site.url + path)), url: suite.site.url + path }
}

async function load(url: string): Promise<{ page: Page; console: Console }> {
  const page = await suite.context.newPage()
  const console: Console = []
  page.on('console', (m) => m.text().startsWith('[touchpoint]') && console.push({ type: m.type(), text: m.text() }))
  await page.goto(url)
  await page.waitForFunction(() => (window as any).seen.ready)
  return { page, console }
}

const answer = (page: Page) => answerNps(page, 'console-nps', 6)

const of = (console: Console, type: string) => console.filter((l) => l.type === type).map((l) => l.text)

describe('the console in real Chromium, debug off', () => {
  it('a collector written without its scheme is an init error that names the fix; nothing runs or is sent', async () => {
    const collector = suite.collector.url.replace('http://', '') + '/v1/responses'
    const { page, console } = await open({ collector, surveys: [SURVEY] })
    const requests: string[] = []
    page.on('request', (r) => requests.push(r.url()))
    expect(await page.evaluate(() => (window as any).seen.ready)).toEqual([])
    expect(of(console, 'error')).toEqual([
      `[touchpoint] init: collector "${collector}" looks like a host without a scheme: write "http://${collector}" (or a path such as "/v1/responses" for a collector on this site); no survey runs without a collector`,
    ])
    await page.evaluate(() => touchpoint('flush'))
    expect(requests.filter((u) => u.includes('/v1/responses'))).toEqual([])
  })

  it('answers a collector refuses are one console error per batch, with the status and what to check', async () => {
    proxy = await startFlakyProxy(`${suite.collector.url}/v1/responses`)
    const { page, console } = await open({ collector: proxy.url, surveys: [SURVEY] })
    proxy.down = true
    await answer(page)
    await answer(page)
    // Both fail together a few times (backoffs of seconds keep them together), then the
    // collector answers 404 to the batch that carries them.
    for (let i = 0; i < 3; i++) await page.evaluate(() => touchpoint('flush'))
    proxy.down = false
    proxy.faults.push({ status: 404 })
    await page.evaluate(() => touchpoint('flush'))
    await expect.poll(() => of(console, 'error')).toEqual([
      // The two prompts' displays went in the same batch.
      `[touchpoint] 2 answers and 2 prompt events dropped: the collector at ${proxy!.url} answered HTTP 404; check the collector URL (init option collector)`,
    ])
  })

  it('a collector that keeps failing is one warning per page load, however many retries', async () => {
    proxy = await startFlakyProxy(`${suite.collector.url}/v1/responses`)
    proxy.down = true
    const { page, console, url } = await open({ collector: proxy.url, surveys: [SURVEY] })
    await answer(page)
    // Nine failed attempts. A flush that comes while the answer's own attempt is under way
    // joins it rather than starting another, so the flushes go on until nine have failed.
    const failed = () => proxy!.log.filter((l) => l.status === 503).length
    for (let i = 0; i < 20 && failed() < 9; i++) await page.evaluate(() => touchpoint('flush'))
    expect(failed()).toBeGreaterThanOrEqual(9)
    // Printed once its wording's chunk has loaded, which no flush waits for.
    await expect.poll(() => of(console, 'warning')).toEqual([
      `[touchpoint] the collector at ${proxy.url} keeps failing: 3 attempts, last error HTTP 503; answers stay queued and are retried`,
    ])
    expect(of(console, 'error')).toEqual([])
    // The next page load says it once more, at its first failure: the answer has failed 9 times.
    // (This page closes first: one tab flushes at a time, and it would do the next page's flushes.)
    await page.close()
    const next = await load(url)
    for (let i = 0; i < 3; i++) await next.page.evaluate(() => touchpoint('flush'))
    await expect.poll(() => of(next.console, 'warning')).toEqual([
      expect.stringMatching(/^\[touchpoint\] the collector at .* keeps failing: 1\d attempts, last error HTTP 503; answers stay queued and are retried$/),
    ])
  })

  it('a misspelt optional field: the survey runs without it, and a warning names the field meant', async () => {
    const { page, console } = await open({
      collector: `${suite.collector.url}/v1/responses`,
      surveys: [{ ...SURVEY, folowUp: true }, { ...SURVEY, id: 'wrong-value', followUp: 3 }],
    })
    expect(await page.evaluate(() => (window as any).seen.ready)).toEqual(['console-nps'])
    expect(of(console, 'warning')).toEqual([
      '[touchpoint] survey "console-nps": folowUp is not a known field (did you mean followUp?); the survey runs without it',
    ])
    expect(of(console, 'error')).toEqual([
      '[touchpoint] survey "wrong-value": followUp must be true, false, a text or a { "locale": "text" } map (got 3)',
    ])
    const id = await answer(page)
    await expect.poll(async () => (await suite.collector.db.query('SELECT 1 FROM responses WHERE id = $1', [id])).length, { timeout: 15_000 }).toBe(1)
  })
})

declare const touchpoint: (...args: unknown[]) => unknown
