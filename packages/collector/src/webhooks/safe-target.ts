import { lookup as dnsLookup } from 'node:dns/promises'
import { BlockList, isIP } from 'node:net'
import type { LookupFunction } from 'node:net'
import { quote } from '../quote.js'
import { shownValue } from '../request-input.js'

/** Resolves a host name to every address it has, as `dns.lookup(host, { all: true })` does. */
export type Resolve = (hostname: string) => Promise<{ address: string; family: number }[]>

const systemResolve: Resolve = (hostname) => dnsLookup(hostname, { all: true, verbatim: true })

// IPv4 ranges that are not the public internet (IANA special-purpose registry): this host,
// private networks, carrier-grade NAT, loopback, link-local (cloud metadata lives at
// 169.254.169.254), protocol assignments, documentation, benchmarking, multicast, reserved.
const V4: [string, number][] = [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24],
  ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
]
// IPv6: unspecified, loopback and the old IPv4-compatible addresses (::/96: ::127.0.0.1 is
// ::7f00:1), IPv4-translated (::ffff:0:0:0/96), local-use NAT64 (64:ff9b:1::/48), discard, IETF
// protocol space (Teredo included), documentation (2001:db8::/32 and, since RFC 9637,
// 3fff::/20), ORCHID, SRv6 segment identifiers (5f00::/16, RFC 9602: routed inside one
// operator's network, never on the internet), unique local (fc00::/7), link-local, old
// site-local, multicast. IPv4-mapped addresses (::ffff:10.0.0.1) are checked against the IPv4
// ranges by BlockList itself.
const V6: [string, number][] = [
  ['::', 96], ['::ffff:0:0:0', 96], ['64:ff9b:1::', 48], ['100::', 64], ['2001::', 23], ['2001:db8::', 32], ['2001:10::', 28],
  ['3fff::', 20], ['5f00::', 16], ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8],
]

const v4Hex = (ip: string) => {
  const [a, b, c, d] = ip.split('.').map(Number) as [number, number, number, number]
  return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)]
}

const refused = new BlockList()
for (const [net, bits] of V4) {
  refused.addSubnet(net, bits, 'ipv4')
  // The same networks reached through NAT64 (64:ff9b::/96) and 6to4 (2002::/16), which embed an IPv4 address.
  const [hi, lo] = v4Hex(net)
  refused.addSubnet(`64:ff9b::${hi}:${lo}`, 96 + bits, 'ipv6')
  refused.addSubnet(`2002:${hi}:${lo}::`, 16 + bits, 'ipv6')
}
for (const [net, bits] of V6) refused.addSubnet(net, bits, 'ipv6')

/** Whether an IP address is on the public internet (not loopback, private, link-local, ULA, multicast, reserved…). */
export function isPublicAddress(ip: string): boolean {
  const family = isIP(ip)
  if (!family) return false
  return !refused.check(ip, family === 4 ? 'ipv4' : 'ipv6')
}

/** Why the webhooks may not reach an address, or `undefined` when they may. */
const addressProblem = (host: string, address: string, allowPrivate: boolean) =>
  allowPrivate || isPublicAddress(address)
    ? undefined
    : `${host} ${host === address ? 'is' : `resolves to ${address}, which is`} not a public address: webhooks reach public addresses only, ` +
      'unless the collector runs with --allow-private-webhooks (TOUCHPOINT_ALLOW_PRIVATE_WEBHOOKS=1)'

/** Where a webhook may point: https (http too with `allowPrivate`), no credentials, a host. */
export function urlProblem(value: unknown, allowPrivate: boolean): string | undefined {
  if (typeof value !== 'string' || value.length > 2048) {
    return `url must be a text of at most 2048 characters (got ${typeof value === 'string' ? `${value.length} characters` : shownValue(value)})`
  }
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return `url ${quote(value)} is not a URL: write it in full, like https://hooks.example.com/touchpoint`
  }
  const schemes = allowPrivate ? ['https:', 'http:'] : ['https:']
  if (!schemes.includes(url.protocol)) {
    return `url must start with ${allowPrivate ? 'https:// or http://' : 'https://'} (got ${url.protocol}//…)${allowPrivate ? '' : ': http is allowed only with --allow-private-webhooks'}`
  }
  if (url.username || url.password) return 'url must not hold a user name or password: receivers authenticate a delivery by its Touchpoint-Signature'
  if (url.port === '0') return 'url must not name port 0: nothing can listen there'
}

const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, '')

/**
 * Checks what a webhook URL's host is, or resolves to, right now: every address must be public
 * unless `allowPrivate`. Returns the problem, or `undefined`. The worker checks again at each
 * send, on the very address it connects to (see `safeLookup`), since a name can change.
 */
export async function targetProblem(url: URL, allowPrivate: boolean, resolve: Resolve = systemResolve): Promise<string | undefined> {
  const host = hostOf(url)
  if (isIP(host)) return addressProblem(host, host, allowPrivate)
  let addresses: { address: string }[]
  try {
    addresses = await resolve(host)
  } catch (e) {
    return `${host} does not resolve (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): check the URL`
  }
  if (!addresses.length) return `${host} does not resolve: check the URL`
  for (const a of addresses) {
    const problem = addressProblem(host, a.address, allowPrivate)
    if (problem) return problem
  }
}

/**
 * A `lookup` for `http.request` that resolves the host and refuses it unless every address is
 * allowed, then hands the socket exactly those addresses. The address checked is the address
 * connected to: a name that resolves to a public address when checked and to a private one a
 * moment later (DNS rebinding) cannot slip through. IP literals never reach a lookup; the
 * sender checks those itself with `targetProblem`.
 */
export function safeLookup(allowPrivate: boolean, resolve: Resolve = systemResolve): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        const family = options.family === 4 || options.family === 6 ? options.family : 0
        const usable = addresses.filter((a) => !family || a.family === family)
        const problem = usable.length ? usable.map((a) => addressProblem(hostname, a.address, allowPrivate)).find(Boolean) : `${hostname} does not resolve`
        if (problem) return callback(Object.assign(new Error(problem), { code: 'ETOUCHPOINTTARGET' }), '', 0)
        if (options.all) callback(null, usable)
        else callback(null, usable[0]!.address, usable[0]!.family)
      },
      (e: NodeJS.ErrnoException) => callback(e, '', 0),
    )
  }
}
