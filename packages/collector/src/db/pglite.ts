import { mkdirSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import type { Database } from './database.js'

type Runner = Pick<PGlite, 'query' | 'exec'>

// Without parameters a script may hold several statements (migrations): run it with the simple protocol.
const run = async (db: Runner, sql: string, params?: unknown[]): Promise<never[]> =>
  (params?.length ? (await db.query(sql, params)).rows : ((await db.exec(sql)).at(-1)?.rows ?? [])) as never[]

/**
 * Embedded PostgreSQL in `dataDir` (created if missing), or in memory without one. The first
 * start of a new directory runs initdb (a few seconds); later starts take well under a second.
 */
export async function openPglite(dataDir?: string): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true })
  const db = await PGlite.create(dataDir)
  return {
    kind: 'pglite',
    query: (sql, params) => run(db, sql, params),
    transaction: (fn) => db.transaction((tx) => fn((sql, params) => run(tx, sql, params))),
    close: () => db.close(),
  }
}
