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

export interface CollectorOptions extends Partial<Omit<HandlerOptions, 'db' | 'config'>> {
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
  /** An already open database (tests, embedding). */
  db?: Database
}

export interface Collector {
  url: string
  port: number
  server: Server
  db: Database
  close(): Promise<void>
}

/** Reads and validates a survey config file; throws with every problem listed. */
function readConfig(file: string): unknown {
  let json: unknown
  try {
    json = JSON.parse(readFileSync(file, 'utf8'))
  } catch (e) {
    throw new Error(`--config ${file}: ${(e as Error).message}`)
  }
  const { errors } = validateConfig(json)
  if (errors.length) throw new Error(`--config ${file} is not a valid survey config:\n  ${errors.map((e) => e.message).join('\n  ')}`)
  return json
}

/** Opens the database, runs migrations and starts the HTTP server. */
export async function startCollector(o: CollectorOptions = {}): Promise<Collector> {
  const config = o.configFile ? readConfig(o.configFile) : undefined
  const db = o.db ?? (o.databaseUrl ? await openPostgres(o.databaseUrl) : await openPglite(o.dataDir))
  await migrate(db)
  const handler = createHandler({ ...o, db, config, allowedOrigins: o.allowedOrigins ?? '*' })
  const server = createServer((req, res) => void handler(req, res))
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(o.port ?? 8787, o.host ?? '127.0.0.1', resolve)
  })
  const { port } = server.address() as AddressInfo
  const host = o.host && o.host !== '0.0.0.0' && o.host !== '::' ? o.host : '127.0.0.1'
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    server,
    db,
    async close() {
      server.closeAllConnections()
      await new Promise((r) => server.close(r))
      if (!o.db) await db.close()
    },
  }
}
