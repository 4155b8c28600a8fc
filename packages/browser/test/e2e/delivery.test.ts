import { afterEach, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { startFlakyProxy } from './harness/flaky-proxy.js'
import { snippetPage } from './harness/site.js'
import { useSuite } from './harness/suite.js'
import { queueSize } from './harness/queue.js'
import { answerNps } from './harness/prompt.js'

// Every test ends the same way: each answer stored exactly once by the (deduping) collector,
// none lost, the queue on the device empty.
// Answers alone (`events: false`), so that the queue counts answers: prompt events under the
// same faults are events.test.ts'.

const suite = useSuite()
let proxy: Awaited<ReturnType<typeof startFlakyProxy>>
let n = 0

const SURVEY = { id: 'delivery-nps', type: 'nps', triggers: [{ on: 'event', event: 'never' }] }

afterEach(async () => {
  await proxy?.close()
})

/** A fresh visitor, a fresh flaky collector, and a page that records the SDK's events. */
async function setUp() {
  proxy = await startFlakyProxy(`${suite.collector.url}/v1/responses`)
  await suite.newContext()
  const path = `/d${++n}`
  suite.site.pages[path] = snippetPage(
    { collector: proxy.url, surveys: [SURVEY], debug: true, events: false },
    `<script>
      const seen = (window.seen = { answered: [], delivered: [], dropped: [] })
      touchpoint('on', 'answered', (e) => seen.answered.push(e.id))
      touchpoint('on', 'delivered', (e) => seen.delivered.push(...e.ids))
      touchpoint('on', 'dropped', (e) => seen.dropped.push(e))
    </script>`,
  )
  return suite.site.url + path
}

async function open(url: string): Promise<Page & { logs: string[]; errors: string[] }> {
  const page = Object.assign(await suite.context.newPage(), { logs: [] as string[], errors: [] as string[] })
  page.on('console', (m) => {
    page.logs.push(m.text())
    if (m.type() === 'error' && m.text().startsWith('[touchpoint]')) page.errors.push(m.text())
  })
  await page.goto(url)
  await page.waitForFunction(() => (window as { touchpoint?: { loaded?: boolean } }).touchpoint?.loaded)
  return page
}

/** Shows the survey, answers `score`, closes the thanks; the answer's id once it is in the queue. */
const answer = (page: Page, score = 9, whileShown?: () => Promise<void>) => answerNps(page, 'delivery-nps', score, whileShown)

/** Resolves once the page has fetched the delivery code (or failed to: a resource entry either way). */
const deliveryCodeFetched = (page: Page) =>
  page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.includes('touchpoint-delivery-')))

/** Takes the network away once the delivery code is on the page: it is fetched as the prompt shows. */
const offlineOnceFetched = (page: Page) => async () => {
  await deliveryCodeFetched(page)
  await suite.context.setOffline(true)
}

const stored = async (ids: string[]) =>
  (await suite.collector.db.query<{ n: number }>('SELECT count(*)::int AS n FROM responses WHERE id = ANY($1::uuid[])', [ids]))[0]!.n

async function expectStoredOnce(ids: string[], page?: Page) {
  await expect.poll(() => stored(ids), { timeout: 15_000 }).toBe(ids.length)
  for (const id of ids) expect(proxy.arrivals.get(id)).toBeGreaterThanOrEqual(1)
  if (page) await expect.poll(() => queueSize(page), { timeout: 10_000 }).toBe(0)
}

describe('durable delivery in real Chromium', () => {
  it('offline while answering, then a reload back online: sent at start, stored once', async () => {
    const url = await setUp()
    const page = await open(url)
    const id = await answer(page, 9, offlineOnceFetched(page))
    await expect.poll(() => page.logs.some((l) => l.includes('not delivered (Failed to fetch)'))).toBe(true)
    expect(await queueSize(page)).toBe(1)
    expect(await stored([id])).toBe(0)
    await suite.context.setOffline(false)
    await page.reload()
    await expectStoredOnce([id], page)
  })

  it('offline, then back online: the online event sends it without a reload', async () => {
    const url = await setUp()
    const page = await open(url)
    const id = await answer(page, 3, offlineOnceFetched(page))
    await expect.poll(() => page.logs.some((l) => l.includes('not delivered'))).toBe(true)
    await suite.context.setOffline(false)
    await expectStoredOnce([id], page)
  })

  it('offline since before the prompt, so the delivery code never loaded: back online, it is fetched and the answer sent', async () => {
    const url = await setUp()
    let blocked = true
    await suite.context.route(/touchpoint-delivery-.*\.js$/, (route) => (blocked ? route.abort('internetdisconnected') : route.continue()))
    const page = await open(url)
    const id = await answer(page, 7, () => suite.context.setOffline(true))
    await expect.poll(() => page.errors.some((l) => l.includes('touchpoint-delivery-'))).toBe(true)
    expect(await stored([id])).toBe(0)
    blocked = false
    await suite.context.setOffline(false)
    await expectStoredOnce([id], page)
  })

  it('destroy() while the delivery code fails to load (offline): nothing escapes into the page, and the answer waits on disk', async () => {
    const url = await setUp()
    let asked = false
    let fail = () => {}
    const failing = new Promise<void>((resolve) => (fail = resolve))
    await suite.context.route(/touchpoint-delivery-.*\.js$/, async (route) => {
      asked = true
      await failing
      await route.abort('internetdisconnected')
    })
    const page = await open(url)
    const escaped: string[] = []
    page.on('pageerror', (e) => escaped.push(e.message))
    await page.evaluate(() => addEventListener('unhandledrejection', (e) => console.log(`unhandled: ${e.reason}`)))
    const id = await answer(page, 6)
    await expect.poll(() => asked).toBe(true)
    await page.evaluate(() => touchpoint('destroy'))
    fail()
    // The import fails in the page once the abort reaches it; then a few tasks for its handlers.
    await deliveryCodeFetched(page)
    await page.evaluate(() => new Promise((r) => setTimeout(r, 200)))
    expect([escaped, page.logs.filter((l) => l.startsWith('unhandled'))]).toEqual([[], []])
    expect(await queueSize(page)).toBe(1)
    expect(await stored([id])).toBe(0)
  })

  it('503 three times, then 200: retried with backoff, stored once', async () => {
    const url = await setUp()
    proxy.faults.push({ status: 503 }, { status: 503 }, { status: 503 })
    const page = await open(url)
    const id = await answer(page)
    await expectStoredOnce([id], page)
    expect(proxy.log.filter((l) => l.ids.includes(id)).map((l) => l.status)).toEqual([503, 503, 503, 200])
  })

  it('a flush() that comes while one is sending gets a pass of its own, in the same hold of the flush lock', async () => {
    const url = await setUp()
    // Backoffs take their longest jittered value: no retry timer sends between the rounds below.
    await suite.context.addInitScript(() => (Math.random = () => 0.999))
    proxy.down = true
    const page = await open(url)
    const id = await answer(page)
    // The answer's own attempt is over once a flush of ours has run alone.
    await page.evaluate(() => touchpoint('flush'))
    proxy.down = false
    // Six rounds: the old code lost the pass whenever Chromium refused it the lock, about half the time.
    for (let i = 0; i < 6; i++) {
      // The next send waits to be released, then gets 503; and so does the one after it.
      proxy.faults.push({ hold: true, status: 503 }, { status: 503 })
      const before = proxy.log.length
      void page.evaluate(() => void touchpoint('flush'))
      await expect.poll(() => proxy.log.length).toBe(before + 1)
      // Joins the pass under way (before the 503 can reach the page), and resolves when the
      // pass it asked for is done too. That pass once took the flush lock again at once, which
      // a tab that has just let it go is often refused: nothing was sent.
      await page.evaluate(() => void ((window as any).joined = touchpoint('flush')))
      proxy.release()
      await page.evaluate(() => (window as any).joined)
      expect(proxy.log.slice(before).map((l) => l.status)).toEqual([503, 503])
    }
    await page.evaluate(() => touchpoint('flush'))
    await expectStoredOnce([id], page)
  })

  it('429 with Retry-After: waits as asked, then stored once', async () => {
    const url = await setUp()
    proxy.faults.push({ status: 429, headers: { 'Retry-After': '2' } })
    const page = await open(url)
    const id = await answer(page)
    await expectStoredOnce([id], page)
    const [refused, accepted] = proxy.log.filter((l) => l.ids.includes(id) && !l.type.startsWith('text/plain'))
    expect([refused!.status, accepted!.status]).toEqual([429, 200])
    expect(accepted!.at - refused!.at).toBeGreaterThanOrEqual(1950)
    expect(page.logs.some((l) => l.includes('not delivered (HTTP 429); next try in 2s'))).toBe(true)
  })

  it('400: "dropped" fires and the queue moves on', async () => {
    const url = await setUp()
    proxy.faults.push({ status: 400 })
    const page = await open(url)
    const refused = await answer(page, 1)
    await expect.poll(() => page.evaluate(() => (window as any).seen.dropped)).toEqual([{ ids: [refused], reason: 'rejected', status: 400 }])
    const next = await answer(page, 10)
    await expectStoredOnce([next], page)
    expect(await stored([refused])).toBe(0)
  })

  it('a batch the collector takes but for one answer: that one is dropped with its reason, the others delivered', async () => {
    const url = await setUp()
    const page = await open(url)
    proxy.down = true
    const bad = await answer(page, 9)
    const good = await answer(page, 7)
    await expect.poll(() => queueSize(page)).toBe(2)
    // Failed together a few times, the two wait out backoffs of seconds: no retry timer splits
    // them in the moment between the collector coming back and the flush below.
    for (let i = 0; i < 3; i++) await page.evaluate(() => touchpoint('flush'))
    // On its way, one answer of the batch becomes one the reference collector must refuse.
    proxy.rewrite = (e) => ({ ...e, responses: e.responses.map((r) => (r.id === bad ? { ...r, score: 11 } : r)) })
    proxy.down = false
    await page.evaluate(() => touchpoint('flush'))
    await expectStoredOnce([good], page)
    expect(await stored([bad])).toBe(0)
    expect(proxy.log.filter((l) => l.status === 200).map((l) => l.ids.sort())).toEqual([[bad, good].sort()])
    expect(await page.evaluate(() => (window as any).seen.delivered)).toEqual([good])
    expect(await page.evaluate(() => (window as any).seen.dropped)).toEqual([
      { ids: [bad], reason: 'rejected', status: 200, reasons: { [bad]: 'score 11 is outside the nps scale 0–10' } },
    ])
    expect(page.errors).toEqual([`[touchpoint] 1 answer dropped: the collector at ${proxy.url} rejected it: ${bad}: score 11 is outside the nps scale 0–10`])
  })

  it('page closed right after answering: the beacon delivers it, the next visit cleans up', async () => {
    const url = await setUp()
    proxy.faults.push({ hold: true })
    const page = await open(url)
    const id = await answer(page)
    await expect.poll(() => proxy.log.some((l) => l.status === 'held')).toBe(true)
    await page.close({ runBeforeUnload: true })
    await expect.poll(() => stored([id]), { timeout: 20_000 }).toBe(1)
    expect(proxy.log.some((l) => l.type.startsWith('text/plain') && l.ids.includes(id))).toBe(true)
    // Nobody saw a 2xx for it in that page: the next visit sends it again; the collector dedupes.
    const next = await open(url)
    await expectStoredOnce([id], next)
    expect(proxy.arrivals.get(id)).toBeGreaterThanOrEqual(3)
  })

  it('renderer crash in the middle of a flush: sent again on the next load, stored once', async () => {
    const url = await setUp()
    proxy.faults.push({ hold: true })
    const page = await open(url)
    const id = await answer(page)
    await expect.poll(() => proxy.log.some((l) => l.status === 'held' && l.ids.includes(id))).toBe(true)
    const crashed = new Promise((r) => page.once('crash', r))
    void (await suite.context.newCDPSession(page)).send('Page.crash').catch(() => {})
    await crashed
    proxy.release()
    const next = await open(url)
    await expectStoredOnce([id], next)
  })

  it('three tabs with queued answers: one tab flushes at a time, each answer stored once', async () => {
    const url = await setUp()
    const tabs = [await open(url), await open(url), await open(url)]
    proxy.down = true
    const ids: string[] = []
    for (const tab of tabs) {
      await tab.bringToFront()
      ids.push(await answer(tab))
    }
    await expect.poll(() => queueSize(tabs[0]!)).toBe(3)
    proxy.down = false
    proxy.latencyMs = 150
    // All three tabs ask at the same moment; the flush lock lets one of them send.
    await Promise.all(tabs.map((t) => t.evaluate(() => touchpoint('flush'))))
    await expectStoredOnce(ids, tabs[0])
    expect(proxy.maxInFlight).toBe(1)
    for (const id of ids) expect(proxy.log.filter((l) => l.status === 200 && l.ids.includes(id))).toHaveLength(1)
  })

  it('flush() in a tab that cannot send: the tab sending is woken once, sends what waits out a backoff, and the other tabs do not wake each other', async () => {
    const url = await setUp()
    // Each tab lists the wake-ups sent on the channel, its own included. Backoffs take their
    // longest jittered value: only a forced flush sends a waiting answer within the test's wait.
    await suite.context.addInitScript(() => {
      Math.random = () => 0.999
      const heard: unknown[] = ((window as any).heard = [])
      new BroadcastChannel('touchpoint').onmessage = (e) => heard.push(e.data)
    })
    const [sender, asking, third] = [await open(url), await open(url), await open(url)]
    // A tab in the background draws no frames: the prompt is answered in the front one.
    await sender.bringToFront()
    proxy.down = true
    const waiting = await answer(sender)
    // Failed six times, the answer now waits out a backoff of a minute.
    for (let i = 0; i < 5; i++) await sender.evaluate(() => touchpoint('flush'))
    const first = await answer(sender)
    // The third tab loads its delivery code (which listens for wake-ups) as a flush of its own fails.
    await third.evaluate(() => touchpoint('flush'))
    proxy.down = false
    // The sender's next send hangs: it holds the flush lock until the proxy lets go.
    proxy.faults.push({ hold: true })
    await sender.evaluate(() => void touchpoint('flush'))
    await expect.poll(() => proxy.log.some((l) => l.status === 'held')).toBe(true)
    const heard = (p: Page) => p.evaluate(() => (window as any).heard as unknown[])
    const before = await Promise.all([sender, asking, third].map(heard))
    await asking.evaluate(() => void touchpoint('flush'))
    await expect.poll(async () => (await heard(sender)).slice(before[0]!.length)).toEqual(['force'])
    // A quarter of a second later, the sender still busy: one wake-up went out, the asking
    // tab's. The third tab, woken and unable to send, did not pass it on.
    await new Promise((r) => setTimeout(r, 250))
    const since = await Promise.all([sender, asking, third].map(async (p, i) => (await heard(p)).slice(before[i]!.length)))
    expect(since).toEqual([['force'], ['force'], ['force']])
    proxy.release()
    // Woken with force, the sender sends the answer still waiting out its backoff at once.
    await expectStoredOnce([first, waiting], sender)
  })

  it('IndexedDB unavailable: the answer is kept in memory and delivered from the page', async () => {
    const url = await setUp()
    await suite.context.addInitScript(() => Object.defineProperty(window, 'indexedDB', { value: undefined }))
    const page = await open(url)
    const id = await answer(page)
    await expectStoredOnce([id])
    expect(page.logs).toContain('[touchpoint] storage: IndexedDB is unavailable here: answers are kept in memory and sent from this page only')
  })
})

declare const touchpoint: (...args: unknown[]) => unknown
