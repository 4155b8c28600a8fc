import { createHash } from 'node:crypto'
import { once } from 'node:events'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { bearerMatches } from './bearer-token.js'
import { clientKey } from './client-key.js'
import { comments, MAX_COMMENTS_LIMIT } from './comments.js'
import { loadDashboard } from './dashboard-assets.js'
import type { Database } from './db/database.js'
import { exportCsv } from './export-csv.js'
import { FILTER_KEYS, filterProblem } from './filter.js'
import type { Filter } from './filter.js'
import { HttpError } from './http-error.js'
import { envelopeProblem, ingest } from './ingest.js'
import { originProblem } from './origin-policy.js'
import type { Access } from './origin-policy.js'
import { rateLimiter } from './rate-limit.js'
import { readBody } from './read-body.js'
import { API_HEADERS, DASHBOARD_HEADERS } from './security-headers.js'
import { GROUPS, groupByProblem, stats } from './stats.js'
import type { Group } from './stats.js'
import { webhookRoutes } from './webhooks/api.js'

export interface HandlerOptions {
  db: Database
  /** Origins that may send answers from a browser; `'*'` for any. See `originProblem` for reads. */
  allowedOrigins: string[] | '*'
  /** When set, the read endpoints need `Authorization: Bearer <token>`. */
  adminToken?: string
  /** The survey config served at `GET /v1/config` (already validated). */
  config?: unknown
  /** Largest request body, in bytes. Default 1 MiB. */
  maxBodyBytes?: number
  /** Ingest requests per client per minute; 0 turns the limit off. Default 600. */
  ratePerMinute?: number
  /** Take the client address from `X-Forwarded-For` (behind one proxy you trust). */
  trustProxy?: boolean
  /** Where the built dashboard is; default: this package's `dist/dashboard`. */
  dashboardDir?: string
  /** Let webhooks point at loopback and private addresses, over http too (intranets, tests). */
  allowPrivateWebhooks?: boolean
  /** Called when a webhook delivery is retried over the API: wakes this collector's worker. */
  wakeWebhooks?(): void
}

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> | void
interface Route {
  access: Access
  methods: Partial<Record<'GET' | 'POST' | 'PATCH' | 'DELETE', Handler>>
}

/** Wrong admin tokens one client may try per minute before it has to wait. */
const AUTH_FAILURES_PER_MINUTE = 20

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers })
  res.end(JSON.stringify(body))
}

/** A value as an error message quotes it: short, so that no answer echoes much of a request. */
const quote = (s: string) => JSON.stringify(s.length > 60 ? `${s.slice(0, 57)}…` : s)

/** A request's query parameters, refusing those the endpoint does not take (a typo would silently widen a filter). */
function readParams(url: URL, allowed: readonly string[]): Map<string, string> {
  const out = new Map<string, string>()
  for (const [k, v] of url.searchParams) {
    if (!allowed.includes(k)) throw new HttpError(400, `unknown parameter ${quote(k)}: ${url.pathname} takes ${allowed.join(', ')}`)
    if (out.has(k)) throw new HttpError(400, `parameter ${quote(k)} is given twice`)
    out.set(k, v)
  }
  return out
}

function readFilter(p: Map<string, string>): Filter {
  const f: Filter = {}
  for (const k of FILTER_KEYS) if (p.get(k)) f[k] = p.get(k)
  const problem = filterProblem(f)
  if (problem) throw new HttpError(400, problem)
  return f
}

/**
 * The collector's HTTP API and dashboard as a Node request listener: ingest with dedupe,
 * stats, comments, CSV export, the survey config; CORS for an allowlist of origins, a body
 * limit, a per-client rate limit, an optional admin token on what reads the answers, and
 * security headers on everything.
 */
export function createHandler(o: HandlerOptions) {
  const maxBody = o.maxBodyBytes ?? 1024 * 1024
  const ingestLimit = rateLimiter(o.ratePerMinute ?? 600)
  const authFailures = rateLimiter(AUTH_FAILURES_PER_MINUTE)
  const dashboard = loadDashboard(o.dashboardDir)
  const configBody = o.config === undefined ? undefined : JSON.stringify(o.config)
  const configTag = configBody && `"${createHash('sha256').update(configBody).digest('base64url').slice(0, 27)}"`
  const client = (req: IncomingMessage) => clientKey(req.socket.remoteAddress, req.headers['x-forwarded-for'], o.trustProxy)

  const requireAdmin = (req: IncomingMessage) => {
    if (!o.adminToken || bearerMatches(req.headers.authorization, o.adminToken)) return
    const wait = authFailures(client(req))
    if (wait) throw new HttpError(429, 'too many wrong admin tokens from this client: wait and retry', { 'Retry-After': String(wait) })
    throw new HttpError(401, 'this endpoint needs Authorization: Bearer <TOUCHPOINT_ADMIN_TOKEN>', { 'WWW-Authenticate': 'Bearer realm="touchpoint"' })
  }

  const postResponses: Handler = async (req, res) => {
    const wait = ingestLimit(client(req))
    if (wait) throw new HttpError(429, 'too many requests from this client: retry after the time in Retry-After', { 'Retry-After': String(wait) })
    const type = String(req.headers['content-type'] ?? 'application/json').split(';')[0]!.trim().toLowerCase()
    // sendBeacon posts text/plain (no preflight needed), fetch posts application/json.
    if (type !== 'application/json' && type !== 'text/plain') throw new HttpError(415, `send the body as application/json or text/plain (got ${quote(type)})`)
    const encoding = String(req.headers['content-encoding'] ?? 'identity').toLowerCase()
    if (encoding !== 'identity') throw new HttpError(415, `send the body uncompressed (got Content-Encoding ${quote(encoding)})`)
    const text = (await readBody(req, maxBody)).toString('utf8')
    let body: unknown
    try {
      body = JSON.parse(text)
    } catch (e) {
      throw new HttpError(400, `the body is not valid JSON: ${(e as Error).message}`)
    }
    const problem = envelopeProblem(body)
    if (problem) throw new HttpError(400, problem)
    json(res, 200, await ingest(o.db, (body as { responses: unknown[] }).responses))
  }

  const getStats: Handler = async (req, res, url) => {
    requireAdmin(req)
    const p = readParams(url, [...FILTER_KEYS, 'groupBy', 'distribution'])
    const filter = readFilter(p)
    const groupBy = (p.get('groupBy') ?? '').split(',').filter(Boolean)
    const problem = groupByProblem(groupBy)
    if (problem) throw new HttpError(400, problem)
    const distribution = p.get('distribution') ?? 'false'
    if (distribution !== 'true' && distribution !== 'false') throw new HttpError(400, `distribution must be true or false (got ${quote(distribution)})`)
    const results = await stats(o.db, filter, groupBy as Group[], { distribution: distribution === 'true' })
    json(res, 200, { filter, groupBy, groups: GROUPS, results })
  }

  const getComments: Handler = async (req, res, url) => {
    requireAdmin(req)
    const p = readParams(url, [...FILTER_KEYS, 'limit', 'before'])
    const filter = readFilter(p)
    const limit = Number(p.get('limit') ?? 20)
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_COMMENTS_LIMIT) {
      throw new HttpError(400, `limit must be a whole number from 1 to ${MAX_COMMENTS_LIMIT} (got ${quote(p.get('limit')!)})`)
    }
    const before = p.get('before') || undefined
    if (before && !/^[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i.test(before)) {
      throw new HttpError(400, `before must be the "next" value of a previous page (got ${quote(before)})`)
    }
    json(res, 200, { filter, ...(await comments(o.db, filter, { limit, before })) })
  }

  const getExport: Handler = async (req, res, url) => {
    requireAdmin(req)
    const filter = readFilter(readParams(url, FILTER_KEYS))
    const chunks = exportCsv(o.db, filter)
    // The first chunk (the header) is ready without a query: read one more, so that a database
    // error is still answered with a status rather than with a cut-off file.
    const head = [(await chunks.next()).value as string]
    const first = await chunks.next()
    if (!first.done) head.push(first.value)
    res.writeHead(200, {
      'Content-Type': 'text/csv; charset=utf-8; header=present',
      'Content-Disposition': `attachment; filename="touchpoint-responses-${new Date().toISOString().slice(0, 10)}.csv"`,
      'Cache-Control': 'no-store',
    })
    if (req.method === 'HEAD') {
      await chunks.return(undefined)
      return void res.end()
    }
    for (const chunk of head) res.write(chunk)
    if (!first.done) {
      for await (const chunk of chunks) {
        if (res.destroyed) break
        if (!res.write(chunk)) await Promise.race([once(res, 'drain'), once(res, 'close')])
      }
    }
    res.end()
  }

  const getConfig: Handler = (req, res) => {
    if (configBody === undefined) throw new HttpError(404, 'no survey config is served here: start the collector with --config FILE')
    // no-cache: browsers may keep it, but ask each time whether it changed (a restart with a new file).
    const headers = { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-cache', ETag: configTag! }
    if (req.headers['if-none-match'] === configTag) return void res.writeHead(304, headers).end()
    res.writeHead(200, headers).end(configBody)
  }

  const getHealth: Handler = async (_req, res) => {
    try {
      await o.db.query('SELECT 1')
    } catch (e) {
      console.error('[collector] health check: the database does not answer:', (e as Error).message)
      throw new HttpError(503, 'the database does not answer')
    }
    json(res, 200, { ok: true, db: o.db.kind })
  }

  const getAsset: Handler = (req, res, url) => {
    if (!dashboard) throw new HttpError(404, 'the dashboard is not built: run "npm run build"')
    const asset = dashboard.get(url.pathname)
    if (!asset) throw new HttpError(404, `no file ${quote(url.pathname)}`)
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))
    res.writeHead(200, {
      ...(url.pathname === '/' ? DASHBOARD_HEADERS : {}),
      'Content-Type': asset.type,
      'Cache-Control': asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      'Cross-Origin-Resource-Policy': 'same-origin',
      Vary: 'Accept-Encoding',
      ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
    })
    res.end(gzip ? asset.gzip : asset.body)
  }

  const routes: Record<string, Route> = {
    '/v1/responses': { access: 'send', methods: { POST: postResponses } },
    '/v1/config': { access: 'send', methods: { GET: getConfig } },
    '/v1/stats': { access: 'read', methods: { GET: getStats } },
    '/v1/comments': { access: 'read', methods: { GET: getComments } },
    '/v1/export': { access: 'read', methods: { GET: getExport } },
    '/health': { access: 'send', methods: { GET: getHealth } },
    '/': { access: 'read', methods: { GET: getAsset } },
  }
  const asset: Route = routes['/']!
  const webhooks = webhookRoutes({ db: o.db, requireAdmin, allowPrivate: o.allowPrivateWebhooks, wake: o.wakeWebhooks })

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    for (const [k, v] of Object.entries(API_HEADERS)) res.setHeader(k, v)
    try {
      const url = new URL(req.url ?? '/', 'http://collector')
      const route = routes[url.pathname] ?? webhooks(url.pathname) ?? (url.pathname.startsWith('/dashboard/') ? asset : undefined)
      if (!route) throw new HttpError(404, `no such endpoint: ${req.method} ${quote(url.pathname)}`)
      const origin = req.headers.origin
      const refused = originProblem(origin, req.headers.host, o.allowedOrigins, route.access)
      if (refused) throw new HttpError(403, refused)
      if (origin) {
        res.setHeader('Access-Control-Allow-Origin', origin)
        res.setHeader('Access-Control-Expose-Headers', 'Retry-After, Content-Disposition')
      }
      res.setHeader('Vary', 'Origin')
      const allow = [...Object.keys(route.methods), ...(route.methods.GET ? ['HEAD'] : []), 'OPTIONS'].join(', ')
      if (req.method === 'OPTIONS') {
        res.writeHead(204, {
          Allow: allow,
          'Access-Control-Allow-Methods': allow,
          'Access-Control-Allow-Headers': String(req.headers['access-control-request-headers'] ?? 'Content-Type').slice(0, 1000),
          // Chromium keeps preflights for at most 2 hours.
          'Access-Control-Max-Age': '7200',
        })
        return void res.end()
      }
      // Node leaves the body out of HEAD answers by itself.
      const handler = route.methods[(req.method === 'HEAD' ? 'GET' : req.method) as keyof Route['methods']]
      if (!handler) throw new HttpError(405, `${url.pathname} takes ${allow}, not ${req.method}`, { Allow: allow })
      await handler(req, res, url)
    } catch (e) {
      const status = e instanceof HttpError ? e.status : 500
      if (status === 500) console.error('[collector]', e)
      if (res.headersSent) return void res.destroy()
      json(res, status, { error: status === 500 ? 'internal error' : (e as Error).message }, e instanceof HttpError ? e.headers : {})
      // Read and discard what the client is still sending, so that it gets to see the answer
      // rather than a reset connection; a client that never stops is cut off.
      if (!req.readableEnded) {
        let drained = 0
        req.on('data', (c: Buffer) => (drained += c.length) > 16 * maxBody && req.destroy())
        req.resume()
      }
    }
  }
}
