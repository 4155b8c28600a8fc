import { mkdirSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import { lockDataDir } from './data-dir-lock.js'
import type { Database } from './database.js'
import { failedWrites } from './failed-writes.js'

type Runner = Pick<PGlite, 'query' | 'exec'>

// Without parameters a script may hold several statements (migrations): run it with the simple protocol.
const run = async (db: Runner, sql: string, params?: unknown[]): Promise<never[]> =>
  (params?.length ? (await db.query(sql, params)).rows : ((await db.exec(sql)).at(-1)?.rows ?? [])) as never[]

/**
 * Embedded PostgreSQL in `dataDir` (created if missing), or in memory without one. The first
 * start of a new directory runs initdb (a few seconds); later starts take well under a second.
 * One process at a time may open a directory.
 */
export async function openPglite(dataDir?: string): Promise<Database> {
  let release = () => {}
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true })
    release = lockDataDir(dataDir)
  }
  try {
    return pgliteDatabase(await PGlite.create(dataDir), release)
  } catch (e) {
    release()
    throw e
  }
}

/** An open PGlite as the collector's `Database`; `close()` closes it, then calls `onClose`. */
export function pgliteDatabase(db: PGlite, onClose = () => {}): Database {
  const writes = failedWrites()
  return {
    kind: 'pglite',
    query: (sql, params) => writes.watch(sql, () => run(db, sql, params)),
    transaction: (fn) => writes.watch(undefined, () => db.transaction((tx) => fn((sql, params) => run(tx, sql, params)))),
    writeProblem: async () => writes.problem(),
    async close() {
      await db.close()
      onClose()
    },
  }
}
