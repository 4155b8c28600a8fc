import { isIPv6 } from 'node:net'

/** The first four groups of an IPv6 address (its /64 network), `::` expanded. */
function network64(address: string): string {
  const [head = '', tail] = address.split('::')
  const groups = head ? head.split(':') : []
  if (tail !== undefined) {
    const rest = tail ? tail.split(':') : []
    groups.push(...Array(8 - groups.length - rest.length).fill('0'), ...rest)
  }
  return `${groups.slice(0, 4).map((g) => g.toLowerCase().replace(/^0+(?=.)/, '')).join(':')}::/64`
}

/**
 * Who a request counts against, for rate limits: the peer address, or with `trustProxy` the
 * address that the proxy in front appended last to X-Forwarded-For (earlier entries are
 * whatever the client claimed). IPv6 clients count per /64 network, the block one subscriber
 * gets, so that a single client cannot mint fresh keys by rotating addresses.
 */
export function clientKey(peer: string | undefined, forwardedFor: string | string[] | undefined, trustProxy = false): string {
  const forwarded = trustProxy ? [forwardedFor ?? []].flat().join(',').split(',').map((s) => s.trim()).filter(Boolean).at(-1) : undefined
  const address = (forwarded ?? peer ?? 'unknown').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '')
  return isIPv6(address) ? network64(address) : address
}
