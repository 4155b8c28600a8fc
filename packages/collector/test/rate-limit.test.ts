import { describe, expect, it } from 'vitest'
import { rateLimiter } from '../src/rate-limit.js'

describe('rateLimiter', () => {
  it('lets a burst through, then says how many seconds to wait', () => {
    let now = 0
    const limit = rateLimiter(3, () => now)
    expect([limit('a'), limit('a'), limit('a')]).toEqual([0, 0, 0])
    expect(limit('a')).toBe(20) // one request every 20 s at 3 a minute
    now += 20_000
    expect(limit('a')).toBe(0)
    expect(limit('a')).toBe(20)
  })

  it('counts each client on its own', () => {
    const now = 0
    const limit = rateLimiter(1, () => now)
    expect([limit('a'), limit('b'), limit('a')]).toEqual([0, 0, 60])
  })

  it('never limits when the rate is 0', () => {
    const limit = rateLimiter(0)
    expect(Array.from({ length: 1000 }, () => limit('a')).every((w) => w === 0)).toBe(true)
  })
})
