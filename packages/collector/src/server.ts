import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Database } from './db/database.js'
import { envelopeProblem, ingest } from './ingest.js'
import { rateLimiter } from './rate-limit.js'
import { GROUPS, stats, statsProblem } from './stats.js'
import type { Group, StatsFilter } from './stats.js'

export interface HandlerOptions {
  db: Database
  /** Origins that may call from a browser; `'*'` for any. */
  allowedOrigins: string[] | '*'
  /** When set, the read endpoints need `Authorization: Bearer <token>`. */
  adminToken?: string
  /** The survey config served at `GET /v1/config` (already validated). */
  config?: unknown
  /** Largest request body, in bytes. Default 1 MiB. */
  maxBodyBytes?: number
  /** Ingest requests per client per minute; 0 turns the limit off. Default 600. */
  ratePerMinute?: number
  /** Take the client address from `X-Forwarded-For` (behind a proxy you trust). */
  trustProxy?: boolean
}

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> | void

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
  }
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers })
  res.end(JSON.stringify(body))
}

/** Reads a body up to `max` bytes; past that, answers 413 without reading the rest. */
async function readBody(req: IncomingMessage, max: number): Promise<string> {
  if (Number(req.headers['content-length'] ?? 0) > max) throw new HttpError(413, `the body is larger than ${max} bytes`, { Connection: 'close' })
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > max) throw new HttpError(413, `the body is larger than ${max} bytes`, { Connection: 'close' })
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * The collector's HTTP API as a Node request listener: ingest with dedupe, stats, config;
 * CORS for an allowlist of origins, a body limit and a per-client rate limit.
 */
export function createHandler(o: HandlerOptions) {
  const maxBody = o.maxBodyBytes ?? 1024 * 1024
  const limiter = rateLimiter(o.ratePerMinute ?? 600)
  const originAllowed = (origin: string) => o.allowedOrigins === '*' || o.allowedOrigins.includes(origin)

  const requireAdmin = (req: IncomingMessage) => {
    if (o.adminToken && req.headers.authorization !== `Bearer ${o.adminToken}`) {
      throw new HttpError(401, 'this endpoint needs Authorization: Bearer <TOUCHPOINT_ADMIN_TOKEN>', { 'WWW-Authenticate': 'Bearer' })
    }
  }

  const postResponses: Handler = async (req, res) => {
    const client = (o.trustProxy && String(req.headers['x-forwarded-for'] ?? '').split(',')[0]!.trim()) || req.socket.remoteAddress || '?'
    const wait = limiter(client)
    if (wait) throw new HttpError(429, 'too many requests from this client', { 'Retry-After': String(wait) })
    const type = String(req.headers['content-type'] ?? 'application/json').split(';')[0]!.trim().toLowerCase()
    // sendBeacon posts text/plain (no preflight needed), fetch posts application/json.
    if (type !== 'application/json' && type !== 'text/plain') throw new HttpError(415, 'send application/json or text/plain')
    let body: unknown
    try {
      body = JSON.parse(await readBody(req, maxBody))
    } catch (e) {
      if (e instanceof HttpError) throw e
      throw new HttpError(400, 'the body is not valid JSON')
    }
    const problem = envelopeProblem(body)
    if (problem) throw new HttpError(400, problem)
    json(res, 200, await ingest(o.db, (body as { responses: unknown[] }).responses))
  }

  const getStats: Handler = async (req, res, url) => {
    requireAdmin(req)
    const p = url.searchParams
    const filter: StatsFilter = {}
    for (const k of ['survey', 'touchpoint', 'stage', 'from', 'to'] as const) if (p.get(k)) filter[k] = p.get(k)!
    const groupBy = (p.get('groupBy') ?? '').split(',').filter(Boolean)
    const problem = statsProblem(filter, groupBy)
    if (problem) throw new HttpError(400, problem)
    json(res, 200, { filter, groupBy, groups: GROUPS, results: await stats(o.db, filter, groupBy as Group[]) })
  }

  const routes: Record<string, Handler> = {
    'POST /v1/responses': postResponses,
    'GET /v1/stats': getStats,
    'GET /v1/config': (_req, res) => {
      if (o.config === undefined) throw new HttpError(404, 'no config is served: start the collector with --config FILE')
      json(res, 200, o.config, { 'Cache-Control': 'no-cache' })
    },
    'GET /health': (_req, res) => json(res, 200, { ok: true, db: o.db.kind }),
  }

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://collector')
    const origin = req.headers.origin
    try {
      if (origin) {
        if (!originAllowed(origin)) throw new HttpError(403, `origin ${origin} is not in TOUCHPOINT_ALLOWED_ORIGINS`)
        res.setHeader('Access-Control-Allow-Origin', origin)
        res.setHeader('Vary', 'Origin')
      }
      if (req.method === 'OPTIONS') {
        res.writeHead(204, {
          'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
          'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? 'Content-Type',
          'Access-Control-Max-Age': '86400',
        })
        return void res.end()
      }
      const route = routes[`${req.method} ${url.pathname}`]
      if (!route) throw new HttpError(Object.keys(routes).some((r) => r.endsWith(` ${url.pathname}`)) ? 405 : 404, `no route ${req.method} ${url.pathname}`)
      await route(req, res, url)
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
