import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError, UNREACHABLE, Unauthorized } from '../../src/dashboard/api.js'
import { publishConfig, rollbackTo } from '../../src/dashboard/studio/client.js'

afterEach(() => vi.unstubAllGlobals())

const CONFIG = { surveys: [] }

describe("the studio's publish and rollback", () => {
  it('say the collector could not be reached when no answer came, not "Failed to fetch"', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')))
    const e = await publishConfig(CONFIG, '', 3, undefined).catch((e: unknown) => e)
    expect(e).toBeInstanceOf(ApiError)
    expect(e).toMatchObject({ status: 0, message: UNREACHABLE })
  })

  it("never take a 200 that is not the collector's for a publish", async () => {
    vi.stubGlobal('fetch', () => Promise.resolve(new Response('<html>Sign in to the Wi-Fi</html>', { headers: { 'Content-Type': 'text/html' } })))
    await expect(publishConfig(CONFIG, 'a note', 3, undefined)).rejects.toThrow("the answer to v1/config is not the collector's (not JSON): is something else answering at this address, such as a proxy's sign-in page?")
    vi.stubGlobal('fetch', () => Promise.resolve(Response.json({ ok: true })))
    await expect(rollbackTo(2, '', 3, undefined)).rejects.toThrow('the answer to v1/config/rollback does not say which version was published: is something else answering at this address?')
  })

  it('say what a refusal that is not JSON was (a proxy\'s error page), not "Unexpected token \'<\'"', async () => {
    vi.stubGlobal('fetch', () => Promise.resolve(new Response('<html>502 Bad Gateway</html>', { status: 502, statusText: 'Bad Gateway' })))
    await expect(publishConfig(CONFIG, '', 3, undefined)).rejects.toMatchObject({ status: 502, message: 'the collector answered 502 Bad Gateway' })
  })

  it('give the version published, the conflict, the problems, and the token refused, with the token and the version made on', async () => {
    const sent: [string, RequestInit][] = []
    const answer = (r: Response) => vi.stubGlobal('fetch', (path: string, init: RequestInit) => (sent.push([path, init]), Promise.resolve(r)))
    answer(Response.json({ version: 4 }))
    expect(await publishConfig(CONFIG, 'a note', 3, 'secret')).toEqual({ ok: true, version: 4 })
    expect(sent[0]![0]).toBe('v1/config?note=a%20note')
    expect(sent[0]![1].headers).toEqual({ Authorization: 'Bearer secret', 'Content-Type': 'application/json', 'If-Match': '"v3"' })
    answer(Response.json({ version: 1 }))
    await publishConfig(CONFIG, '', 0, undefined)
    expect(sent[1]![1].headers).toEqual({ 'Content-Type': 'application/json', 'If-None-Match': '*' })
    answer(Response.json({ error: 'version 5 was published since', latest: { version: 5 } }, { status: 412 }))
    expect(await rollbackTo(2, '', 3, undefined)).toEqual({ ok: false, conflict: { version: 5 }, error: 'version 5 was published since' })
    const problems = [{ path: 'surveys[0].type', message: 'must be nps, csat or ces' }]
    answer(Response.json({ error: 'the config has problems', problems }, { status: 400 }))
    expect(await publishConfig(CONFIG, '', 3, undefined)).toEqual({ ok: false, problems, error: 'the config has problems' })
    answer(new Response(null, { status: 401 }))
    await expect(publishConfig(CONFIG, '', 3, undefined)).rejects.toBeInstanceOf(Unauthorized)
  })
})
