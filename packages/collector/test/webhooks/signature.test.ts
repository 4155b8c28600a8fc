import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { newSecret, signatureHeader, verifySignature } from '../../src/webhooks/signature.js'

describe('signatures', () => {
  const secret = 'whsec_test'
  const body = '{"event":"answer","score":3}'

  it('signs "<t>.<body>" with HMAC-SHA256, as the docs tell receivers to check it', () => {
    const expected = createHmac('sha256', secret).update(`1700000000.${body}`).digest('hex')
    expect(signatureHeader(secret, body, 1700000000.9)).toBe(`t=1700000000,v1=${expected}`)
  })

  it.each([
    ['the signed body', body, 1700000060, true],
    ['another body', `${body} `, 1700000060, false],
    ['a body too old (replayed later)', body, 1700000000 + 301, false],
    ['a body from the future', body, 1700000000 - 301, false],
  ])('verifies %s: %s', (_, sent, now, ok) => {
    expect(verifySignature(signatureHeader(secret, body, 1700000000), secret, sent, now)).toBe(ok)
  })

  it.each([undefined, '', 't=1700000000', 'v1=00', 't=abc,v1=' + '0'.repeat(64), `t=1700000000,v1=${'0'.repeat(64)}`])('refuses the header %j', (header) => {
    expect(verifySignature(header, secret, body, 1700000000)).toBe(false)
  })

  it('makes a new, long, random secret each time', () => {
    const a = newSecret()
    expect(a).toMatch(/^whsec_[\w-]{43}$/)
    expect(newSecret()).not.toBe(a)
  })
})
