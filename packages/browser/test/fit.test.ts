import { describe, expect, it } from 'vitest'
import { RESPONSE_LIMITS } from '@touchpoint/core'
import { responseProblem } from '../../collector/src/validate-response.js'
import { response } from '../../collector/test/fixtures.js'
import { cut, cutUrl, fit, fitAttributes } from '../src/fit.js'
import { redactUrl } from '../src/redact.js'

const long = (n: number, unit = 'x') => unit.repeat(Math.ceil(n / unit.length)).slice(0, n)

describe('cut', () => {
  it.each([
    ['short', 10, 'short'],
    ['exactly10!', 10, 'exactly10!'],
    ['eleven char', 10, 'eleven ch…'],
    // never half a surrogate pair: the 9th code unit is the first half of 😀
    ['12345678😀', 9, '12345678…'],
    ['1234567😀x', 9, '1234567…'],
    ['1234567😀xy', 10, '1234567😀…'],
  ])('%j to %i → %j', (text, max, expected) => {
    expect(cut(text, max)).toBe(expected)
    expect(cut(text, max).length).toBeLessThanOrEqual(max)
  })
})

describe('cutUrl', () => {
  it.each([
    ['https://x.test/a/b', 2048, 'https://x.test/a/b'],
    // too long with its query: the query goes, the path stays whole
    ['https://x.test/search/shoes?q=' + long(3000), 2048, 'https://x.test/search/shoes'],
    ['https://x.test/p#' + long(3000), 2048, 'https://x.test/p'],
    // too long in its path: cut after the last whole segment that fits
    ['https://x.test/a/b/' + long(3000), 2048, 'https://x.test/a/b/…'],
    ['https://x.test/a/bbbb?q=1', 16, 'https://x.test/…'],
    ['/docs/' + long(60, 'section/'), 30, '/docs/section/section/…'],
  ])('%s (%i) → %s', (url, max, expected) => {
    expect(cutUrl(url, max)).toBe(expected)
    expect(cutUrl(url, max).length).toBeLessThanOrEqual(max)
  })
})

describe('fitAttributes', () => {
  it('keeps attributes that fit as they are', () => {
    expect(fitAttributes({ plan: 'pro', seats: 5 }, 4096)).toEqual({ plan: 'pro', seats: 5 })
  })

  it('leaves out the largest attributes first, key by key, until the JSON fits', () => {
    const a = { plan: 'pro', notes: long(3000), bio: long(2000), seats: 5 }
    const kept = fitAttributes(a, 4096)!
    expect(kept).toEqual({ plan: 'pro', bio: long(2000), seats: 5 })
    expect(JSON.stringify(kept).length).toBeLessThanOrEqual(4096)
    expect(a.notes).toHaveLength(3000)
  })

  it('counts the characters of the JSON, escapes included', () => {
    const kept = fitAttributes({ quotes: long(2100, '"'), plan: 'pro' }, 4096)
    expect(kept).toEqual({ plan: 'pro' })
  })

  it('leaves out attributes that cannot fit at all', () => {
    expect(fitAttributes({ blob: long(5000) }, 4096)).toBeUndefined()
  })

  it('keeps them as JSON sends them, plain data IndexedDB can store, leaving out what JSON cannot hold', () => {
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    const company = new Proxy({ name: 'acme', plan: { tier: 2, upgrade() {} } }, {})
    const kept = fitAttributes({ plan: 'pro', onChange: () => {}, seats: 10n, loop: cyclic, gone: undefined, company, since: new Date(0) }, 4096)
    expect(kept).toEqual({ plan: 'pro', company: { name: 'acme', plan: { tier: 2 } }, since: '1970-01-01T00:00:00.000Z' })
    expect(() => structuredClone(kept)).not.toThrow()
    expect(fitAttributes({ onChange: () => {} }, 4096)).toBeUndefined()
  })
})

describe('fit', () => {
  it('changes nothing in an answer within the limits', () => {
    const r = response({ comment: 'Fast', visitor: { anonymousId: 'a', userId: 'u-42', attributes: { plan: 'pro' } } })
    expect(fit(r)).toEqual(r)
  })

  it.each([
    ['comment', { comment: long(6000) }, (r: any) => r.comment.length === RESPONSE_LIMITS.comment],
    ['locale', { locale: 'en-US-u-ca-gregory-nu-latn-x-' + long(40) }, (r: any) => r.locale.length === RESPONSE_LIMITS.locale],
    ['trigger', { trigger: 'click:' + long(494, '#a ') }, (r: any) => r.trigger.length === RESPONSE_LIMITS.trigger],
    ['page.url', { page: { url: 'https://x.test/' + long(10_000), path: '/' } }, (r: any) => r.page.url === 'https://x.test/…'],
    ['page.path', { page: { url: 'https://x.test/', path: '/a/' + long(10_000) } }, (r: any) => r.page.path === '/a/…'],
    ['page.referrer', { page: { url: 'https://x.test/', path: '/', referrer: 'https://ref.test/?q=' + long(3000) } }, (r: any) => r.page.referrer === 'https://ref.test/'],
    ['visitor.userId', { visitor: { anonymousId: 'a', userId: long(201) } }, (r: any) => !('userId' in JSON.parse(JSON.stringify(r)).visitor)],
    ['visitor.attributes', { visitor: { anonymousId: 'a', attributes: { plan: 'pro', big: long(5000) } } }, (r: any) => JSON.stringify(r.visitor.attributes) === '{"plan":"pro"}'],
  ] as const)('brings %s within its limit, and the collector accepts the answer', (_, patch, holds) => {
    const r = response(patch as never)
    expect(responseProblem(r)).toBeDefined()
    const sent = fit(r)
    expect(holds(sent)).toBe(true)
    expect(responseProblem(JSON.parse(JSON.stringify(sent)))).toBeUndefined()
  })

  it('redacts page URLs before cutting them', () => {
    const r = response({ page: { url: 'https://x.test/reset/4f9a2c1e8b7d6a5f4e3d', path: '/reset/4f9a2c1e8b7d6a5f4e3d', referrer: 'https://x.test/u/jane@example.com' } })
    expect(fit(r, redactUrl).page).toEqual({ url: 'https://x.test/reset/:token', path: '/reset/:token', referrer: 'https://x.test/u/:email' })
    expect(fit(r).page).toEqual(r.page)
  })

  it('uses the limits the reference collector enforces', () => {
    // One character over each limit is refused by the collector; at the limit it is accepted.
    const at = (field: string, n: number) => {
      const text = long(n)
      return field === 'userId' || field === 'anonymousId'
        ? response({ visitor: { anonymousId: 'a', [field]: text } })
        : field === 'url' || field === 'path' || field === 'referrer'
          ? response({ page: { url: 'https://x.test/', path: '/', [field]: text } })
          : field === 'attributes'
            ? response({ visitor: { anonymousId: 'a', attributes: { k: long(n - 8) } } })
            : response({ [field]: text })
    }
    // The context limits are not fit's: pickContext keeps to them as answers are made (its tests).
    for (const [field, max] of Object.entries(RESPONSE_LIMITS).filter(([f]) => !f.startsWith('context'))) {
      expect(responseProblem(at(field, max)), field).toBeUndefined()
      expect(responseProblem(at(field, max + 1)), field).toBeDefined()
    }
  })
})
