import { afterEach, describe, expect, it, vi } from 'vitest'
import { uuid } from '../src/uuid.js'

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

afterEach(() => vi.unstubAllGlobals())

describe('uuid', () => {
  it('makes v4 UUIDs', () => {
    expect(uuid()).toMatch(V4)
  })

  it('makes them from getRandomValues where randomUUID is missing (plain-http pages)', () => {
    const real = globalThis.crypto
    vi.stubGlobal('crypto', { getRandomValues: <T extends ArrayBufferView<ArrayBuffer>>(a: T) => real.getRandomValues(a) })
    const ids = new Set(Array.from({ length: 1000 }, uuid))
    expect(ids.size).toBe(1000)
    for (const id of ids) expect(id).toMatch(V4)
  })
})
