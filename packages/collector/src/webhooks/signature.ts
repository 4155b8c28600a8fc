import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

/** A new webhook secret: 32 random bytes, as text. The HMAC key is this text, UTF-8 encoded. */
export const newSecret = () => `whsec_${randomBytes(32).toString('base64url')}`

/**
 * The `Touchpoint-Signature` header of a body sent at `unixSeconds`:
 * `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. The time is signed with the
 * body, so a receiver that refuses old timestamps cannot be fed a recorded request again.
 */
export function signatureHeader(secret: string, body: string, unixSeconds: number): string {
  const t = Math.floor(unixSeconds)
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`
}

/**
 * Whether a `Touchpoint-Signature` header is right for this body and secret, and no more than
 * `toleranceSeconds` away from `nowSeconds`. What a receiver does; the collector uses it in tests.
 */
export function verifySignature(header: string | undefined, secret: string, body: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const parts = Object.fromEntries((header ?? '').split(',').map((p) => p.split('=', 2) as [string, string]))
  const t = Number(parts.t)
  if (!/^\d+$/.test(parts.t ?? '') || Math.abs(nowSeconds - t) > toleranceSeconds || !/^[0-9a-f]{64}$/.test(parts.v1 ?? '')) return false
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest()
  return timingSafeEqual(expected, Buffer.from(parts.v1!, 'hex'))
}
