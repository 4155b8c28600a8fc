import { createHash } from 'node:crypto'
import { quote, shortened } from './quote.js'

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
 * `Host: evil.example`, and is refused. `proxiedBy`, the proxy header the request carries
 * (`proxyHeader`): a loopback name then is the proxy's doing, and does not count.
 */
export function hostProblem(host: string | undefined, publicHosts: readonly string[], proxiedBy?: string): string | undefined {
  const name = hostName(host)
  if (name && publicHosts.includes(name)) return
  if (name && LOOPBACK.test(name) && proxiedBy) return proxiedProblem(name, proxiedBy)
  if (name && LOOPBACK.test(name)) return
  const shown = name ? quote(name) : 'no Host header'
  return (
    `this collector has no admin token, so it shows its answers only at localhost, 127.0.0.1 or [::1] (this request was for ${shown}): ` +
    'set TOUCHPOINT_ADMIN_TOKEN (e.g. to the output of "openssl rand -hex 32") and sign in with it' +
    (name && HOST_NAME.test(name) ? `, or, if everyone who can reach this address may read the answers, start the collector with --public-host ${name} (or TOUCHPOINT_PUBLIC_HOST=${name})` : '')
  )
}

/**
 * The proxy header a request carries (`X-Forwarded-For`, `Forwarded`, `X-Real-IP`,
 * `X-Forwarded-Host`), or `undefined`. A browser at the collector's machine sends none; a reverse
 * proxy on that machine that does not pass the `Host` header on (nginx's and Apache's default)
 * addresses every request to 127.0.0.1, and would show the answers to whoever reaches the proxy.
 */
export function proxyHeader(headers: Record<string, string | string[] | undefined>): string | undefined {
  return ['X-Forwarded-For', 'Forwarded', 'X-Real-IP', 'X-Forwarded-Host'].find((h) => headers[h.toLowerCase()] !== undefined)
}

function proxiedProblem(name: string, header: string): string {
  return (
    `this collector has no admin token, so it shows its answers only to whoever sits at its machine, and this request for ${quote(name)} came through a proxy (it carries ${header}): ` +
    'set TOUCHPOINT_ADMIN_TOKEN (e.g. to the output of "openssl rand -hex 32") and sign in with it, or, if everyone who can reach the proxy may read the answers, ' +
    'have it pass the Host header on (nginx: proxy_set_header Host $host) and start the collector with --public-host and that name'
  )
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

const PAGE_STYLE =
  ':root{color-scheme:light dark;font:16px/1.5 system-ui,sans-serif}' +
  'main{max-width:38rem;margin:0 auto;padding:2rem 1rem}h1{font-size:1.5rem;line-height:1.25}' +
  'code{font:0.9em ui-monospace,monospace;overflow-wrap:anywhere;padding:0.1em 0.3em;border-radius:4px;background:#8882}'

/** The Content-Security-Policy of `refusedPage`: its own style, and nothing else at all. */
export const REFUSED_PAGE_CSP =
  `default-src 'none'; style-src 'sha256-${createHash('sha256').update(PAGE_STYLE).digest('base64')}'; ` +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

/**
 * What a browser opening the dashboard at a refused host name is shown (with a 403): the same
 * as `hostProblem`, as a page. The host name is the requester's and is written as text only.
 */
export function refusedPage(host: string | undefined, proxiedBy?: string): string {
  const name = hostName(host)
  const shown = name && shortened(name)
  const publicHost = name && HOST_NAME.test(name) ? name : 'NAME'
  // Why this page is refused, and the other way out than a token: through a proxy, or at a name.
  const [why, orElse] =
    name && proxiedBy
      ? [
          `to whoever sits at its machine, and this page came through a proxy (it carries <code>${escapeHtml(proxiedBy)}</code>)`,
          'Or, if everyone who can reach the proxy may read the answers, have it pass the <code>Host</code> header on ' +
            '(nginx: <code>proxy_set_header Host $host</code>) and start the collector with <code>--public-host</code> and that name.',
        ]
      : [
          'at <code>localhost</code>, <code>127.0.0.1</code> or <code>[::1]</code>' +
            `${shown ? `, and this page was asked for at <code>${escapeHtml(shown)}</code>` : ', and this request named no host'}`,
          'Or, if everyone who can reach this address may read the answers, start the collector with ' +
            `<code>--public-host ${escapeHtml(publicHost)}</code> (or <code>TOUCHPOINT_PUBLIC_HOST=${escapeHtml(publicHost)}</code>).`,
        ]
  return (
    '<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>Touchpoint: this dashboard needs an admin token</title><style>${PAGE_STYLE}</style>` +
    '<main><h1>This dashboard needs an admin token</h1>' +
    `<p>This collector has no admin token, so it shows its answers only ${why}.</p>` +
    '<p>Set an admin token where the collector starts, restart it, and sign in here with the token:</p>' +
    '<p><code>TOUCHPOINT_ADMIN_TOKEN=$(openssl rand -hex 32)</code></p>' +
    `<p>${orElse}</p></main></html>`
  )
}
