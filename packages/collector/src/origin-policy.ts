/**
 * Who may call an endpoint from a browser page on another origin. `send` endpoints (answers,
 * the survey config) take any origin in the allowlist, `*` included: the SDK runs on your
 * sites. `read` endpoints (stats, comments, export, the dashboard) answer their own origin and
 * origins listed by name only: with `*`, any web page could otherwise read them through its
 * visitors' browsers (a collector on a private network or on localhost, one without a token).
 */
export type Access = 'send' | 'read'

/**
 * `allowed` is `'*'`, or a list of origins that may hold `'*'` beside names: any page may then
 * send, and the named ones may read too. A listed `null` lets sandboxed frames send, never read.
 *
 * Why a request from `origin` is refused (answered with 403), or `undefined` when it may go
 * ahead. `host` is the request's Host header: an origin on that host is the collector's own.
 */
export function originProblem(origin: string | undefined, host: string | undefined, allowed: readonly string[] | '*', access: Access): string | undefined {
  if (!origin) return
  const any = allowed === '*' || allowed.includes('*')
  // `null` (sandboxed frames, file: pages) is every such page on the web: listed, it may send only.
  if (allowed !== '*' && origin !== '*' && allowed.includes(origin) && (origin !== 'null' || access === 'send')) return
  let own = false
  try {
    own = new URL(origin).host === host
  } catch {
    // "null" (sandboxed frames, file: pages) and other non-URLs are no one's own origin.
  }
  if (own) return
  if (access === 'send' && any) return
  return access === 'send'
    ? `origin ${origin} is not in TOUCHPOINT_ALLOWED_ORIGINS`
    : `origin ${origin} may not read from this collector: list it by name in TOUCHPOINT_ALLOWED_ORIGINS`
}
