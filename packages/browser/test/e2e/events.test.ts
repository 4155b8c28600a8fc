import { afterEach, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { Envelope, EventPayload, ResponsePayload } from '@touchpoint/core'
import { startFlakyProxy } from './harness/flaky-proxy.js'
import { snippetPage } from './harness/site.js'
import { useSuite } from './harness/suite.js'
import { queueSize } from './harness/queue.js'

// Prompt events and answer context in real Chromium: what the SDK sends, as a receiver in front
// of the reference collector sees it (every body, fetches and beacons).

const suite = useSuite()
let proxy: Awaited<ReturnType<typeof startFlakyProxy>>
let n = 0

const SURVEY = {
  id: 'checkout-nps',
  type: 'nps',
  touchpoint: 'checkout',
  context: ['orderId', 'plan'],
  triggers: [{ on: 'event', event: 'checkout_completed' }],
  // Asked again at once after a dismissal, so that one visit can show it twice.
  frequency: { recontactDays: 0 },
}
const QUESTION = 'How likely are you to recommend us to a friend or colleague?'

afterEach(async () => {
  await proxy?.close()
})

async function open(options: Record<string, unknown> = {}): Promise<Page & { logs: string[] }> {
  proxy = await startFlakyProxy(`${suite.collector.url}/v1/responses`)
  await suite.newContext()
  const path = `/e${++n}`
  suite.site.pages[path] = snippetPage({ collector: proxy.url, surveys: [SURVEY], debug: true, ...options })
  const page = Object.assign(await suite.context.newPage(), { logs: [] as string[] })
  page.on('console', (m) => page.logs.push(m.text()))
  await page.goto(suite.site.url + path)
  await page.waitForFunction(() => (window as { touchpoint?: { loaded?: boolean } }).touchpoint?.loaded)
  return page
}

const checkout = (page: Page) =>
  page.evaluate(() => touchpoint('track', 'checkout_completed', { orderId: 'A-1', plan: 'pro', email: 'x@y' }))

async function dismiss(page: Page) {
  const dialog = page.getByRole('dialog', { name: QUESTION })
  await dialog.waitFor()
  await dialog.getByRole('button', { name: 'Close' }).click()
  await dialog.waitFor({ state: 'detached' })
}

async function answer(page: Page, score: number) {
  const dialog = page.getByRole('dialog', { name: QUESTION })
  await dialog.getByRole('radio', { name: new RegExp(`^${score}\\b`) }).check()
  await dialog.getByRole('button', { name: 'Send' }).click()
}

/** What arrived, each record once (a beacon and a fetch may carry the same record). */
function received() {
  const envelopes = proxy.bodies.map((b) => JSON.parse(b) as Envelope)
  const once = <T extends { id: string }>(all: T[]) => [...new Map(all.map((r) => [r.id, r])).values()]
  return {
    events: once(envelopes.flatMap((e) => e.events ?? [])) as EventPayload[],
    answers: once(envelopes.flatMap((e) => e.responses)) as ResponsePayload[],
  }
}

const kinds = (events: EventPayload[]) => events.map((e) => e.kind).sort()

describe('prompt events and context in real Chromium', () => {
  it('shown, dismissed, shown again, answered: 2 shown, 1 dismissed, 1 answer with its context, and no email anywhere', async () => {
    const page = await open()
    await checkout(page)
    await dismiss(page)
    // The dismissal sends the prompt's two events at once.
    await expect.poll(() => kinds(received().events), { timeout: 10_000 }).toEqual(['dismissed', 'shown'])
    expect(received().answers).toEqual([])
    await checkout(page)
    await answer(page, 9)
    await expect.poll(() => received().answers.length, { timeout: 10_000 }).toBe(1)
    await expect.poll(() => queueSize(page)).toBe(0)

    const { events, answers } = received()
    expect(kinds(events)).toEqual(['dismissed', 'shown', 'shown'])
    for (const e of events) {
      expect(e).toMatchObject({ surveyId: 'checkout-nps', type: 'nps', touchpoint: 'checkout', trigger: 'event:checkout_completed', device: 'desktop' })
      expect(Object.keys(e)).not.toContain('score')
      expect(Object.keys(e)).not.toContain('comment')
      expect(Object.keys(e)).not.toContain('context')
    }
    expect(answers[0]).toMatchObject({ score: 9, context: { orderId: 'A-1', plan: 'pro' } })
    expect(proxy.bodies.join('\n')).not.toContain('x@y')
    expect(proxy.bodies.join('\n')).not.toContain('email')
    // Each arrived with a 2xx from the reference collector, and nothing is left to send.
    expect(proxy.log.filter((l) => l.status !== 200)).toEqual([])
    // The reference collector counted what it stored: 1 answer of 2 prompts shown, 1 dismissed.
    const stats = await (await fetch(`${suite.collector.url}/v1/stats?survey=checkout-nps&groupBy=touchpoint`)).json()
    expect(stats.results).toEqual([expect.objectContaining({ touchpoint: 'checkout', n: 1, shown: 2, dismissed: 1, responseRate: 50 })])
    // Stored with its context, which the stats break down and filter by.
    const byPlan = await (await fetch(`${suite.collector.url}/v1/stats?survey=checkout-nps&context.orderId=A-1&groupBy=context.plan`)).json()
    expect(byPlan.results).toEqual([expect.objectContaining({ 'context.plan': 'pro', n: 1, score: 100 })])
    const exported = await (await fetch(`${suite.collector.url}/v1/export?survey=checkout-nps`)).text()
    const [head, row] = exported.trim().split(/\r?\n/).map((line) => line.split(','))
    expect(head!.filter((c) => c.startsWith('context.'))).toEqual(['context.orderId', 'context.plan'])
    expect(row![head!.indexOf('context.orderId')]).toBe('A-1')
    expect(row![head!.indexOf('context.plan')]).toBe('pro')
    expect(exported).not.toContain('x@y')
  })

  it("touchpoint('show', id, { context }) gives the answer its context, the listed keys only", async () => {
    const page = await open()
    await page.evaluate(() => touchpoint('show', 'checkout-nps', { context: { orderId: 'B-2', plan: 'team', email: 'x@y' } }))
    await page.getByRole('dialog', { name: QUESTION }).waitFor()
    await answer(page, 7)
    await expect.poll(() => received().answers.length, { timeout: 10_000 }).toBe(1)
    expect(received().answers[0]!.context).toEqual({ orderId: 'B-2', plan: 'team' })
    expect(proxy.bodies.join('\n')).not.toContain('x@y')
  })

  it('events: false sends the answer alone', async () => {
    const page = await open({ events: false })
    await checkout(page)
    await dismiss(page)
    await checkout(page)
    await answer(page, 4)
    await expect.poll(() => received().answers.length, { timeout: 10_000 }).toBe(1)
    await page.evaluate(() => touchpoint('flush'))
    expect(received().events).toEqual([])
    expect(proxy.bodies.every((b) => !('events' in JSON.parse(b)))).toBe(true)
    expect(await queueSize(page)).toBe(0)
  })

  it('events queued offline are delivered after a reload, once each', async () => {
    const page = await open()
    await checkout(page)
    await page.getByRole('dialog', { name: QUESTION }).waitFor()
    // The prompt and the delivery code are on the page (fetched as it showed); then the network goes.
    await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.includes('touchpoint-delivery-')))
    await suite.context.setOffline(true)
    await dismiss(page)
    await expect.poll(() => page.logs.some((l) => l.includes('not delivered (Failed to fetch)'))).toBe(true)
    expect(await queueSize(page)).toBe(2)
    expect(proxy.bodies).toEqual([])
    const queued = await page.evaluate(
      () =>
        new Promise<string[]>((resolve) => {
          const open = indexedDB.open('touchpoint-queue')
          open.onsuccess = () => {
            const keys = open.result.transaction('responses').objectStore('responses').getAllKeys()
            keys.onsuccess = () => (open.result.close(), resolve(keys.result as string[]))
          }
        }),
    )
    await suite.context.setOffline(false)
    await page.reload()
    await page.waitForFunction(() => (window as { touchpoint?: { loaded?: boolean } }).touchpoint?.loaded)
    await expect.poll(() => queueSize(page), { timeout: 15_000 }).toBe(0)
    // Each event arrived under the id it was queued with, and no other was made: a beacon as the
    // page unloaded and the send at start may both carry one (the collector stores it once).
    expect(received().events.map((e) => e.id).sort()).toEqual([...queued].sort())
    expect(kinds(received().events)).toEqual(['dismissed', 'shown'])
    for (const id of queued) expect(proxy.arrivals.get(id)).toBeGreaterThanOrEqual(1)
    expect(proxy.log.filter((l) => l.type.startsWith('application/json')).every((l) => l.status === 200)).toBe(true)
  })
})

declare const touchpoint: (...args: unknown[]) => Promise<unknown>
