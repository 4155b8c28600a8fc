import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError, getJson, UNREACHABLE } from '../../src/dashboard/api.js'

afterEach(() => vi.unstubAllGlobals())

describe("the dashboard's requests", () => {
  it('say the collector could not be reached when no answer came, not "Failed to fetch"', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')))
    const e = await getJson('v1/stats', undefined).catch((e: unknown) => e)
    expect(e).toBeInstanceOf(ApiError)
    expect(e).toMatchObject({ status: 0, message: UNREACHABLE })
  })

  it('leave an aborted request an AbortError, which the dashboard ignores', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new DOMException('The operation was aborted.', 'AbortError')))
    await expect(getJson('v1/stats', undefined)).rejects.toMatchObject({ name: 'AbortError' })
  })

  it("say a 200 that is not JSON is not the collector's, not \"Unexpected token '<'\"", async () => {
    vi.stubGlobal('fetch', () => Promise.resolve(new Response('<html>Sign in to the Wi-Fi</html>', { headers: { 'Content-Type': 'text/html' } })))
    await expect(getJson('v1/stats?period=30d', undefined)).rejects.toThrow(
      "the answer to v1/stats is not the collector's (not JSON): is something else answering at this address, such as a proxy's sign-in page?",
    )
  })

  it('give the collector\'s own explanation of a refusal', async () => {
    vi.stubGlobal('fetch', () => Promise.resolve(Response.json({ error: 'the database does not answer right now: retry later' }, { status: 503 })))
    await expect(getJson('v1/stats', undefined)).rejects.toMatchObject({ status: 503, message: 'the database does not answer right now: retry later' })
  })
})
