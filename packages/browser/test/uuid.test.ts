import { afterEach, describe, expect, it, vi } from 'vitest'
import { uuid } from '../src/uuid.js'

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

describe('uuid', () => {
  it('makes v4 UUIDs', () => {
    expect(uuid()).toMatch(V4)
  })

  it('takes them from a Blob URL where randomUUID is missing (plain-http pages), and releases the URL', () => {
    vi.stubGlobal('crypto', {})
    const revoke = vi.spyOn(URL, 'revokeObjectURL')
    const ids = new Set(Array.from({ length: 1000 }, uuid))
    expect(ids.size).toBe(1000)
    for (const id of ids) expect(id).toMatch(V4)
    expect(revoke).toHaveBeenCalledTimes(1000)
    expect(revoke.mock.calls[0]![0]).toMatch(/^blob:.*[0-9a-f-]{36}$/)
  })
})
