import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { basename } from 'node:path'
import { validateConfig } from '@touchpoint/core'
import { adminTokenProblem } from './admin-token.js'
import { answerRefusedRequests } from './client-error.js'
import { limitConnections } from './connection-limit.js'
import type { SurveyConfig } from '@touchpoint/core'
import { configStore } from './config-store.js'
import type { Database } from './db/database.js'
import { describeError, errorCode } from './db/database-error.js'
import { migrate } from './db/migrations.js'
import { openPglite } from './db/pglite.js'
import { openPostgres } from './db/postgres.js'
import { LIMITS } from './limits.js'
import { createHandler } from './server.js'
import type { HandlerOptions } from './server.js'
import { repeatedKeyProblem } from './repeated-key.js'
import { storable } from './request-input.js'
import { StartupError } from './startup-error.js'
import { startWebhookWorker } from './webhooks/worker.js'
import type { WebhookWorker, WebhookWorkerOptions } from './webhooks/worker.js'

export interface CollectorOptions extends Partial<Omit<HandlerOptions, 'db' | 'wakeWebhooks'>> {
  /** Port to listen on; 0 picks a free one. Default 8787. */
  port?: number
  /** Default 127.0.0.1: listen on all interfaces only when you mean to (`0.0.0.0`). */
  host?: string
  /** Embedded storage directory; ignored when `databaseUrl` is set. Omitted: in memory. */
  dataDir?: string
  /** `postgres://…`: use a PostgreSQL server instead of the embedded store. */
  databaseUrl?: string
  /**
   * With `databaseUrl`: how long a request waits for PostgreSQL, for a connection and its
   * statement's answer together, before its 503 (see `openPostgres`). Default 10,000.
   */
  databaseTimeoutMs?: number
  /**
   * A survey config file, validated at start, then published as a new version when it differs
   * from the latest one: a restart with an edited file serves the file.
   */
  configFile?: string
  /**
   * A survey config file published only when the database holds no config yet (a first
   * start): later starts leave the versions published since (from the dashboard) as they are.
   */
  seedConfigFile?: string
  /** An already open database (tests, embedding); left open by `close()`. */
  db?: Database
  /** Open connections in all; more are closed as they arrive. 0: no cap. Default 10,000. */
  maxConnections?: number
  /** Open connections from one client address (IPv6: one /64); not applied with `trustProxy`. 0: no cap. Default 256. */
  maxConnectionsPerClient?: number
  /**
   * How long a connection is kept open, idle, for its next request (the `Keep-Alive: timeout`
   * announced). Default 5 s, as Node's; 65 s with `trustProxy`, longer than the idle timeout of
   * common load balancers (60 s), so that the balancer, not the collector, closes an idle
   * connection: otherwise it may send a request on one the collector is closing (a 502).
   */
  keepAliveTimeoutMs?: number
  /**
   * The webhook worker's settings (its clock, timeouts, polling), or `false` to run none here:
   * the deliveries then wait for a collector that runs one on the same database.
   */
  webhookWorker?: false | Omit<WebhookWorkerOptions, 'db' | 'allowPrivate'>
}

/** What a collector holds now: see `Collector.usage`. */
export interface Usage {
  /** Open connections. */
  connections: number
  /** Request-body bytes held in memory, by every request together. */
  bytesInFlight: number
}

export interface Collector {
  /** `http://host:port`, without a trailing slash. */
  url: string
  port: number
  server: Server
  db: Database
  /** What `configFile` or `seedConfigFile` did at start: the version served, and whether the file made it. */
  config?: { file: string; version: number; created: boolean }
  /** The open connections and the body bytes held in memory now (to watch load; both 0 when idle). */
  usage(): Usage
  /** Stops taking connections, lets requests in flight finish (up to 5 s), closes the database. */
  close(): Promise<void>
}

/** How long `close()` waits for requests in flight before cutting them off. */
const DRAIN_MS = 5000

/**
 * How long a connection with a request under way may go without a byte sent or received: a
 * minute, or longer than a query may wait for PostgreSQL (`TOUCHPOINT_DATABASE_TIMEOUT`) when
 * that is set higher, so that a slow query's answer is not cut off before it is sent.
 */
export function stalledMs(databaseTimeoutMs = 0): number {
  return Math.max(60_000, databaseTimeoutMs + 5000)
}

/** The idle keep-alive by default: for browsers (Node's own), and for a load balancer in front (`trustProxy`). */
const KEEP_ALIVE_MS = { direct: 5000, proxied: 65_000 }

/** Reads and validates a survey config file with the SDK's validator; throws with every problem listed. */
function readConfig(file: string, flag: string): SurveyConfig {
  let json: unknown
  try {
    // The database can hold neither a NUL nor half an emoji: the first is refused, the second made U+FFFD.
    const text = readFileSync(file, 'utf8')
    json = storable(JSON.parse(text), 'the config')
    // JSON.parse keeps the last of a key given twice: the file's other one would be lost silently.
    const twice = repeatedKeyProblem(text)
    if (twice) throw new Error(twice)
  } catch (e) {
    throw new StartupError(`${flag} ${file}: ${(e as Error).message}`)
  }
  const { errors } = validateConfig(json)
  if (errors.length) throw new StartupError(`${flag} ${file} is not a valid survey config:\n  ${errors.map((e) => e.message).join('\n  ')}`)
  return json as SurveyConfig
}

/** A connection string without its password (`user:password@`, or `?password=`), for messages. */
function redact(url: string): string {
  try {
    const u = new URL(url)
    u.password = ''
    for (const name of [...u.searchParams.keys()]) if (/password/i.test(name)) u.searchParams.delete(name)
    return u.href
  } catch {
    return 'DATABASE_URL'
  }
}

/** Listens, or says in one line why it cannot: the port is taken, privileged, or the address not this machine's. */
async function listen(server: Server, port: number, host: string): Promise<void> {
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, host, resolve)
    })
  } catch (e) {
    const code = errorCode(e)
    const where = `${host.includes(':') ? `[${host}]` : host}:${port}`
    const why =
      code === 'EADDRINUSE' ? 'another program listens there: stop it, or choose another --port (0 picks a free one)' :
      code === 'EACCES' ? 'a port below 1024 needs privileges this process lacks: choose a port from 1024 up' :
      code === 'EADDRNOTAVAIL' ? `${host} is not an address of this machine: check --host` :
      code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? `${host} is not a name this machine can resolve (${code}): check --host` :
      describeError(e)
    throw new StartupError(`cannot listen on ${where}: ${why}`, { cause: e, code })
  }
}

async function openDatabase(o: CollectorOptions): Promise<Database> {
  if (!o.databaseUrl) return openPglite(o.dataDir)
  try {
    return await openPostgres(o.databaseUrl, undefined, o.databaseTimeoutMs)
  } catch (e) {
    throw new StartupError(`cannot connect to PostgreSQL at ${redact(o.databaseUrl)}: ${(e as Error).message}`, { cause: e })
  }
}

/**
 * Validates the survey config file, opens the database (PostgreSQL with `databaseUrl`, else the
 * embedded store), brings its schema up to date, publishes the config file when
 * it is new (see `configFile`, `seedConfigFile`) and starts the HTTP server.
 * @example
 * const c = await startCollector({ port: 0, dataDir: '.data' })
 * console.log(`${c.url}/v1/stats`)
 */
export async function startCollector(o: CollectorOptions = {}): Promise<Collector> {
  const tokenProblem = o.adminToken === undefined ? undefined : adminTokenProblem(o.adminToken, 'adminToken')
  if (tokenProblem) throw new StartupError(tokenProblem)
  if (o.configFile && o.seedConfigFile) throw new StartupError('--config and --seed-config both give the survey config: use one')
  const file = o.configFile ?? o.seedConfigFile
  const flag = o.configFile ? '--config' : '--seed-config'
  const fileConfig = file ? readConfig(file, flag) : undefined
  const db = o.db ?? (await openDatabase(o))
  let server: Server | undefined
  let config: Collector['config']
  let handler: ReturnType<typeof createHandler>
  let connections: { readonly open: number }
  let worker: WebhookWorker | undefined
  try {
    await migrate(db).catch((e) => {
      if (e instanceof StartupError) throw e
      throw new StartupError(`cannot bring the database's tables up to date: ${describeError(e)}`, { cause: e })
    })
    if (file) {
      const published = await configStore(db).publish(fileConfig!, { by: `${flag} ${basename(file)}`, onlyIfEmpty: !!o.seedConfigFile })
      config = { file, ...published }
    }
    if (o.webhookWorker !== false) worker = startWebhookWorker({ ...o.webhookWorker, db, allowPrivate: o.allowPrivateWebhooks })
    handler = createHandler({ ...o, db, allowedOrigins: o.allowedOrigins ?? '*', wakeWebhooks: worker?.wake })
    // The headers and request timeouts (60 s) start at a request's first byte: an idle
    // connection, however long it is kept alive, is not cut off by them.
    server = createServer({ requestTimeout: 60_000 }, (req, res) => void handler(req, res))
    // While a request is under way, a connection on which nothing moves for as long (a client
    // that stopped reading its answer, and holds it half-sent) is closed: it is never idle, so
    // neither the keep-alive timeout nor the connection caps would ever reclaim it.
    server.timeout = stalledMs(o.databaseUrl ? o.databaseTimeoutMs : 0)
    server.keepAliveTimeout = o.keepAliveTimeoutMs ?? (o.trustProxy ? KEEP_ALIVE_MS.proxied : KEEP_ALIVE_MS.direct)
    answerRefusedRequests(server)
    connections = limitConnections(server, {
      max: o.maxConnections ?? LIMITS.maxConnections,
      perClient: o.maxConnectionsPerClient ?? LIMITS.maxConnectionsPerClient,
      trustProxy: o.trustProxy,
    })
    await listen(server, o.port ?? 8787, o.host ?? '127.0.0.1')
  } catch (e) {
    await worker?.stop()
    if (!o.db) await db.close()
    throw e
  }
  const { port } = server.address() as AddressInfo
  const host = o.host && o.host !== '0.0.0.0' && o.host !== '::' ? o.host : '127.0.0.1'
  const s = server
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    server: s,
    db,
    usage: () => ({ connections: connections.open, bytesInFlight: handler.bytesInFlight }),
    config,
    async close() {
      const closed = new Promise((r) => s.close(r))
      s.closeIdleConnections()
      const timer = setTimeout(() => s.closeAllConnections(), DRAIN_MS)
      // Webhook attempts in flight get the same few seconds to finish; cut off, they are sent again.
      await Promise.all([closed, worker?.stop()])
      clearTimeout(timer)
      if (!o.db) await db.close()
    },
  }
}
