import type { LookupAddress } from 'node:dns'
import { describe, expect, it } from 'vitest'
import { isPublicAddress, safeLookup, targetProblem, urlProblem } from '../../src/webhooks/safe-target.js'
import { createSender } from '../../src/webhooks/sender.js'

describe('isPublicAddress', () => {
  it.each([
    ['93.184.215.14', true],
    ['8.8.8.8', true],
    ['2606:4700:4700::1111', true],
    ['127.0.0.1', false],
    ['127.255.0.9', false],
    ['10.1.2.3', false],
    ['172.16.0.1', false],
    ['172.31.255.255', false],
    ['172.32.0.1', true],
    ['192.168.1.1', false],
    ['169.254.169.254', false], // cloud metadata
    ['100.64.0.1', false], // carrier-grade NAT
    ['0.0.0.0', false],
    ['192.0.2.10', false], // documentation
    ['198.18.0.1', false], // benchmarking
    ['224.0.0.1', false], // multicast
    ['255.255.255.255', false],
    ['::1', false],
    ['::', false],
    ['fe80::1', false], // link-local
    ['fd12:3456::1', false], // unique local
    ['fc00::1', false],
    ['ff02::1', false], // multicast
    ['2001:db8::1', false], // documentation
    ['3fff::1', false], // documentation (RFC 9637)
    ['3fff:fff:ffff::1', false], // its last /32
    ['3fff:1000::1', true], // just past it
    ['5f00::1', false], // SRv6 segment identifiers (RFC 9602)
    ['5f00:ffff:ffff::1', false],
    ['5eff:ffff::1', true], // either side of it
    ['5f01::1', true],
    ['::ffff:127.0.0.1', false], // IPv4-mapped
    ['::ffff:10.0.0.1', false],
    ['::ffff:93.184.215.14', true],
    ['64:ff9b::a00:1', false], // NAT64 of 10.0.0.1
    ['64:ff9b::5db8:d70e', true], // NAT64 of 93.184.215.14
    ['2002:c0a8:101::1', false], // 6to4 of 192.168.1.1
    ['::127.0.0.1', false], // IPv4-compatible (::7f00:1)
    ['::7f00:1', false],
    ['::a9fe:a9fe', false], // IPv4-compatible 169.254.169.254
    ['::8.8.8.8', false], // IPv4-compatible: deprecated, never a public destination
    ['::ffff:7f00:1', false], // IPv4-mapped, written in hex
    ['::ffff:0:7f00:1', false], // IPv4-translated 127.0.0.1
    ['64:ff9b::7f00:1', false], // NAT64 of 127.0.0.1
    ['64:ff9b:1::7f00:1', false], // local-use NAT64
    ['not an address', false],
  ])('%s → %s', (ip, expected) => {
    expect(isPublicAddress(ip)).toBe(expected)
  })
})

describe('urlProblem', () => {
  it.each([
    ['https://hooks.example.com/touchpoint', false, undefined],
    ['https://hooks.slack.com/services/T000/B000/XXXX', false, undefined],
    ['http://hooks.example.com/', false, 'url must start with https:// (got http://…): http is allowed only with --allow-private-webhooks'],
    ['http://intranet.local/', true, undefined],
    ['ftp://example.com/', true, 'url must start with https:// or http:// (got ftp://…)'],
    ['hooks.example.com/x', false, 'url "hooks.example.com/x" is not a URL: write it in full, like https://hooks.example.com/touchpoint'],
    ['https://user:pw@example.com/', false, 'url must not hold a user name or password: receivers authenticate a delivery by its Touchpoint-Signature'],
    [42, false, 'url must be a text of at most 2048 characters (got 42)'],
    [`https://hooks.example.com/${'a'.repeat(2048)}`, false, 'url must be a text of at most 2048 characters (got 2074 characters)'],
    // What a log or the webhook form would act on is written as escapes; the URL is cut at 60 characters.
    ['http://a\u202eb\u2028c/', true, 'url "http://a\\u202eb\\u2028c/" is not a URL: write it in full, like https://hooks.example.com/touchpoint'],
    [`not a url ${'x'.repeat(100)}`, false, `url "not a url ${'x'.repeat(47)}…" is not a URL: write it in full, like https://hooks.example.com/touchpoint`],
    ['http://127.0.0.1:0/', true, 'url must not name port 0: nothing can listen there'],
  ])('%j (private allowed: %s) → %j', (url, allowPrivate, problem) => {
    expect(urlProblem(url, allowPrivate)).toBe(problem)
  })
})

const NOT_PUBLIC = 'not a public address: webhooks reach public addresses only, unless the collector runs with --allow-private-webhooks (TOUCHPOINT_ALLOW_PRIVATE_WEBHOOKS=1)'
const resolver = (addresses: Record<string, string[]>) => async (host: string) => {
  if (!addresses[host]) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' })
  return addresses[host]!.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }))
}
const dns = resolver({
  'hooks.example.com': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
  'internal.example.com': ['10.0.0.7'],
  'mixed.example.com': ['93.184.215.14', '127.0.0.1'],
  localhost: ['127.0.0.1', '::1'],
  'srv6.example.com': ['2606:4700:4700::1111', '5f00:1:2::7'],
})

describe('targetProblem', () => {
  it.each([
    ['https://hooks.example.com/x', false, undefined],
    ['https://93.184.215.14/x', false, undefined],
    ['https://127.0.0.1/x', false, `127.0.0.1 is ${NOT_PUBLIC}`],
    ['https://[::1]/x', false, `::1 is ${NOT_PUBLIC}`],
    ['https://[::ffff:10.0.0.1]/x', false, `::ffff:a00:1 is ${NOT_PUBLIC}`],
    ['https://0x7f.1/x', false, `127.0.0.1 is ${NOT_PUBLIC}`],
    ['https://2130706433/x', false, `127.0.0.1 is ${NOT_PUBLIC}`],
    ['https://0177.0.0.1/x', false, `127.0.0.1 is ${NOT_PUBLIC}`],
    ['https://0.0.0.0/x', false, `0.0.0.0 is ${NOT_PUBLIC}`],
    ['https://[::]/x', false, `:: is ${NOT_PUBLIC}`],
    ['https://[::127.0.0.1]/x', false, `::7f00:1 is ${NOT_PUBLIC}`],
    ['https://[::ffff:7f00:1]/x', false, `::ffff:7f00:1 is ${NOT_PUBLIC}`],
    ['https://[::ffff:127.0.0.1]/x', false, `::ffff:7f00:1 is ${NOT_PUBLIC}`],
    ['https://[::ffff:0:7f00:1]/x', false, `::ffff:0:7f00:1 is ${NOT_PUBLIC}`],
    ['https://[64:ff9b::7f00:1]/x', false, `64:ff9b::7f00:1 is ${NOT_PUBLIC}`],
    ['https://[64:ff9b:1::a9fe:a9fe]/x', false, `64:ff9b:1::a9fe:a9fe is ${NOT_PUBLIC}`],
    ['https://[3fff:abc::1]/x', false, `3fff:abc::1 is ${NOT_PUBLIC}`],
    ['https://[5f00::1]/x', false, `5f00::1 is ${NOT_PUBLIC}`],
    ['https://srv6.example.com/x', false, `srv6.example.com resolves to 5f00:1:2::7, which is ${NOT_PUBLIC}`],
    ['https://localhost/x', false, `localhost resolves to 127.0.0.1, which is ${NOT_PUBLIC}`],
    ['https://internal.example.com/x', false, `internal.example.com resolves to 10.0.0.7, which is ${NOT_PUBLIC}`],
    // One private address among public ones is enough to refuse: the connection could go to any.
    ['https://mixed.example.com/x', false, `mixed.example.com resolves to 127.0.0.1, which is ${NOT_PUBLIC}`],
    ['https://nowhere.example.com/x', false, 'nowhere.example.com does not resolve (ENOTFOUND): check the URL'],
    ['http://localhost:8080/x', true, undefined],
    ['https://internal.example.com/x', true, undefined],
  ])('%s (private allowed: %s) → %j', async (url, allowPrivate, problem) => {
    expect(await targetProblem(new URL(url), allowPrivate, dns)).toBe(problem)
  })
})

describe('safeLookup', () => {
  const lookup = (host: string, allowPrivate: boolean, options: { all?: boolean; family?: number } = {}) =>
    new Promise<{ error?: string; address?: string | LookupAddress[] }>((resolve) =>
      safeLookup(allowPrivate, dns)(host, options, (e, address) => resolve(e ? { error: e.message } : { address })),
    )

  it('hands the socket the addresses it checked', async () => {
    expect(await lookup('hooks.example.com', false)).toEqual({ address: '93.184.215.14' })
    expect(await lookup('hooks.example.com', false, { family: 6 })).toEqual({ address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c' })
    expect(await lookup('hooks.example.com', false, { all: true })).toEqual({
      address: [
        { address: '93.184.215.14', family: 4 },
        { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 },
      ],
    })
  })

  it('fails the connection when the name resolves to a private address', async () => {
    expect(await lookup('internal.example.com', false)).toEqual({ error: `internal.example.com resolves to 10.0.0.7, which is ${NOT_PUBLIC}` })
    expect(await lookup('mixed.example.com', false, { all: true })).toEqual({ error: `mixed.example.com resolves to 127.0.0.1, which is ${NOT_PUBLIC}` })
    expect(await lookup('internal.example.com', true)).toEqual({ address: '10.0.0.7' })
  })
})

describe('the sender', () => {
  // A URL written straight into the database (or saved before a range was refused) is checked
  // again where the request is made: an IP literal never goes through the lookup.
  it.each(['https://[::127.0.0.1]:9/x', 'https://[::ffff:0:7f00:1]:9/x', 'https://[64:ff9b:1::7f00:1]:9/x', 'https://2130706433:9/x', 'https://[3fff::1]:9/x', 'https://[5f00::1]:9/x'])(
    'refuses %s without connecting',
    async (url) => {
      const sender = createSender({ keepAlive: false, timeoutMs: 2000, resolve: dns })
      try {
        expect(await sender.send(url, '{}', {})).toEqual({ error: expect.stringMatching(new RegExp(` is ${NOT_PUBLIC.replace(/[().]/g, '\\$&')}$`)) })
      } finally {
        sender.close()
      }
    },
  )
})
