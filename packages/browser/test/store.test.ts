import { describe, expect, it, vi } from 'vitest'
import { idbStore, memoryStore, probe } from '../src/store.js'
import type { Store } from '../src/store.js'

let n = 0
const stores: [string, () => Store][] = [
  ['IndexedDB', () => idbStore(`test-${++n}`, 'kv')],
  ['memory', () => memoryStore()],
]

describe.each(stores)('%s store', (_, make) => {
  it('gets, sets, updates, deletes and lists', async () => {
    const s = make()
    expect(await s.get('a')).toBeUndefined()
    await s.set('a', { n: 1 })
    await s.tx<[{ n: number }]>(['a'], ([v]) => [{ n: v.n + 1 }])
    await s.tx<[number?]>(['b'], ([v]) => [(v ?? 10) + 1])
    await s.set('c', 'x')
    expect(await s.get('a')).toEqual({ n: 2 })
    await s.delMany(['c'])
    expect((await s.entries()).sort()).toEqual([
      ['a', { n: 2 }],
      ['b', 11],
    ])
    await s.tx(['a'], () => [undefined])
    expect(await s.get('a')).toBeUndefined()
    await s.clear()
    expect(await s.entries()).toEqual([])
  })

  it('reads several keys, writes those fn returns and resolves with what now stands', async () => {
    const s = make()
    await s.set('a', 1)
    await s.set('b', 2)
    await s.set('c', 3)
    const seen: unknown[] = []
    const now = await s.tx<[number, number, number?, number?]>(['a', 'b', 'c', 'missing'], (values) => {
      seen.push(...values)
      return [10, undefined]
    })
    expect(seen).toEqual([1, 2, 3, undefined])
    expect(now).toEqual([10, undefined, 3, undefined])
    expect((await s.entries()).sort()).toEqual([
      ['a', 10],
      ['c', 3],
    ])
    expect(await s.tx(['a', 'c'])).toEqual([10, 3])
  })

  it('writes nothing when fn returns no values', async () => {
    const s = make()
    await s.set('a', 1)
    expect(await s.tx(['a', 'b'], () => [])).toEqual([1, undefined])
    expect(await s.entries()).toEqual([['a', 1]])
  })

  it('hands out copies, never the stored object', async () => {
    const s = make()
    const value = { list: [1] }
    await s.set('k', value)
    value.list.push(2)
    const read = await s.get<{ list: number[] }>('k')
    read!.list.push(3)
    expect(await s.get('k')).toEqual({ list: [1] })
  })
})

describe('probe', () => {
  it('says yes when IndexedDB answers', async () => {
    expect(await probe(idbStore('probe-ok', 'kv'))).toBe(true)
  })

  it('says no when a read throws or never answers', async () => {
    const broken = { ...memoryStore(), get: () => Promise.reject(new Error('broken')) }
    const stuck = { ...memoryStore(), get: () => new Promise<never>(() => {}) }
    expect(await probe(broken)).toBe(false)
    expect(await probe(stuck, 20)).toBe(false)
  })
})

describe('IndexedDB errors worth one more try', () => {
  it.each(['InvalidStateError', 'QuotaExceededError'])('retries once on %s, on a fresh connection', async (name) => {
    const { IDBDatabase } = globalThis as unknown as { IDBDatabase: { prototype: IDBDatabase } }
    const store = idbStore(`retry-${name}`, 'kv')
    await store.set('warm', 1)
    const original = IDBDatabase.prototype.transaction
    let calls = 0
    const spy = vi.spyOn(IDBDatabase.prototype, 'transaction').mockImplementation(function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
      if (++calls === 1) throw new DOMException(name === 'InvalidStateError' ? 'The database connection is closing.' : 'quota', name)
      return original.apply(this, args)
    })
    await store.set('k', 'v')
    expect(calls).toBe(2)
    spy.mockRestore()
    expect(await store.get('k')).toBe('v')
  })

  it('does not retry other errors', async () => {
    const { IDBDatabase } = globalThis as unknown as { IDBDatabase: { prototype: IDBDatabase } }
    const store = idbStore('no-retry', 'kv')
    await store.set('warm', 1)
    const spy = vi.spyOn(IDBDatabase.prototype, 'transaction').mockImplementation(() => {
      throw new DOMException('nope', 'NotFoundError')
    })
    await expect(store.set('k', 'v')).rejects.toThrow('nope')
    expect(spy).toHaveBeenCalledOnce()
    spy.mockRestore()
  })
})
