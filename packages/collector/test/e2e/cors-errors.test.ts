import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchChromium } from '../../../browser/test/e2e/harness/chromium.js'
import { startTestCollector } from '../../../browser/test/e2e/harness/collector.js'
import { startSite } from '../../../browser/test/e2e/harness/site.js'

// A page on a shop's origin calls the collector the way the SDK does (fetch, JSON, so with a
// CORS preflight). When something is wrong, the page must see what: a browser hides the status
// of any answer without CORS headers behind a generic network error.
let browser: Browser
let site: Awaited<ReturnType<typeof startSite>>
let collector: Awaited<ReturnType<typeof startTestCollector>>
let page: Page

beforeAll(async () => {
  ;[browser, site] = await Promise.all([launchChromium(), startSite({ '/': '<!doctype html><title>shop</title>' })])
  collector = await startTestCollector({ allowedOrigins: [site.url], maxBodyBytes: 1000 })
  page = await browser.newPage()
  await page.goto(site.url)
})

afterAll(async () => {
  await browser?.close()
  await Promise.all([site?.close(), collector?.close()])
})

/** A fetch from the shop's page: the status and error it could read, or the network error it got. */
const call = (path: string, init: { method: string; body?: string }) =>
  page.evaluate(
    async ({ url, init }) => {
      try {
        const res = await fetch(url, { ...init, headers: { 'Content-Type': 'application/json' } })
        return { status: res.status, error: (await res.json()).error as string }
      } catch (e) {
        return { failed: String(e) }
      }
    },
    { url: `${collector.url}${path}`, init },
  )

describe('a page on an allowed origin', () => {
  it.each([
    ['a mistyped path', '/v1/respones', { method: 'POST', body: '{}' }, 404, 'no such endpoint: POST "/v1/respones"'],
    ['a body too large', '/v1/responses', { method: 'POST', body: JSON.stringify({ pad: 'x'.repeat(2000) }) }, 413, 'the body is larger than 1000 bytes: send fewer responses per request'],
    ['a body that is not JSON', '/v1/responses', { method: 'POST', body: '{' }, 400, undefined],
  ])('sees the real answer to %s', async (_, path, init, status, error) => {
    const answer = await call(path, init)
    expect(answer).toMatchObject({ status })
    if (error) expect(answer).toMatchObject({ error })
  })
})
