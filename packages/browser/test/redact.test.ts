import { describe, expect, it } from 'vitest'
import { redactSegment, redactUrl } from '../src/redact.js'

describe('redactSegment', () => {
  it.each([
    // emails, as written or percent-encoded
    ['jane@example.com', ':email'],
    ['jane@x', ':email'],
    ['jane.doe+news@mail.example.co.uk', ':email'],
    ['jane%40example.com', ':email'],
    // UUIDs, any version or case
    ['0b7c2a4e-5d1f-4e8a-9c3b-2f6d8e1a7b90', ':id'],
    ['0B7C2A4E-5D1F-4E8A-9C3B-2F6D8E1A7B90', ':id'],
    // long hex: reset tokens, hashes, 16+ digit numbers (card numbers)
    ['4f9a2c1e8b7d6a5f4e3d', ':token'],
    ['0b7c2a4e5d1f4e8a9c3b2f6d8e1a7b90', ':token'],
    ['d41d8cd98f00b204e9800998ecf8427e', ':token'],
    ['4111111111111111', ':token'],
    // base64url, base62, base36 and JWT tokens
    ['dGhpcyBpcyBhIHRva2Vu', ':token'],
    ['a8Kx_2mQp-9zLw3Rt5Yv', ':token'],
    ['k3j2h5g6f7d8s9a0q1w2', ':token'],
    ['QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG', ':token'],
    ['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', ':token'],
  ])('%s → %s', (segment, replaced) => {
    expect(redactSegment(segment)).toBe(replaced)
  })

  it.each([
    // words and slugs
    'checkout', 'how-to-choose-running-shoes-2024', 'Summer-Sale-2026-Collection', 'MyProductName', 'XMLHttpRequestGuide',
    'user_profile_settings', 'iphone-15-pro-max-256gb-blue', 'ps5-controller-v2-white', 'galaxy-s24-ultra-5g',
    'covid19-vaccine-2021-update-v3b', 'rtx4090-vs-rtx4080-review', 'v2.3.1-release-notes', 'README.md', 'page-2',
    // short ids and dates
    '12345', '123456789012345', 'product-12345', 'order-2026-000123', 'A1B2C3', 'abc123', '2026-11-22', '20261122', 'deadbeef',
    // handles and package versions, not addresses
    '@jane', 'react@18.2.0', '',
    // a stray % does not throw
    '100%', '%E0%A4%A',
  ])('%s stays', (segment) => {
    expect(redactSegment(segment)).toBe(segment)
  })
})

describe('redactUrl', () => {
  it.each([
    ['/reset/4f9a2c1e8b7d6a5f4e3d', '/reset/:token'],
    ['/u/jane@example.com/orders', '/u/:email/orders'],
    ['/orders/0b7c2a4e-5d1f-4e8a-9c3b-2f6d8e1a7b90', '/orders/:id'],
    ['/orders/12345', '/orders/12345'],
    // A path that starts with `//` (location.pathname of https://shop.example.com//jane@…) has no host.
    ['//jane@example.com/orders/4f9a2c1e8b7d6a5f4e3d', '//:email/orders/:token'],
    ['https://shop.example.com//jane@example.com/orders', 'https://shop.example.com//:email/orders'],
    ['/', '/'],
    ['', ''],
    ['https://shop.example.com/reset/4f9a2c1e8b7d6a5f4e3d', 'https://shop.example.com/reset/:token'],
    ['https://jane:secret@shop.example.com:8443/u/jane@example.com', 'https://jane:secret@shop.example.com:8443/u/:email'],
    // the query and hash are not path segments (they are dropped unless keepUrlQuery)
    ['https://shop.example.com/a/4f9a2c1e8b7d6a5f4e3d?next=/b/4f9a2c1e8b7d6a5f4e3d#x/y', 'https://shop.example.com/a/:token?next=/b/4f9a2c1e8b7d6a5f4e3d#x/y'],
    ['https://shop.example.com', 'https://shop.example.com'],
    ['http://127.0.0.1:8080/magic/dGhpcyBpcyBhIHRva2Vu/', 'http://127.0.0.1:8080/magic/:token/'],
  ])('%s → %s', (url, redacted) => {
    expect(redactUrl(url)).toBe(redacted)
  })
})
