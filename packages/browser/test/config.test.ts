import { CHECKED_HEADER, VERSION } from '@touchpoint/core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { loadConfig } from '../src/config.js'
import type { InitOptions } from '../src/types.js'
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
    expect(checked.fromCache).toBe('Failed to fetch')
  })

  it('says why it used the copy kept on the device: a config URL that answers 404 is named', async () => {
    const state = memoryStore()
    await loadConfig({ collector: '/c', config: '/touchpoint.json' }, state)
    vi.stubGlobal('fetch', vi.fn(async () => new Response('nope', { status: 404 })))
    const checked = await loadConfig({ collector: '/c', config: '/touchpoint.json' }, state)
    expect(checked.surveys.map((s) => s.id)).toEqual(['remote'])
    expect(checked.fromCache).toBe('HTTP 404')
  })

  it('retires the config when its URL answers 410 Gone: no surveys, kept on the device instead of the copy', async () => {
    const state = memoryStore()
    await loadConfig({ collector: '/c', config: '/touchpoint.json' }, state)
    vi.stubGlobal('fetch', vi.fn(async () => new Response('gone', { status: 410 })))
    const gone = await loadConfig({ collector: '/c', config: '/touchpoint.json' }, state)
    expect(gone).toMatchObject({ surveys: [], errors: [] })
    expect(gone.fromCache).toBeUndefined()
    // Offline on the next page: the copy kept is the retired one.
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))))
    const offline = await loadConfig({ collector: '/c', config: '/touchpoint.json' }, state)
    expect(offline).toMatchObject({ surveys: [], errors: [], fromCache: 'Failed to fetch' })
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

  describe('a config its collector vouches for', () => {
    const vouched = (version = VERSION) =>
      vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ ...remote, globalCooldownDays: 3 }), { headers: { [CHECKED_HEADER]: version } })))
    /** Loads the config with the guard replaced by a spy; resolves with what was checked and how often the guard ran. */
    const load = async (o: Partial<InitOptions>, state = memoryStore(), strict?: boolean) => {
      const guard = vi.fn(() => ({ surveys: [], cooldownDays: 0, ignored: [], errors: [] }))
      vi.doMock('../src/guard.js', () => ({ checked: guard }))
      const { loadConfig: loadWithSpy } = await import('../src/config.js')
      const checked = await loadWithSpy({ collector: '/v1/responses', config: '/v1/config', ...o }, state, strict)
      return { checked, guarded: guard.mock.calls.length }
    }

    it('is taken as it is, with plain options: neither the guard nor the checker is fetched', async () => {
      vouched()
      const user = { id: 'u-1', attributes: { plan: 'pro' } }
      const { checked, guarded } = await load({ nonce: 'r4nd0m', locale: 'de', requireConsent: false, user, collector: 'https://collect.example/v1/responses' })
      expect(guarded).toBe(0)
      expect(checked).toMatchObject({ surveys: remote.surveys, cooldownDays: 3, ignored: [], errors: [] })
    })

    it.each<[string, Partial<InitOptions>]>([
      ['inline surveys', { surveys: [survey] }],
      ['an option with a number', { zIndex: 10 }],
      ['a theme', { theme: 'dark' }],
      ['a misspelt option', { keepUrlQuerry: true } as never],
      ['an option of the wrong type', { requireConsent: 'yes' as never }],
      ['user null', { user: null as never }],
      ['user as a list', { user: [] as never }],
      ['a collector with headers', { collector: { url: '/v1/responses', headers: { 'X-Key': 'k' } } }],
      ['a collector without its scheme', { collector: 'collect.example/v1/responses' }],
      ['a collector of another scheme', { collector: 'ftp://collect.example/' }],
      ['a collector that is no URL', { collector: 'https://exa mple.com:99999/' }],
    ])('is still checked by the guard beside %s', async (_, o) => {
      vouched()
      expect((await load(o)).guarded).toBe(1)
    })

    it('is checked by the guard when the collector checked it by the rules of another version', async () => {
      vouched('0.0.9')
      expect((await load({})).guarded).toBe(1)
    })

    it('is checked by the checker in strict mode (debug, a preview)', async () => {
      vouched()
      expect((await load({}, memoryStore(), true)).guarded).toBe(1)
    })

    it('stays vouched for in the copy kept on the device, used when the fetch fails', async () => {
      vouched()
      const state = memoryStore()
      await load({}, state)
      await state.delMany(['checked'])
      vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))))
      const { checked, guarded } = await load({}, state)
      expect(guarded).toBe(0)
      expect(checked).toMatchObject({ surveys: remote.surveys, fromCache: 'Failed to fetch' })
    })
  })
})
