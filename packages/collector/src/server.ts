import { once } from 'node:events'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { CHECKED_HEADER } from '@touchpoint/core'
import type { IngestResult } from '@touchpoint/core'
import { bearerMatches } from './bearer-token.js'
import { bodyBudget } from './body-budget.js'
import { clientKey } from './client-key.js'
import { comments, MAX_COMMENTS_LIMIT, searchProblem, searchWords } from './comments.js'
import { configApi } from './config-api.js'
import { contextKeys } from './context-keys.js'
import { configStore } from './config-store.js'
import { loadDashboard } from './dashboard-assets.js'
import type { Database } from './db/database.js'
import { discardBody } from './discard-body.js'
import { describeError, errorCode, isTransient, isUnavailable } from './db/database-error.js'
import { boundedLog } from './error-log.js'
import { exportCsv } from './export-csv.js'
import { fatigue } from './fatigue.js'
import { CONTEXT_PREFIX, FILTER_KEYS, filterProblem } from './filter.js'
import type { Filter } from './filter.js'
import { hostProblem, proxyHeader, REFUSED_PAGE_CSP, refusedPage } from './host-policy.js'
import { HttpError } from './http-error.js'
import { envelopeProblem, ingest, ingestEvents } from './ingest.js'
import { json } from './json-answer.js'
import { AUTH_FAILURES_PER_MINUTE, LIMITS, MAX_DEPTH } from './limits.js'
import { originProblem } from './origin-policy.js'
import type { Access } from './origin-policy.js'
import { rateLimiter, tokenBuckets } from './rate-limit.js'
import { readBody } from './read-body.js'
import { givenTwice, repeatedKeys } from './repeated-key.js'
import { escaped, quote } from './quote.js'
import { readParams, whole } from './request-input.js'
import { API_HEADERS, DASHBOARD_HEADERS } from './security-headers.js'
import { StoreError } from './store-error.js'
import { reach, withReach } from './reach.js'
import { GROUPS, groupByProblem, statsResult } from './stats.js'
import type { Group } from './stats.js'
import { webhookRoutes } from './webhooks/api.js'

export interface HandlerOptions {
  db: Database
  /** Origins that may send answers from a browser; `'*'` for any. See `originProblem` for reads. */
  allowedOrigins: string[] | '*'
  /** When set, the read endpoints need `Authorization: Bearer <token>` (32 characters or more, checked by `startCollector`). */
  adminToken?: string
  /**
   * Without an admin token, the dashboard and the read endpoints answer only requests whose
   * `Host` is loopback (`localhost`, `127.x.x.x`, `[::1]`) or one of these names (lower case,
   * no port). Ignored when there is a token.
   */
  publicHosts?: string[]
  /** Largest request body, in bytes. Default 1 MiB. */
  maxBodyBytes?: number
  /** Answer batches (POST /v1/responses) per client per minute; 0 turns the limit off. Default 600. */
  ratePerMinute?: number
  /** Answers per client per minute; 0 turns the limit off. Default 6000. */
  answersPerMinute?: number
  /** Request-body bytes per client per minute; 0 turns the limit off. Default 64 MiB. */
  bytesPerMinute?: number
  /** Request-body bytes held in memory at once, in all; beyond it, 503. 0: no cap. Default 64 MiB. */
  maxBytesInFlight?: number
  /** Request-body bytes held in memory at once for one client; beyond it, 503. 0: no cap. Default 8 MiB. */
  maxBytesInFlightPerClient?: number
  /** Take the client address from `X-Forwarded-For` (behind one proxy you trust). */
  trustProxy?: boolean
  /** Where the built dashboard is; default: this package's `dist/dashboard`. */
  dashboardDir?: string
  /** The collector's clock, in ms: the rate limits and the fatigue period follow it (tests move it). Default `Date.now`. */
  now?: () => number
  /** Let webhooks point at loopback and private addresses, over http too (intranets, tests). */
  allowPrivateWebhooks?: boolean
  /** Called when a webhook delivery is retried over the API: wakes this collector's worker. */
  wakeWebhooks?(): void
}

/** The collector's request listener, and what it holds: see `createHandler`. */
export interface CollectorHandler {
  (req: IncomingMessage, res: ServerResponse): Promise<void>
  /** Request-body bytes held in memory now, by every request together. */
  readonly bytesInFlight: number
}

type Endpoint = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> | void
interface Route {
  access: Access
  /** Needs the admin token, when there is one. */
  admin?: boolean
  methods: Partial<Record<'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', Endpoint>>
}

/**
 * What is read and thrown away of a body after an early answer, at most (see `discardBody`):
 * after a 413, up to 4 bodies of the largest size, so that a client that sent a few MB reads
 * why; after any other early answer (429, 503, 400…), 64 KiB, more than the SDK ever sends in
 * one request, and little enough that a flood's bodies are not read for it. For 10 s at most.
 */
const DISCARD_BODIES = 4
const DISCARD_BYTES = 64 * 1024
const DISCARD_MS = 10_000
/** A preflight for a path that does not exist is let through, so that the request after it shows its 404. */
const ANY_METHOD = 'GET, HEAD, POST, OPTIONS'

/** A record's id as a rejection names it (ingest's rule): its text, cut short, or null. */
const idOf = (r: unknown) => {
  const id = (r as { id?: unknown } | null)?.id
  return typeof id === 'string' ? id.slice(0, 100) : null
}

/** Why each record of one kind is refused before it is validated, by its position. */
type Refused = Map<number, string>

/**
 * Stores the records of one kind, but for those `refused` (nested too deep, a key given twice),
 * which are rejected, first.
 */
async function storeRecords(records: unknown[], refused: Refused, store: (kept: unknown[]) => Promise<IngestResult>): Promise<IngestResult> {
  if (!refused.size) return store(records)
  const out = records.flatMap((r, i) => (refused.has(i) ? [{ id: idOf(r), reason: refused.get(i)! }] : []))
  const result = await store(records.filter((_, i) => !refused.has(i)))
  return { ...result, rejected: [...out, ...result.rejected] }
}

const TOO_DEEP = `the record nests arrays and objects more than ${MAX_DEPTH} levels deep, counting the envelope: it was not read`

/**
 * What is refused of a body before its records are validated: the records nested too deep (read
 * as they arrived) and those that give a key twice in one object, whose value JSON.parse would
 * take from the last and drop the other without a word. A key given twice outside the records
 * (`responses` twice) is a `400`: which records were meant cannot be known.
 */
function refusals(text: string, tooDeep: ReadonlySet<number>, eventsTooDeep: ReadonlySet<number>): Record<'responses' | 'events', Refused> {
  const refused = { responses: new Map([...tooDeep].map((i) => [i, TOO_DEEP])), events: new Map([...eventsTooDeep].map((i) => [i, TOO_DEEP])) }
  for (const { key, line, path } of repeatedKeys(text)) {
    const [member, at] = path
    if ((member !== 'responses' && member !== 'events') || typeof at !== 'number') {
      throw new HttpError(400, `${givenTwice(key)}, on line ${line}, outside the records: give it once`)
    }
    if (!refused[member].has(at)) refused[member].set(at, `${givenTwice(key)}: the record was not stored, since JSON keeps one of the two and loses the other`)
  }
  return refused
}

function readFilter(p: Map<string, string>): Filter {
  const f: Filter = {}
  for (const k of FILTER_KEYS) if (p.get(k)) f[k] = p.get(k)
  // Built from entries: an assignment would drop the key __proto__ (a context key like any
  // other) without a word, and the filter with it.
  const context = [...p].filter(([k, v]) => k.startsWith(CONTEXT_PREFIX) && v).map(([k, v]) => [k.slice(CONTEXT_PREFIX.length), v])
  if (context.length) f.context = Object.fromEntries(context)
  const problem = filterProblem(f)
  if (problem) throw new HttpError(400, problem)
  return f
}

/** The path of a request target: origin-form (`/v1/stats?…`) as it is, absolute-form (`http://host/v1/stats`) by its path. */
function urlOf(target = '/'): URL {
  try {
    return new URL(target.startsWith('/') ? `http://collector${target}` : target)
  } catch {
    throw new HttpError(400, `the request target ${quote(target)} is not a path`)
  }
}

/**
 * The collector's HTTP API and dashboard as a Node request listener: ingest with dedupe,
 * stats, comments, CSV export, the versioned survey config; CORS for an allowlist of origins; limits on
 * body size, nesting, bytes in flight and per-client rates; an admin token on what reads the
 * answers (or, without one, reads only on loopback names); security headers on everything.
 */
export function createHandler(o: HandlerOptions): CollectorHandler {
  const maxBody = o.maxBodyBytes ?? LIMITS.maxBodyBytes
  const now = o.now ?? (() => Date.now())
  const requests = rateLimiter(o.ratePerMinute ?? LIMITS.ratePerMinute, now)
  const answers = tokenBuckets(o.answersPerMinute ?? LIMITS.answersPerMinute, now)
  const bytes = tokenBuckets(o.bytesPerMinute ?? LIMITS.bytesPerMinute, now)
  const budget = bodyBudget(o.maxBytesInFlight ?? LIMITS.maxBytesInFlight, o.maxBytesInFlightPerClient ?? LIMITS.maxBytesInFlightPerClient)
  const authFailures = tokenBuckets(AUTH_FAILURES_PER_MINUTE, now)
  const publicHosts = (o.publicHosts ?? []).map((h) => h.toLowerCase())
  const dashboard = loadDashboard(o.dashboardDir)
  // A full disk fails every request alike: one line per kind of failure a minute, not one each.
  const logError = boundedLog()
  const client = (req: IncomingMessage) => clientKey(req.socket.remoteAddress, req.headers['x-forwarded-for'], o.trustProxy)
  const tooMany = (what: string, wait: number) =>
    new HttpError(429, `too many ${what} from this client: retry after the time in Retry-After`, { 'Retry-After': String(wait) })

  const requireAdmin = (req: IncomingMessage) => {
    if (!o.adminToken) return
    // A client that keeps guessing is refused before its token is even looked at: while it
    // waits, the right token gets the same answer as a wrong one, and the answer costs nothing.
    const wait = authFailures.wait(client(req))
    if (wait) throw tooMany('wrong admin tokens', wait)
    if (bearerMatches(req.headers.authorization, o.adminToken)) return
    authFailures.take(client(req), 1)
    throw new HttpError(401, 'this endpoint needs Authorization: Bearer <TOUCHPOINT_ADMIN_TOKEN>', { 'WWW-Authenticate': 'Bearer realm="touchpoint"' })
  }

  const postResponses: Endpoint = async (req, res) => {
    const from = client(req)
    // Every limit that can be decided before the body is read is, so that a client over one
    // costs a few header checks.
    const wait = requests(from)
    if (wait) throw tooMany('requests', wait)
    const answersWait = answers.wait(from)
    if (answersWait) throw tooMany('answers', answersWait)
    const bytesWait = bytes.wait(from)
    if (bytesWait) throw tooMany('bytes', bytesWait)
    const type = String(req.headers['content-type'] ?? 'application/json').split(';')[0]!.trim().toLowerCase()
    // sendBeacon posts text/plain (no preflight needed), fetch posts application/json.
    if (type !== 'application/json' && type !== 'text/plain') throw new HttpError(415, `send the body as application/json or text/plain (got ${quote(type)})`)
    const encoding = String(req.headers['content-encoding'] ?? 'identity').toLowerCase()
    if (encoding !== 'identity') throw new HttpError(415, `send the body uncompressed (got Content-Encoding ${quote(encoding)})`)
    const lease = budget.lease(from)
    try {
      const { text, tooDeep, eventsTooDeep } = await readBody(req, { max: maxBody, lease, maxDepth: MAX_DEPTH, tooLargeHint: 'send fewer responses per request' })
      let body: unknown
      try {
        body = JSON.parse(text)
      } catch (e) {
        throw new HttpError(400, `the body is not valid JSON: ${escaped((e as Error).message)}`)
      }
      const problem = envelopeProblem(body)
      if (problem) throw new HttpError(400, problem)
      const refused = refusals(text, tooDeep, eventsTooDeep)
      const { responses: all, events } = body as { responses: unknown[]; events?: unknown[] }
      // Events count as records against the same limit as answers: each is a row to store.
      answers.take(from, all.length + (events?.length ?? 0))
      const result = await storeRecords(all, refused.responses, (kept) => ingest(o.db, kept))
      if (!events) return json(res, 200, result)
      json(res, 200, { ...result, events: await storeRecords(events, refused.events, (kept) => ingestEvents(o.db, kept)) })
    } finally {
      // Every byte read counts, whether the body was stored or refused (too large, too deep).
      bytes.take(from, lease.held)
      lease.release()
    }
  }

  const getStats: Endpoint = async (_req, res, url) => {
    const p = readParams(url, [...FILTER_KEYS, 'groupBy', 'distribution', 'minAnswers'], CONTEXT_PREFIX)
    const filter = readFilter(p)
    const groupBy = (p.get('groupBy') ?? '').split(',').filter(Boolean) as Group[]
    const problem = groupByProblem(groupBy)
    if (problem) throw new HttpError(400, problem)
    const distribution = p.get('distribution') ?? 'false'
    if (distribution !== 'true' && distribution !== 'false') throw new HttpError(400, `distribution must be true or false (got ${quote(distribution)})`)
    const minAnswers = whole(p, 'minAnswers', 0, 1_000_000, 0)!
    const [answered, prompts] = await Promise.all([
      statsResult(o.db, filter, groupBy, { distribution: distribution === 'true', minAnswers }),
      reach(o.db, filter, groupBy),
    ])
    // Past the cap, the prompts of a group left out would read as those of a group never
    // answered (or of "other"): no counts of prompts then, rather than wrong ones.
    const truncated = answered.truncated || prompts.truncated
    const { results, unanswered } = withReach(answered.rows, truncated ? undefined : prompts.counts, groupBy, minAnswers > 1)
    json(res, 200, { filter, groupBy, groups: GROUPS, results, unanswered, truncated })
  }

  const getComments: Endpoint = async (_req, res, url) => {
    const p = readParams(url, [...FILTER_KEYS, 'limit', 'before', 'q'], CONTEXT_PREFIX)
    const filter = readFilter(p)
    const limit = whole(p, 'limit', 1, MAX_COMMENTS_LIMIT, 20)!
    const before = p.get('before') || undefined
    if (before && !/^[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i.test(before)) {
      throw new HttpError(400, `before must be the "next" value of a previous page (got ${quote(before)})`)
    }
    const q = p.get('q') ?? ''
    const problem = searchProblem(q)
    if (problem) throw new HttpError(400, problem)
    json(res, 200, { filter, ...(q && { q, words: searchWords(q) }), ...(await comments(o.db, filter, { limit, before, q })) })
  }

  const getContextKeys: Endpoint = async (_req, res, url) => {
    const filter = readFilter(readParams(url, ['from', 'to']))
    json(res, 200, { filter, keys: await contextKeys(o.db, filter) })
  }

  const getFatigue: Endpoint = async (_req, res, url) => {
    const p = readParams(url, ['days'])
    const days = whole(p, 'days', 1, 365, 30)!
    json(res, 200, await fatigue(o.db, now(), days))
  }

  const getExport: Endpoint = async (req, res, url) => {
    const filter = readFilter(readParams(url, FILTER_KEYS, CONTEXT_PREFIX))
    const chunks = exportCsv(o.db, filter)
    // Read the header (it asks which context keys there are) and one page, so that a database
    // error is still answered with a status rather than with a cut-off file.
    const head = [(await chunks.next()).value as string]
    const first = await chunks.next()
    if (!first.done) head.push(first.value)
    res.writeHead(200, {
      'Content-Type': 'text/csv; charset=utf-8; header=present',
      'Content-Disposition': `attachment; filename="touchpoint-responses-${new Date(now()).toISOString().slice(0, 10)}.csv"`,
      'Cache-Control': 'no-store',
    })
    if (req.method === 'HEAD') {
      await chunks.return(undefined)
      return void res.end()
    }
    async function* all() {
      yield* head
      if (!first.done) yield* chunks
    }
    // pipeline waits for 'drain' and stops the queries when the client goes, without leaving
    // a listener behind per chunk; one chunk (EXPORT_CHUNK, about 64 KiB of CSV) is read ahead,
    // no more. Should the database fail after the headers, handle() cuts the connection: the
    // chunked answer then lacks its last chunk, and the client knows the file is incomplete.
    try {
      await pipeline(Readable.from(all(), { highWaterMark: 1 }), res)
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw e
    }
  }

  /** A request body as UTF-8 text, within the collector's limits (`max` when smaller: the admin APIs take small bodies). */
  const readText = async (req: IncomingMessage, max = maxBody): Promise<string> => {
    const lease = budget.lease(client(req))
    try {
      const { text, tooDeep, utf8 } = await readBody(req, { max: Math.min(max, maxBody), lease, maxDepth: MAX_DEPTH })
      if (tooDeep.size) throw new HttpError(400, `the body nests arrays and objects more than ${MAX_DEPTH} levels deep`)
      // A config or a webhook is stored as sent: a byte that is not UTF-8 would become U+FFFD unseen.
      if (!utf8) throw new HttpError(400, 'the body is not valid UTF-8: send it as UTF-8 text')
      return text
    } finally {
      lease.release()
    }
  }
  const config = configApi({ store: configStore(o.db), requireAdmin, allowedOrigins: o.allowedOrigins, readText })

  // 200 only when an answer sent now would be stored: the database reads, and can write.
  const getHealth: Endpoint = async (_req, res) => {
    let problem: string | undefined
    try {
      await o.db.query('SELECT 1')
      problem = await o.db.writeProblem?.()
    } catch (e) {
      problem = `the database does not answer (${describeError(e)})`
    }
    if (problem) {
      logError('health', `[collector] /health: 503, ${problem}`)
      throw new HttpError(503, `cannot store answers: ${problem}`, { 'Retry-After': '10' })
    }
    json(res, 200, { ok: true, db: o.db.kind })
  }

  const getAsset: Endpoint = (req, res, url) => {
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
    // PUT checks the origin itself, as a read: only the GET is for every site.
    '/v1/config': { access: 'send', methods: { GET: config.getConfig, PUT: config.putConfig } },
    '/v1/config/schema': { access: 'send', methods: { GET: config.getSchema } },
    '/v1/config/versions': { access: 'read', methods: { GET: config.getVersions } },
    '/v1/config/versions/': { access: 'read', methods: { GET: config.getVersion } },
    '/v1/config/rollback': { access: 'read', methods: { POST: config.postRollback } },
    // Every route that is not 'send' answers only with the token, or without one on a loopback
    // or listed host name; `admin` ones need the token when there is one (the config API's
    // endpoints check it themselves).
    '/v1/stats': { access: 'read', admin: true, methods: { GET: getStats } },
    '/v1/stats/context-keys': { access: 'read', admin: true, methods: { GET: getContextKeys } },
    '/v1/stats/fatigue': { access: 'read', admin: true, methods: { GET: getFatigue } },
    '/v1/comments': { access: 'read', admin: true, methods: { GET: getComments } },
    '/v1/export': { access: 'read', admin: true, methods: { GET: getExport } },
    '/health': { access: 'send', methods: { GET: getHealth } },
    '/': { access: 'read', methods: { GET: getAsset } },
  }
  const asset: Route = routes['/']!
  const webhooks = webhookRoutes({ db: o.db, requireAdmin, readText, allowPrivate: o.allowPrivateWebhooks, wake: o.wakeWebhooks })

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    for (const [k, v] of Object.entries(API_HEADERS)) res.setHeader(k, v)
    res.setHeader('Vary', 'Origin')
    try {
      const url = urlOf(req.url)
      const route: Route | undefined =
        routes[url.pathname] ??
        (url.pathname.startsWith('/dashboard/') ? asset : url.pathname.startsWith('/v1/config/versions/') ? routes['/v1/config/versions/'] : webhooks(url.pathname))
      const origin = req.headers.origin
      // A path that is no endpoint is judged as sending is: a page that may send answers then
      // sees the 404 of a mistyped path, and every other error, instead of a CORS error.
      const refused = originProblem(origin, req.headers.host, o.allowedOrigins, route?.access ?? 'send')
      if (refused && route) throw new HttpError(403, refused)
      if (origin && !refused) {
        res.setHeader('Access-Control-Allow-Origin', origin)
        res.setHeader('Access-Control-Expose-Headers', `Retry-After, Content-Disposition, ${CHECKED_HEADER}`)
      }
      const notFound = () => new HttpError(404, `no such endpoint: ${req.method} ${quote(url.pathname)}`)
      if (!route && (refused || req.method !== 'OPTIONS')) throw notFound()
      const allow = route ? [...Object.keys(route.methods), ...(route.methods.GET ? ['HEAD'] : []), 'OPTIONS'].join(', ') : ANY_METHOD
      if (req.method === 'OPTIONS') {
        res.writeHead(204, {
          ...(route && { Allow: allow }),
          'Access-Control-Allow-Methods': allow,
          'Access-Control-Allow-Headers': String(req.headers['access-control-request-headers'] ?? 'Content-Type').slice(0, 1000),
          // Chromium keeps preflights for at most 2 hours.
          'Access-Control-Max-Age': '7200',
        })
        return void res.end()
      }
      if (!route) throw notFound()
      // Node leaves the body out of HEAD answers by itself.
      const endpoint = route.methods[(req.method === 'HEAD' ? 'GET' : req.method) as keyof Route['methods']]
      if (!endpoint) throw new HttpError(405, `${url.pathname} takes ${allow}, not ${req.method}`, { Allow: allow })
      // A PUT changes what every site is served: it is held to what reads are.
      if ((route.access !== 'send' || req.method === 'PUT') && !o.adminToken) {
        const proxiedBy = proxyHeader(req.headers)
        const problem = hostProblem(req.headers.host, publicHosts, proxiedBy)
        // A person opening the dashboard reads a page, not a JSON body.
        if (problem && url.pathname === '/' && /\btext\/html\b/.test(String(req.headers.accept ?? ''))) {
          res.writeHead(403, { ...API_HEADERS, 'Content-Security-Policy': REFUSED_PAGE_CSP, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' })
          return void res.end(refusedPage(req.headers.host, proxiedBy))
        }
        if (problem) throw new HttpError(403, problem)
      }
      if (route.admin) requireAdmin(req)
      await endpoint(req, res, url)
    } catch (e) {
      // A database that does not answer, or lost its connection, is unavailable (the SDK and the
      // dashboard retry later), not a bug.
      const down = !(e instanceof HttpError) && (isUnavailable(e) || isTransient(e))
      const status = e instanceof HttpError ? e.status : down ? 503 : 500
      // Never the error object itself: a database error carries the statement's values
      // (answers, user ids, URLs). Its code and message, and the ids of a batch, are enough.
      if (!(e instanceof HttpError) || e instanceof StoreError) {
        const cause = e instanceof StoreError ? e.cause : e
        const ids = e instanceof StoreError ? `; ids ${e.ids.slice(0, 20).join(', ')}${e.ids.length > 20 ? ` and ${e.ids.length - 20} more` : ''}` : ''
        const path = (req.url ?? '').split('?')[0]!.slice(0, 100)
        logError(`${path} ${status} ${errorCode(cause) ?? ''}`, `[collector] ${req.method} ${path}: ${status}, ${describeError(cause)}${ids}`)
      }
      if (res.headersSent) return void res.destroy()
      const error = status === 500 ? 'internal error' : down ? 'the database does not answer right now: retry later' : (e as Error).message
      json(res, status, { error }, e instanceof HttpError ? e.headers : down ? { 'Retry-After': '30' } : {})
      discardBody(req, status === 413 ? DISCARD_BODIES * maxBody : DISCARD_BYTES, DISCARD_MS)
    }
  }
  return Object.defineProperty(handle, 'bytesInFlight', { get: () => budget.held }) as CollectorHandler
}
