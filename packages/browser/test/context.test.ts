import { describe, expect, it } from 'vitest'
import { RESPONSE_LIMITS } from '@touchpoint/core'
import { pickContext } from '../src/context.js'

const long = (n: number) => 'x'.repeat(n)

describe('pickContext', () => {
  it.each<[string, string[] | undefined, Record<string, unknown>, unknown]>([
    ['listed keys only', ['orderId', 'plan'], { orderId: 'A-1', plan: 'pro', email: 'x@y' }, { orderId: 'A-1', plan: 'pro' }],
    ['in the order the survey lists them', ['plan', 'orderId'], { orderId: 'A-1', plan: 'pro' }, { plan: 'pro', orderId: 'A-1' }],
    ['numbers and booleans', ['total', 'first', 'zero', 'no'], { total: 42.5, first: true, zero: 0, no: false }, { total: 42.5, first: true, zero: 0, no: false }],
    ['an empty string', ['coupon'], { coupon: '' }, { coupon: '' }],
    ['nothing without keys', undefined, { plan: 'pro' }, undefined],
    ['nothing with an empty list', [], { plan: 'pro' }, undefined],
    ['nothing when no listed key has a value', ['orderId'], { plan: 'pro' }, undefined],
    ['no null, object, array, function, NaN, Infinity or undefined', ['a', 'b', 'c', 'd', 'e', 'f', 'g'],
      { a: null, b: { x: 1 }, c: [1], d: () => 1, e: NaN, f: -Infinity, g: undefined }, undefined],
    ['no number in a string kept as a number', ['n'], { n: '42' }, { n: '42' }],
    [`a string of ${RESPONSE_LIMITS.contextValue} characters`, ['note'], { note: long(RESPONSE_LIMITS.contextValue) }, { note: long(RESPONSE_LIMITS.contextValue) }],
    ['no longer string (not cut: a cut id is a wrong id)', ['note'], { note: long(RESPONSE_LIMITS.contextValue + 1) }, undefined],
    ['nothing inherited', ['toString', 'constructor', '__proto__', 'hasOwnProperty'], {}, undefined],
  ])('%s', (_, keys, source, expected) => {
    expect(pickContext(keys, source)).toEqual(expected)
  })

  it('takes from the fallback (the visitor\'s attributes) what the source lacks or sets to undefined, and only that', () => {
    const attributes = { plan: 'pro', country: 'IT', coupon: 'SPRING' }
    expect(pickContext(['orderId', 'plan', 'country', 'coupon'], { orderId: 'A-1', plan: undefined, coupon: 'FALL' }, attributes)).toEqual({
      orderId: 'A-1',
      plan: 'pro',
      country: 'IT',
      coupon: 'FALL',
    })
  })

  it(`keeps at most ${RESPONSE_LIMITS.contextKeys} keys (RESPONSE_LIMITS.contextKeys), the first listed`, () => {
    const keys = Array.from({ length: RESPONSE_LIMITS.contextKeys + 5 }, (_, i) => `k${i}`)
    const picked = pickContext(keys, Object.fromEntries(keys.map((k) => [k, k])))!
    expect(Object.keys(picked)).toEqual(keys.slice(0, RESPONSE_LIMITS.contextKeys))
  })

  it('keeps a key named __proto__ as a plain key, leaving the prototype alone', () => {
    const source = JSON.parse('{ "__proto__": "x" }') as Record<string, unknown>
    const picked = pickContext(['__proto__'], { ...source })!
    expect(Object.getPrototypeOf(picked)).toBe(Object.prototype)
    expect(JSON.stringify(picked)).toBe('{"__proto__":"x"}')
  })
})
