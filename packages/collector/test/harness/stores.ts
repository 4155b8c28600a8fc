import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import { PGLITE_EXTENSIONS } from '../../src/db/pglite-extensions.js'
import pg from 'pg'
import { afterAll, beforeAll, beforeEach, inject } from 'vitest'
import { migrate, openPostgres, startCollector } from '@touchpoint/collector'
import type { Collector, CollectorOptions, Database } from '@touchpoint/collector'
import { pgliteDatabase } from '../../src/db/pglite.js'

/** The two storage engines every integration test runs on. */
export const STORES = ['pglite', 'postgres'] as const
export type Store = (typeof STORES)[number]

export interface TestDatabase {
  db: Database
  /** For PostgreSQL: the connection string of this database (several collectors may share it). */
  url?: string
  close(): Promise<void>
}

/** Runs one statement on the throwaway server's maintenance database. */
async function admin(sql: string): Promise<void> {
  const client = new pg.Client(inject('pgUrl'))
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

/**
 * A database of its own for one test file: an in-memory embedded database loaded from the
 * template's dump, or a new database on the test PostgreSQL server; migrated unless
 * `migrated: false`.
 */
export async function openTestDatabase(store: Store, { migrated = true } = {}): Promise<TestDatabase> {
  if (store === 'pglite') {
    const dump = new Blob([readFileSync(inject(migrated ? 'pgDump' : 'pgEmptyDump'))])
    const db = pgliteDatabase(await PGlite.create({ loadDataDir: dump, extensions: PGLITE_EXTENSIONS }))
    return { db, close: () => db.close() }
  }
  const name = `tp_test_${randomBytes(6).toString('hex')}`
  await admin(`CREATE DATABASE ${name}`)
  const url = Object.assign(new URL(inject('pgUrl')), { pathname: `/${name}` }).href
  const db = await openPostgres(url)
  if (migrated) await migrate(db)
  return {
    db,
    url,
    async close() {
      await db.close()
      await admin(`DROP DATABASE ${name} WITH (FORCE)`)
    },
  }
}

/**
 * A collector on `store` for the tests of one `describe`: started before them, emptied before
 * each, stopped after them. Read the fields inside tests (they are set in `beforeAll`).
 */
export function useCollector(store: Store, options: Omit<CollectorOptions, 'db'> = {}) {
  const t = {} as {
    c: Collector
    db: Database
    url: string
    /** For PostgreSQL: the connection string of the test database, for collectors of their own. */
    databaseUrl?: string
    /** How many answers are stored. */
    count(): Promise<number>
    /** Another collector on the same database, with other options; stopped after the tests. */
    start(options: Omit<CollectorOptions, 'db'>): Promise<Collector>
  }
  const others: Collector[] = []
  let handle: TestDatabase
  beforeAll(async () => {
    handle = await openTestDatabase(store)
    t.db = handle.db
    t.databaseUrl = handle.url
    t.c = await startCollector({ port: 0, ratePerMinute: 0, answersPerMinute: 0, bytesPerMinute: 0, ...options, db: handle.db })
    t.url = t.c.url
    t.count = async () => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM responses'))[0]!.n
    t.start = async (o) => {
      const c = await startCollector({ port: 0, ratePerMinute: 0, answersPerMinute: 0, bytesPerMinute: 0, ...o, db: handle.db })
      others.push(c)
      return c
    }
  })
  afterAll(async () => {
    await Promise.all(others.map((c) => c.close()))
    await t.c?.close()
    await handle?.close()
  })
  beforeEach(async () => {
    await t.db.query('TRUNCATE responses, events')
  })
  return t
}
