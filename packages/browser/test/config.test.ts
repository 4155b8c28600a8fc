import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { loadConfig } from '../src/config.js'
import { memoryStore } from '../src/store.js'

const survey = { id: 's', type: 'nps' as const, triggers: [{ on: 'pageview' as const }] }
const remote = { surveys: [{ ...survey, id: 'remote' }] }

beforeEach(() => {
  vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify(remote))))
})
afterEach(() => {
  vi.unstubAllGlobals()
  vi.doUnmock('../src/guard.js')
  vi.resetModules()
})

describe('loadConfig', () => {
  it('fetches the remote config and checks it with the inline surveys', async () => {
    const checked = await loadConfig({ collector: '/c', surveys: [survey], config: '/touchpoint.json' }, memoryStore())
    expect(checked.surveys.map((s) => s.id)).toEqual(['s', 'remote'])
    expect(fetch).toHaveBeenCalledWith('/touchpoint.json', expect.objectContaining({ cache: 'no-cache' }))
  })

  it('uses the copy kept on the device when the fetch fails', async () => {
    const state = memoryStore()
    await loadConfig({ collector: '/c', config: '/touchpoint.json' }, state)
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))))
    const checked = await loadConfig({ collector: '/c', config: '/touchpoint.json' }, state)
    expect(checked.surveys.map((s) => s.id)).toEqual(['remote'])
    expect(checked.fromCache).toBe(true)
  })

  it('says so when the fetch fails and nothing is kept', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('nope', { status: 404 })))
    const checked = await loadConfig({ collector: '/c', config: '/touchpoint.json' }, memoryStore())
    expect(checked.errors).toEqual(['config /touchpoint.json could not be loaded (HTTP 404) and no copy is cached'])
  })

  it('does not check again while options and config stay the same', async () => {
    const check = vi.fn((o: { surveys?: unknown[] }) => ({ surveys: o.surveys, cooldownDays: 0, ignored: [], errors: [] }))
    vi.doMock('../src/guard.js', () => ({ checked: check }))
    const { loadConfig: load } = await import('../src/config.js')
    const state = memoryStore()
    await load({ collector: '/c', surveys: [survey] }, state)
    await load({ collector: '/c', surveys: [survey] }, state)
    expect(check).toHaveBeenCalledOnce()
    await load({ collector: '/c', surveys: [{ ...survey, id: 'changed' }] }, state)
    expect(check).toHaveBeenCalledTimes(2)
    // A new nonce or another visitor's attributes change nothing the checker looks at.
    await load({ collector: '/c', surveys: [{ ...survey, id: 'changed' }], nonce: 'r4nd0m', user: { id: 'u-1' } }, state)
    await load({ collector: '/c', surveys: [{ ...survey, id: 'changed' }], nonce: 'an0ther', user: { id: 'u-2' } }, state)
    expect(check).toHaveBeenCalledTimes(3)
    await load({ collector: '/c', surveys: [{ ...survey, id: 'changed' }], nonce: 'an0ther', user: 'u-2' as never }, state)
    expect(check).toHaveBeenCalledTimes(4)
  })

  it('checks every time in strict mode (debug, a preview), with the checker', async () => {
    const check = vi.fn((o: { surveys?: unknown[] }, _: unknown, strict: unknown) => ({ surveys: o.surveys, cooldownDays: 0, ignored: [], errors: [], strict }))
    vi.doMock('../src/guard.js', () => ({ checked: check }))
    const { loadConfig: load } = await import('../src/config.js')
    const state = memoryStore()
    await load({ collector: '/c', surveys: [survey] }, state)
    await load({ collector: '/c', surveys: [survey] }, state, true)
    expect(check.mock.calls.map((c) => c[2])).toEqual([undefined, true])
  })
})
