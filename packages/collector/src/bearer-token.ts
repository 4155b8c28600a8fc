import { createHash, timingSafeEqual } from 'node:crypto'

const digest = (s: string) => createHash('sha256').update(s).digest()

/**
 * Whether an `Authorization` header carries `token` as a bearer token. The comparison takes the
 * same time whatever the header holds: both sides are hashed first, so that neither the
 * position of the first wrong character nor the token's length shows in the timing.
 */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer +(\S+) *$/i.exec(header ?? '')?.[1]
  const same = timingSafeEqual(digest(given ?? ''), digest(token))
  return same && given !== undefined
}
