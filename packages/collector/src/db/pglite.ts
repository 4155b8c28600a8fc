import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { StartupError } from '../startup-error.js'
import { describeError, errorCode } from './database-error.js'
import { dataDirProblem } from './data-dir-check.js'
import { lockDataDir } from './data-dir-lock.js'
import type { Database } from './database.js'
import { durableNodeFs } from './durable-node-fs.js'
import type { DurableNodeFs, FileSync } from './durable-node-fs.js'
import { failedWrites, isWrite } from './failed-writes.js'
import { PGLITE_EXTENSIONS } from './pglite-extensions.js'

type Runner = Pick<PGlite, 'query' | 'exec'>

// Without parameters a script may hold several statements (migrations): run it with the simple protocol.
const run = async (db: Runner, sql: string, params?: unknown[]): Promise<never[]> =>
  (params?.length ? (await db.query(sql, params)).rows : ((await db.exec(sql)).at(-1)?.rows ?? [])) as never[]

export interface PgliteOptions {
  /** How files reach the disk; Node's `fs` by default (tests count the flushes). */
  fileSync?: FileSync
}

/** A directory the embedded database cannot use, as a one-line `StartupError`. */
function refuse(dir: string, problem: string, fix: string, cause?: unknown): never {
  throw new StartupError(`cannot open the embedded database in ${dir}: ${problem}. To fix: ${fix}.`, { cause })
}

/**
 * Embedded PostgreSQL in `dataDir` (created if missing), or in memory without one. The first
 * start of a new directory runs initdb (a few seconds); later starts take well under a second.
 * One process at a time may open a directory. Each query resolves once what it wrote is on
 * disk: writes of concurrent queries are flushed together (see `durableNodeFs`).
 */
export async function openPglite(dataDir?: string, { fileSync }: PgliteOptions = {}): Promise<Database> {
  if (!dataDir) return pgliteDatabase(await PGlite.create({ extensions: PGLITE_EXTENSIONS }))
  try {
    mkdirSync(dataDir, { recursive: true })
  } catch (e) {
    refuse(dataDir, `the directory cannot be created (${errorCode(e) ?? describeError(e)})`, 'create it, with write access for the collector, or choose another --data-dir', e)
  }
  const problem = dataDirProblem(dataDir)
  if (problem) refuse(dataDir, problem.problem, problem.fix)
  const release = lockDataDir(dataDir)
  try {
    const fresh = !existsSync(join(dataDir, 'PG_VERSION'))
    const durable = durableNodeFs(dataDir, fileSync)
    let db: PGlite
    try {
      db = await PGlite.create({ fs: durable.fs, startParams: durable.startParams, extensions: PGLITE_EXTENSIONS })
    } catch (e) {
      const now = dataDirProblem(dataDir)
      if (now) refuse(dataDir, now.problem, now.fix, e)
      refuse(dataDir, `PGlite failed (${describeError(e)})`, 'check the disk and the directory; if it was copied from elsewhere, copy it again from a stopped collector', e)
    }
    // initdb's files were unpacked without a flush: make the new database durable as a whole.
    if (fresh) durable.syncTree()
    return pgliteDatabase(db, {
      durability: durable,
      writeProblem: () => (durable.failure() ? `${durable.failure()!.message}: restart the collector` : dataDirProblem(dataDir)?.problem),
      onClose() {
        durable.close()
        release()
      },
    })
  } catch (e) {
    release()
    throw e
  }
}

/** Where an open PGlite's writes are made durable (see `durableNodeFs`). */
type Durability = Pick<DurableNodeFs, 'walWrites' | 'sync'>
const inMemory: Durability = { walWrites: () => 0, sync: async () => {} }

/**
 * An open PGlite as the collector's `Database`. A query or transaction that wrote resolves once
 * what it wrote is on disk (`durability`); `writeProblem` says why the directory cannot be
 * written; `close()` closes PGlite, then calls `onClose`.
 */
export function pgliteDatabase(
  db: PGlite,
  { durability = inMemory, writeProblem = () => undefined, onClose = () => {} }: { durability?: Durability; writeProblem?: () => string | undefined; onClose?: () => void } = {},
): Database {
  const writes = failedWrites()
  // Reads wait for nothing. A write waits for the flush of everything written so far, even when
  // it wrote nothing itself: an answer sent again finds its row already there (a duplicate, not
  // written twice), and that row may still be waiting for its flush, or its flush may have
  // failed. Its 200 must wait for, or fail with, that flush. Anything else that wrote to the
  // WAL (a SELECT that set a sequence, say) waits too.
  const durably = async <T>(write: boolean, run: () => Promise<T>): Promise<T> => {
    const before = durability.walWrites()
    const result = await run()
    if (write || durability.walWrites() !== before) await durability.sync()
    return result
  }
  return {
    kind: 'pglite',
    query: (sql, params) => writes.watch(sql, () => durably(isWrite(sql), () => run(db, sql, params))),
    transaction: (fn) => writes.watch(undefined, () => durably(true, () => db.transaction((tx) => fn((sql, params) => run(tx, sql, params))))),
    writeProblem: async () => writeProblem() ?? writes.problem(),
    async close() {
      try {
        await db.close()
      } finally {
        onClose()
      }
    },
  }
}
