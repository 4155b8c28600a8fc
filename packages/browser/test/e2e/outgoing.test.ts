import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { snippetPage } from './harness/site.js'
import { putRecord } from './harness/queue.js'
import { useSuite } from './harness/suite.js'

// What leaves the page, as the reference collector stores it: within the protocol's limits
// whatever the page's URL, with the identifying parts of paths redacted.

const suite = useSuite()

const SURVEY = { id: 'outgoing-nps', type: 'nps', triggers: [{ on: 'event', event: 'never' }] }
const QUESTION = 'How likely are you to recommend us to a friend or colleague?'

/** Serves the snippet page at `path`, opens it as a new visitor (`prepare`d first), answers 8; returns the answer id. */
async function answerAt(path: string, options: Record<string, unknown> = {}, prepare?: () => Promise<unknown>): Promise<{ id: string; page: Page; logs: string[] }> {
  suite.site.pages[path.replace(/[?#].*/, '')] = snippetPage(
    { collector: `${suite.collector.url}/v1/responses`, surveys: [SURVEY], ...options },
    `<script>touchpoint('on', 'answered', (e) => (window.answered = e.id))</script>`,
  )
  await suite.newContext()
  await prepare?.()
  const page = await suite.context.newPage()
  const logs: string[] = []
  page.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`))
  await page.goto(suite.site.url + path)
  await page.waitForFunction(() => (window as { touchpoint?: { loaded?: boolean } }).touchpoint?.loaded)
  await page.evaluate(() => touchpoint('show', 'outgoing-nps'))
  const dialog = page.getByRole('dialog', { name: QUESTION })
  await dialog.getByRole('radio', { name: /^8\b/ }).check()
  await dialog.getByRole('button', { name: 'Send' }).click()
  const id = await (await page.waitForFunction(() => (window as { answered?: string }).answered)).jsonValue()
  return { id: id as string, page, logs }
}

/** The answer as the collector stored it, once it is there. */
async function storedRow(id: string) {
  const row = async () =>
    (await suite.collector.db.query<Record<string, unknown>>('SELECT page_url, page_path, referrer, user_id, attributes FROM responses WHERE id = $1', [id]))[0]
  await expect.poll(row, { timeout: 15_000 }).toBeTruthy()
  return (await row())!
}

describe('what leaves the page, in real Chromium against the reference collector', () => {
  it('an answer from a plain-http page, where crypto.randomUUID does not exist, has a v4 UUID for id', async () => {
    // http://shop.test is not a secure context (localhost would be): Playwright serves it from
    // the test site, and its /v1/ paths from the collector.
    suite.site.pages['/plain-http'] = snippetPage(
      { collector: 'http://shop.test/v1/responses', surveys: [SURVEY] },
      `<script>touchpoint('on', 'answered', (e) => (window.answered = e.id))</script>`,
    )
    await suite.newContext()
    await suite.context.route('http://shop.test/**', async (route) => {
      const { pathname, search } = new URL(route.request().url())
      const target = (pathname.startsWith('/v1/') ? suite.collector.url : suite.site.url) + pathname + search
      // A request still in flight when the test's context closes has no one to answer.
      await route.fetch({ url: target }).then((response) => route.fulfill({ response })).catch(() => {})
    })
    const page = await suite.context.newPage()
    const logs: string[] = []
    page.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`))
    await page.goto('http://shop.test/plain-http')
    expect(await page.evaluate(() => [isSecureContext, typeof crypto.randomUUID])).toEqual([false, 'undefined'])
    await page.waitForFunction(() => (window as { touchpoint?: { loaded?: boolean } }).touchpoint?.loaded)
    await page.evaluate(() => touchpoint('show', 'outgoing-nps'))
    const dialog = page.getByRole('dialog', { name: QUESTION })
    await dialog.getByRole('radio', { name: /^8\b/ }).check()
    await dialog.getByRole('button', { name: 'Send' }).click()
    const id = (await (await page.waitForFunction(() => (window as { answered?: string }).answered)).jsonValue()) as string
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    const row = await storedRow(id)
    expect(row.page_url).toBe('http://shop.test/plain-http')
    expect(logs.filter((l) => l.startsWith('error:'))).toEqual([])
  })

  it('an answer from a page with a 10 kB URL is accepted, its fields within the limits', async () => {
    const path = `/search/${'running-shoes/'.repeat(500)}results`
    expect(path.length).toBeGreaterThan(7000)
    const query = `?filters=${'size-42,'.repeat(400)}`
    const user = { id: `u-${'x'.repeat(300)}`, attributes: { plan: 'pro', history: 'h'.repeat(6000) } }
    const { id, page, logs } = await answerAt(path + query, { keepUrlQuery: true, user })
    expect(page.url().length).toBeGreaterThan(10_000)
    const row = await storedRow(id)
    expect((row.page_url as string).length).toBeLessThanOrEqual(2048)
    expect(row.page_url).toMatch(new RegExp(`^${suite.site.url}/search/(running-shoes/)+…$`))
    expect((row.page_path as string).length).toBeLessThanOrEqual(2048)
    expect(row.page_path).toMatch(/^\/search\/(running-shoes\/)+…$/)
    expect(row.user_id).toBeNull()
    expect(row.attributes).toEqual({ plan: 'pro' })
    expect(logs.filter((l) => l.startsWith('error: [touchpoint]'))).toEqual([])
  })

  it('emails, tokens and UUIDs in the path are redacted by default', async () => {
    const { id } = await answerAt('/reset/4f9a2c1e8b7d6a5f4e3d/u/jane@example.com/orders/0b7c2a4e-5d1f-4e8a-9c3b-2f6d8e1a7b90/12345')
    const row = await storedRow(id)
    expect(row.page_path).toBe('/reset/:token/u/:email/orders/:id/12345')
    expect(row.page_url).toBe(`${suite.site.url}/reset/:token/u/:email/orders/:id/12345`)
  })

  it('redactPaths: false sends the path as it is', async () => {
    const path = '/reset/4f9a2c1e8b7d6a5f4e3d/u/jane@example.com'
    const { id } = await answerAt(path, { redactPaths: false })
    const row = await storedRow(id)
    expect(row.page_path).toBe(path)
    expect(row.page_url).toBe(suite.site.url + path)
  })

  it('an answer queued by an older SDK (not redacted) is upgraded when sent: the upgrade chunk loads for it alone', async () => {
    const collector = `${suite.collector.url}/v1/responses`
    const chunks: string[] = []
    const watch = () => suite.context.on('request', (r) => void (/touchpoint-migrate-/.test(r.url()) && chunks.push(r.url())))
    // A real answer's payload, as this SDK sends it (the collector unreachable meanwhile).
    let sent: (body: { responses: Record<string, any>[] }) => void
    const body = new Promise<{ responses: Record<string, any>[] }>((resolve) => (sent = resolve))
    const { page } = await answerAt('/older', {}, async () => {
      watch()
      await suite.context.route(`${collector}*`, (r) => (sent(r.request().postDataJSON()), r.abort()))
    })
    const [payload] = (await body).responses
    await page.close()
    expect(chunks).toEqual([])
    // A visitor whose queue an SDK from before trimming wrote: record version 2, the path as it was.
    const raw = '/reset/4f9a2c1e8b7d6a5f4e3d/u/jane@example.com'
    const id = randomUUID()
    const record = { v: 2, id, payload: { ...payload, id, page: { ...payload!.page, path: raw, url: suite.site.url + raw } }, attempts: 0, nextAttemptAt: 0, firstQueuedAt: Date.now() }
    suite.site.pages['/blank'] = '<!doctype html><title>blank</title>'
    await suite.newContext()
    watch()
    const next = await suite.context.newPage()
    await next.goto(`${suite.site.url}/blank`)
    await putRecord(next, record)
    await next.goto(`${suite.site.url}/older`)
    const row = await storedRow(id)
    expect(row.page_path).toBe('/reset/:token/u/:email')
    expect(row.page_url).toBe(`${suite.site.url}/reset/:token/u/:email`)
    expect(chunks).toHaveLength(1)
  })
})

declare const touchpoint: (...args: unknown[]) => unknown
