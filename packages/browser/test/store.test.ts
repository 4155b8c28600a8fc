import { describe, expect, it } from 'vitest'
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
    await s.update<{ n: number }>('a', (v) => ({ n: v!.n + 1 }))
    await s.update<number>('b', (v) => (v ?? 10) + 1)
    await s.set('c', 'x')
    expect(await s.get('a')).toEqual({ n: 2 })
    await s.delMany(['c'])
    expect((await s.entries()).sort()).toEqual([
      ['a', { n: 2 }],
      ['b', 11],
    ])
    await s.del('a')
    expect(await s.get('a')).toBeUndefined()
    await s.clear()
    expect(await s.entries()).toEqual([])
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
