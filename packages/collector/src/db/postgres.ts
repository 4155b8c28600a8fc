import pg from 'pg'
import { describeError, errorCode } from './database-error.js'
import type { Database } from './database.js'
import { failedWrites } from './failed-writes.js'

// A script of several statements answers one result per statement: keep the last.
const rows = (r: pg.QueryResult | pg.QueryResult[]): never[] => (Array.isArray(r) ? (r.at(-1)?.rows ?? []) : r.rows) as never[]

/**
 * Whether the server at `url` answers a query within `ms`, on a connection of its own that is
 * closed either way: an address that takes the connection and then says nothing (a firewall, a
 * proxy without its database) fails the start with a message, instead of hanging it.
 */
async function answers(url: string, ms: number): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: ms, query_timeout: ms })
  client.on('error', () => {}) // a connection lost after the check: nothing uses it any more
  try {
    await client.connect()
    await client.query('SELECT 1')
  } catch (e) {
    // pg words its own timeouts without a code: say what happened in our words.
    throw errorCode(e) ? e : new Error(/timeout/i.test((e as Error).message) ? `no answer within ${ms / 1000} s` : (e as Error).message)
  } finally {
    void client.end().catch(() => {})
  }
}

/**
 * A PostgreSQL server at `url` (a `postgres://` connection string), through a small pool.
 * `answerWithinMs`: how long the first query may take before the start fails.
 */
export async function openPostgres(url: string, max = 10, answerWithinMs = 10_000): Promise<Database> {
  await answers(url, answerWithinMs)
  const pool = new pg.Pool({ connectionString: url, max })
  // An idle client that loses its server emits 'error' on the pool; without a listener Node would exit.
  pool.on('error', (e) => console.error('[collector] PostgreSQL connection error:', describeError(e)))
  const writes = failedWrites()
  return {
    kind: 'postgres',
    query: (sql, params) => writes.watch(sql, async () => rows(await pool.query(sql, params))),
    transaction: (fn) => writes.watch(undefined, async () => {
      const client = await pool.connect()
      try {
        await client.query('BEGIN')
        const result = await fn(async (sql, params) => rows(await client.query(sql, params)))
        await client.query('COMMIT')
        return result
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {})
        throw e
      } finally {
        client.release()
      }
    }),
    async writeProblem() {
      const sql = `SELECT pg_is_in_recovery() AS standby, current_setting('transaction_read_only') = 'on' AS read_only`
      const { standby, read_only } = (await pool.query<{ standby: boolean; read_only: boolean }>(sql)).rows[0]!
      if (standby) return 'the PostgreSQL server is a standby (in recovery): point DATABASE_URL at the primary'
      if (read_only) return 'the PostgreSQL database is read-only (default_transaction_read_only)'
      return writes.problem()
    },
    close: () => pool.end(),
  }
}
