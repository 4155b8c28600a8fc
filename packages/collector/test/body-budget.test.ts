import { describe, expect, it } from 'vitest'
import { bodyBudget } from '../src/body-budget.js'

describe('bodyBudget', () => {
  it('takes bytes while they fit, overall and per client, and gives them back on release', () => {
    const budget = bodyBudget(100, 60)
    const a1 = budget.lease('a')
    const a2 = budget.lease('a')
    const b = budget.lease('b')
    expect([a1.take(50), a2.take(10), a2.take(1), b.take(40), b.take(1)]).toEqual([undefined, undefined, 'client', undefined, 'all'])
    expect([budget.held, a1.held, a2.held, b.held]).toEqual([100, 50, 10, 40])
    a1.release()
    expect(budget.held).toBe(50)
    expect([b.check(20), b.check(21), a2.take(50), b.check(1)]).toEqual([undefined, 'client', undefined, 'all'])
    a1.release() // a second release gives nothing back twice
    a2.release()
    b.release()
    expect(budget.held).toBe(0)
  })

  it.each([
    [0, 10, 'client', 'caps a client without an overall cap'],
    [10, 0, 'all', 'caps the total without a per-client cap'],
  ] as const)('with %d in all and %d per client, answers %s (%s)', (max, perClient, full, _why) => {
    const lease = bodyBudget(max, perClient).lease('a')
    expect(lease.take(10)).toBeUndefined()
    expect(lease.take(1)).toBe(full)
  })

  it('never refuses with both caps off', () => {
    expect(bodyBudget(0, 0).lease('a').take(Number.MAX_SAFE_INTEGER)).toBeUndefined()
  })
})
