import { describe, expect, it } from 'vitest'
import { rateLimiter, tokenBuckets } from '../src/rate-limit.js'

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

describe('tokenBuckets', () => {
  it('lets a batch larger than what is left through, then keeps the client waiting until the debt is repaid', () => {
    let now = 0
    const answers = tokenBuckets(600, () => now) // 10 a second
    expect(answers.wait('a')).toBe(0)
    answers.take('a', 1000) // 400 in debt
    expect(answers.wait('a')).toBe(41) // (400 + 1) / 10 a second
    now += 40_000
    expect(answers.wait('a')).toBe(1)
    now += 1000
    expect(answers.wait('a')).toBe(0)
  })

  it('refills no further than one minute’s worth', () => {
    let now = 0
    const bytes = tokenBuckets(60, () => now)
    now += 3600_000
    bytes.take('a', 60)
    expect(bytes.wait('a')).toBe(1)
  })

  it('counts each client on its own, and nothing with a rate of 0', () => {
    const buckets = tokenBuckets(10, () => 0)
    buckets.take('a', 10)
    expect([buckets.wait('a'), buckets.wait('b')]).toEqual([6, 0])
    const off = tokenBuckets(0)
    off.take('a', 1e9)
    expect(off.wait('a')).toBe(0)
  })
})
