import { describe, expect, it } from 'vitest'
import { originProblem } from '../src/origin-policy.js'
import type { Access } from '../src/origin-policy.js'

const HOST = 'collect.example.com'
const SHOP = 'https://shop.example.com'

describe('originProblem', () => {
  it.each<[string | undefined, readonly string[] | '*', Access, boolean]>([
    [undefined, [SHOP], 'read', true], // not from a browser page, or same-origin GET
    [`https://${HOST}`, [SHOP], 'read', true], // the dashboard itself
    [`http://${HOST}`, [SHOP], 'send', true],
    [SHOP, [SHOP], 'send', true],
    [SHOP, [SHOP], 'read', true], // listed by name: may read too
    ['https://evil.example', [SHOP], 'send', false],
    ['https://evil.example', '*', 'send', true],
    ['https://evil.example', '*', 'read', false], // * opens sending, never reading
    ['null', '*', 'read', false],
    ['null', '*', 'send', true],
    // * beside names: any page may send, the named ones may read too
    ['https://evil.example', ['*', SHOP], 'send', true],
    ['https://evil.example', ['*', SHOP], 'read', false],
    [SHOP, ['*', SHOP], 'read', true],
    ['*', ['*', SHOP], 'read', false],
    // null listed by name (sandboxed frames): they may send, never read (every sandboxed page on the web is null)
    ['null', [SHOP, 'null'], 'send', true],
    ['null', [SHOP, 'null'], 'read', false],
    ['null', [SHOP], 'send', false],
  ])('%s with allowlist %j may %s: %s', (origin, allowed, access, ok) => {
    expect(originProblem(origin, HOST, allowed, access) === undefined).toBe(ok)
  })
})
