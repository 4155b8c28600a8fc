import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { validateConfig } from '@touchpoint/core'
import type { Database } from './db/database.js'
import { migrate } from './db/migrations.js'
import { openPglite } from './db/pglite.js'
import { openPostgres } from './db/postgres.js'
import { createHandler } from './server.js'
import type { HandlerOptions } from './server.js'
import { StartupError } from './startup-error.js'
import { startWebhookWorker } from './webhooks/worker.js'
import type { WebhookWorker, WebhookWorkerOptions } from './webhooks/worker.js'

export interface CollectorOptions extends Partial<Omit<HandlerOptions, 'db' | 'config' | 'wakeWebhooks'>> {
  /** Port to listen on; 0 picks a free one. Default 8787. */
  port?: number
  /** Default 127.0.0.1: listen on all interfaces only when you mean to (`0.0.0.0`). */
  host?: string
  /** Embedded storage directory; ignored when `databaseUrl` is set. Omitted: in memory. */
  dataDir?: string
  /** `postgres://…`: use a PostgreSQL server instead of the embedded store. */
  databaseUrl?: string
  /** A survey config file to serve at `GET /v1/config`, validated at start. */
  configFile?: string
  /** An already open database (tests, embedding); left open by `close()`. */
  db?: Database
  /**
   * The webhook worker's settings (its clock, timeouts, polling), or `false` to run none here:
   * the deliveries then wait for a collector that runs one on the same database.
   */
  webhookWorker?: false | Omit<WebhookWorkerOptions, 'db' | 'allowPrivate'>
}

export interface Collector {
  /** `http://host:port`, without a trailing slash. */
  url: string
  port: number
  server: Server
  db: Database
  /** Stops taking connections, lets requests in flight finish (up to 5 s), closes the database. */
  close(): Promise<void>
}

/** How long `close()` waits for requests in flight before cutting them off. */
const DRAIN_MS = 5000

/** Reads and validates a survey config file with the SDK's validator; throws with every problem listed. */
function readConfig(file: string): unknown {
  let json: unknown
  try {
    json = JSON.parse(readFileSync(file, 'utf8'))
  } catch (e) {
    throw new StartupError(`--config ${file}: ${(e as Error).message}`)
  }
  const { errors } = validateConfig(json)
  if (errors.length) throw new StartupError(`--config ${file} is not a valid survey config:\n  ${errors.map((e) => e.message).join('\n  ')}`)
  return json
}

/** A connection string without its password, for messages. */
function redact(url: string): string {
  try {
    const u = new URL(url)
    u.password = ''
    return u.href
  } catch {
    return 'DATABASE_URL'
  }
}

async function openDatabase(o: CollectorOptions): Promise<Database> {
  if (!o.databaseUrl) return openPglite(o.dataDir)
  try {
    return await openPostgres(o.databaseUrl)
  } catch (e) {
    throw new StartupError(`cannot connect to PostgreSQL at ${redact(o.databaseUrl)}: ${(e as Error).message}`, { cause: e })
  }
}

/**
 * Validates the survey config, opens the database (PostgreSQL with `databaseUrl`, else the
 * embedded store), brings its schema up to date and starts the HTTP server.
 * @example
 * const c = await startCollector({ port: 0, dataDir: '.data' })
 * console.log(`${c.url}/v1/stats`)
 */
export async function startCollector(o: CollectorOptions = {}): Promise<Collector> {
  const config = o.configFile ? readConfig(o.configFile) : undefined
  const db = o.db ?? (await openDatabase(o))
  let server: Server | undefined
  let worker: WebhookWorker | undefined
  try {
    await migrate(db)
    if (o.webhookWorker !== false) worker = startWebhookWorker({ ...o.webhookWorker, db, allowPrivate: o.allowPrivateWebhooks })
    const handler = createHandler({ ...o, db, config, allowedOrigins: o.allowedOrigins ?? '*', wakeWebhooks: worker?.wake })
    server = createServer({ requestTimeout: 60_000 }, (req, res) => void handler(req, res))
    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject)
      server!.listen(o.port ?? 8787, o.host ?? '127.0.0.1', resolve)
    })
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
