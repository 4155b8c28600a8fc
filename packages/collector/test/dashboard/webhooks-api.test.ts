import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError, UNREACHABLE } from '../../src/dashboard/api.js'
import { sendJson } from '../../src/dashboard/webhooks/webhooks-api.js'

afterEach(() => vi.unstubAllGlobals())

describe("the webhooks page's requests", () => {
  it('say the collector could not be reached when no answer came, not "Failed to fetch"', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')))
    const e = await sendJson('POST', 'v1/webhooks/w1/test', undefined).catch((e: unknown) => e)
    expect(e).toBeInstanceOf(ApiError)
    expect(e).toMatchObject({ status: 0, message: UNREACHABLE })
  })

  it('leave an aborted request an AbortError, which the page ignores', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new DOMException('The operation was aborted.', 'AbortError')))
    await expect(sendJson('GET', 'v1/webhooks', undefined)).rejects.toMatchObject({ name: 'AbortError' })
  })

  it('say what a refusal that is not JSON was (a proxy\'s error page), not "Unexpected token \'<\'"', async () => {
    vi.stubGlobal('fetch', () => Promise.resolve(new Response('<html>502 Bad Gateway</html>', { status: 502, statusText: 'Bad Gateway', headers: { 'Content-Type': 'text/html' } })))
    await expect(sendJson('GET', 'v1/webhooks', undefined)).rejects.toMatchObject({ status: 502, message: 'the collector answered 502 Bad Gateway' })
  })

  it("say a 200 that is not JSON is not the collector's", async () => {
    vi.stubGlobal('fetch', () => Promise.resolve(new Response('<html>Sign in to the Wi-Fi</html>', { headers: { 'Content-Type': 'text/html' } })))
    await expect(sendJson('GET', 'v1/webhooks/w1/deliveries?limit=25', undefined)).rejects.toThrow(
      "the answer to v1/webhooks/w1/deliveries is not the collector's (not JSON): is something else answering at this address, such as a proxy's sign-in page?",
    )
  })

  it("give the collector's own explanation of a refusal, and a 204's nothing", async () => {
    vi.stubGlobal('fetch', () => Promise.resolve(Response.json({ error: 'url: 127.0.0.1 is not a public address' }, { status: 400 })))
    await expect(sendJson('POST', 'v1/webhooks', undefined, { url: 'https://127.0.0.1/' })).rejects.toMatchObject({ status: 400, message: 'url: 127.0.0.1 is not a public address' })
    vi.stubGlobal('fetch', () => Promise.resolve(new Response(null, { status: 204 })))
    expect(await sendJson('DELETE', 'v1/webhooks/w1', undefined)).toBeUndefined()
  })
})
