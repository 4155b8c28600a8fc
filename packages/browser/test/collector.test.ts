import { describe, expect, it } from 'vitest'
import { resolveCollector } from '../src/collector.js'

describe('resolveCollector', () => {
  it.each([
    ['https://collect.example.com/v1/responses', 'https://collect.example.com/v1/responses'],
    ['/v1/responses', `${location.origin}/v1/responses`],
  ])('resolves %s', (input, url) => {
    expect(resolveCollector(input)).toEqual({ url, headers: {}, transform: undefined })
  })

  it('keeps headers and transform', () => {
    const transform = (b: unknown) => b
    expect(resolveCollector({ url: 'https://c.test/in', headers: { 'X-Key': 'k' }, transform })).toEqual({
      url: 'https://c.test/in',
      headers: { 'X-Key': 'k' },
      transform,
    })
  })

  it.each([
    [undefined, 'collector must be a URL or { url, headers?, transform? } (got undefined)'],
    ['', 'collector must be a URL or { url, headers?, transform? } (got "")'],
    [{ url: 42 }, 'collector must be a URL or { url, headers?, transform? } (got {"url":42})'],
    [{ url: 'https://c.test', transform: 'x' }, 'collector.transform must be a function'],
    ['http://[bad', 'collector.url is not a URL (got "http://[bad")'],
  ])('explains why %j cannot be a collector', (input, message) => {
    expect(resolveCollector(input as never)).toBe(message)
  })
})
