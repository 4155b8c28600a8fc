import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { basename } from 'node:path'
import { validateConfig } from '@touchpoint/core'
import type { SurveyConfig } from '@touchpoint/core'
import { configStore } from './config-store.js'
import type { Database } from './db/database.js'
import { migrate } from './db/migrations.js'
import { openPglite } from './db/pglite.js'
import { openPostgres } from './db/postgres.js'
import { createHandler } from './server.js'
import type { HandlerOptions } from './server.js'
import { StartupError } from './startup-error.js'

export interface CollectorOptions extends Partial<Omit<HandlerOptions, 'db'>> {
  /** Port to listen on; 0 picks a free one. Default 8787. */
  port?: number
  /** Default 127.0.0.1: listen on all interfaces only when you mean to (`0.0.0.0`). */
  host?: string
  /** Embedded storage directory; ignored when `databaseUrl` is set. Omitted: in memory. */
  dataDir?: string
  /** `postgres://…`: use a PostgreSQL server instead of the embedded store. */
  databaseUrl?: string
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
}

export interface Collector {
  /** `http://host:port`, without a trailing slash. */
  url: string
  port: number
  server: Server
  db: Database
  /** What `configFile` or `seedConfigFile` did at start: the version served, and whether the file made it. */
  config?: { file: string; version: number; created: boolean }
  /** Stops taking connections, lets requests in flight finish (up to 5 s), closes the database. */
  close(): Promise<void>
}

/** How long `close()` waits for requests in flight before cutting them off. */
const DRAIN_MS = 5000

/** Reads and validates a survey config file with the SDK's validator; throws with every problem listed. */
function readConfig(file: string, flag: string): SurveyConfig {
  let json: unknown
  try {
    json = JSON.parse(readFileSync(file, 'utf8'))
  } catch (e) {
    throw new StartupError(`${flag} ${file}: ${(e as Error).message}`)
  }
  const { errors } = validateConfig(json)
  if (errors.length) throw new StartupError(`${flag} ${file} is not a valid survey config:\n  ${errors.map((e) => e.message).join('\n  ')}`)
  return json as SurveyConfig
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
 * Validates the survey config file, opens the database (PostgreSQL with `databaseUrl`, else the
 * embedded store), brings its schema up to date, publishes the config file when
 * it is new (see `configFile`, `seedConfigFile`) and starts the HTTP server.
 * @example
 * const c = await startCollector({ port: 0, dataDir: '.data' })
 * console.log(`${c.url}/v1/stats`)
 */
export async function startCollector(o: CollectorOptions = {}): Promise<Collector> {
  if (o.configFile && o.seedConfigFile) throw new StartupError('--config and --seed-config both give the survey config: use one')
  const file = o.configFile ?? o.seedConfigFile
  const flag = o.configFile ? '--config' : '--seed-config'
  const fileConfig = file ? readConfig(file, flag) : undefined
  const db = o.db ?? (await openDatabase(o))
  let server: Server | undefined
  let config: Collector['config']
  try {
    await migrate(db)
    if (file) {
      const published = await configStore(db).publish(fileConfig!, { by: `${flag} ${basename(file)}`, onlyIfEmpty: !!o.seedConfigFile })
      config = { file, ...published }
    }
    const handler = createHandler({ ...o, db, allowedOrigins: o.allowedOrigins ?? '*' })
    server = createServer({ requestTimeout: 60_000 }, (req, res) => void handler(req, res))
    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject)
      server!.listen(o.port ?? 8787, o.host ?? '127.0.0.1', resolve)
    })
  } catch (e) {
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
    config,
    async close() {
      const closed = new Promise((r) => s.close(r))
      s.closeIdleConnections()
      const timer = setTimeout(() => s.closeAllConnections(), DRAIN_MS)
      await closed
      clearTimeout(timer)
      if (!o.db) await db.close()
    },
  }
}
