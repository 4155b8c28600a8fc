import { afterEach, describe, expect, it, vi } from 'vitest'
import { lease } from '../src/lease.js'
import { memoryStore } from '../src/store.js'

afterEach(() => {
  vi.useRealTimers()
})

describe('lease', () => {
  it('lets one holder in at a time, and the next in after release', async () => {
    const store = memoryStore()
    const release = await lease(store, 'l')
    expect(release).toBeTypeOf('function')
    // Another tab: a module instance with another tab id. Simulated by an expired-or-foreign record.
    await store.set('l', { tab: 'other-tab', until: Date.now() + 10_000 })
    expect(await lease(store, 'l')).toBeNull()
    await store.set('l', undefined)
    expect(await lease(store, 'l')).toBeTypeOf('function')
    release!()
  })

  it('is taken over once its holder stops renewing it', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const store = memoryStore()
    await store.set('l', { tab: 'crashed-tab', until: Date.now() + 10_000 })
    expect(await lease(store, 'l')).toBeNull()
    vi.setSystemTime(Date.now() + 10_001)
    expect(await lease(store, 'l')).toBeTypeOf('function')
  })

  it('is taken over when it ends further off than a lease lasts: its holder took it under a clock that has gone back since', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const store = memoryStore()
    // A tab took it while the clock was a year ahead, and was closed mid-send (no release).
    await store.set('l', { tab: 'closed-tab', until: Date.now() + 365 * 864e5 + 10_000 })
    expect(await lease(store, 'l')).toBeTypeOf('function')
    // One that ends within a lease's length is another tab's, and is left alone.
    await store.set('l', { tab: 'other-tab', until: Date.now() + 10_000 })
    expect(await lease(store, 'l')).toBeNull()
  })

  it('is renewed while held and removed on release', async () => {
    vi.useFakeTimers()
    const store = memoryStore()
    const release = (await lease(store, 'l', 3000))!
    const first = (await store.get<{ until: number }>('l'))!.until
    await vi.advanceTimersByTimeAsync(1000)
    expect((await store.get<{ until: number }>('l'))!.until).toBeGreaterThan(first)
    release()
    await vi.advanceTimersByTimeAsync(0)
    expect(await store.get('l')).toBeUndefined()
  })
})
