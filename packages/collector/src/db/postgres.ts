import pg from 'pg'
import type { Database } from './database.js'

// A script of several statements answers one result per statement: keep the last.
const rows = (r: pg.QueryResult | pg.QueryResult[]): never[] => (Array.isArray(r) ? (r.at(-1)?.rows ?? []) : r.rows) as never[]

/** A PostgreSQL server at `url` (a `postgres://` connection string), through a small pool. */
export async function openPostgres(url: string, max = 10): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max })
  // An idle client that loses its server emits 'error' on the pool; without a listener Node would exit.
  pool.on('error', (e) => console.error('[collector] PostgreSQL connection error:', e.message))
  await pool.query('SELECT 1')
  return {
    kind: 'postgres',
    query: async (sql, params) => rows(await pool.query(sql, params)),
    async transaction(fn) {
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
    },
    close: () => pool.end(),
  }
}
