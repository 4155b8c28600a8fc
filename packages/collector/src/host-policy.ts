const LOOPBACK = /^(?:localhost|127(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}|\[::1\])$/
/** A DNS name, an IPv4 address or an IPv6 address in brackets, as `hostName` writes them. */
export const HOST_NAME = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])$/

/**
 * The host name of a `Host` header, lower case and without the port: `localhost`,
 * `127.0.0.1`, `[::1]`, `collector.internal`. A trailing dot is dropped (`localhost.` is
 * `localhost`). `undefined` when there is no header.
 */
export function hostName(header: string | undefined): string | undefined {
  if (header === undefined) return
  const h = header.trim().toLowerCase()
  const name = h.startsWith('[') ? h.slice(0, h.indexOf(']') + 1) : h.replace(/:\d*$/, '')
  return name.replace(/\.$/, '')
}

/**
 * Why a read (the dashboard, stats, comments, export) addressed to `host` is refused on a
 * collector without an admin token, or `undefined` when it may go ahead. Without a token, the
 * answers are for whoever sits at the machine: `localhost`, `127.x.x.x` and `[::1]`, and the
 * names the operator lists (`publicHosts`). Checking the name, not the address, is what stops
 * DNS rebinding: a page on evil.example whose name is made to point at 127.0.0.1 sends
 * `Host: evil.example`, and is refused.
 */
export function hostProblem(host: string | undefined, publicHosts: readonly string[]): string | undefined {
  const name = hostName(host)
  if (name && (LOOPBACK.test(name) || publicHosts.includes(name))) return
  const shown = name ? JSON.stringify(name.length > 60 ? `${name.slice(0, 57)}…` : name) : 'no Host header'
  return (
    `this collector has no admin token, so it shows its answers only at localhost, 127.0.0.1 or [::1] (this request was for ${shown}): ` +
    'set TOUCHPOINT_ADMIN_TOKEN (e.g. to the output of "openssl rand -hex 32") and sign in with it' +
    (name && HOST_NAME.test(name) ? `, or, if everyone who can reach this address may read the answers, start the collector with --public-host ${name} (or TOUCHPOINT_PUBLIC_HOST=${name})` : '')
  )
}
