import pg from 'pg'
import { describeError, errorCode } from './database-error.js'
import type { Database, Query } from './database.js'
import { failedWrites } from './failed-writes.js'

// A script of several statements answers one result per statement: keep the last.
const rows = (r: pg.QueryResult | pg.QueryResult[]): never[] => (Array.isArray(r) ? (r.at(-1)?.rows ?? []) : r.rows) as never[]

/** What the collector asks the server, as startup parameters, to end on its side: see `openPostgres`. */
const serverBounds = (ms: number) => ({ statement_timeout: ms, idle_in_transaction_session_timeout: ms })

/**
 * Whether the server at `url` answers a query within `ms`, the connection included, on a
 * connection of its own (opened with `startup` parameters, as the pool's will be) that is
 * closed either way: an address that takes the connection and then says nothing (a firewall,
 * a proxy without its database) fails the start with a message, instead of hanging it.
 */
async function answers(url: string, ms: number, startup: object = {}): Promise<void> {
  // One deadline for the connection and the query together: what is left of it after a slow connection.
  const deadline = performance.now() + ms
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: ms, ...startup })
  client.on('error', () => {}) // a connection lost after the check: nothing uses it any more
  try {
    await client.connect()
    // pg reads a query's own query_timeout; its types do not list it.
    const check: pg.QueryConfig & { query_timeout: number } = { text: 'SELECT 1', query_timeout: Math.max(1, Math.ceil(deadline - performance.now())) }
    await client.query(check)
  } catch (e) {
    // pg words its own timeouts without a code: say what happened in our words.
    throw errorCode(e) ? e : new Error(/timeout/i.test((e as Error).message) ? `no answer within ${ms / 1000} s` : (e as Error).message)
  } finally {
    void client.end().catch(() => {})
  }
}

/**
 * A pooler (PgBouncer) refusing a startup parameter it does not know: `08P01` (protocol
 * violation), "unsupported startup parameter: statement_timeout".
 */
const refusesStartupParameters = (e: unknown) => errorCode(e) === '08P01' && /unsupported startup parameter/i.test((e as Error).message)

/**
 * How long PostgreSQL has to answer, by default: a query or a transaction, from the wait for a
 * connection from the pool to its last statement's answer, and the first query at start.
 */
export const ANSWER_WITHIN_MS = 10_000

// What pg says, without a code, of a connection lost or of its own timeouts.
const LOST = /connection terminated|timeout|not queryable|connection error/i

/**
 * A lost connection or a timeout as an error with a code (`08006`, PostgreSQL's for a lost
 * connection, or `ETIMEDOUT`), so that it counts as the database being unavailable (503 with
 * Retry-After), not as a bug (500).
 */
function coded(e: unknown): unknown {
  if (errorCode(e) || !(e instanceof Error) || !LOST.test(e.message)) return e
  return Object.assign(new Error(`PostgreSQL: ${e.message}`), { code: /timeout/i.test(e.message) ? 'ETIMEDOUT' : '08006' })
}

/** A statement given up on, or a connection lost: its connection is dropped, and nothing is known of what the statement did. */
const gone = (e: unknown) => ['ETIMEDOUT', '08006'].includes(errorCode(e) ?? '')

/**
 * A PostgreSQL server at `url` (a `postgres://` connection string), through a small pool.
 *
 * `answerWithinMs` bounds every wait on the server: the first query at start (past it the start
 * fails), and each query or transaction as a whole, with one deadline for its connection from
 * the pool and its statements together (a connection that came late leaves less time for the
 * statement, not a bound of its own). A statement with no answer by the deadline
 * fails with `ETIMEDOUT` (the requests that needed it answer 503) and its connection is dropped
 * rather than given back to the pool: a server that went silent (frozen, or cut off by the
 * network) holds no request for longer, and once it answers again new connections serve. The
 * server is asked to end on its side what the collector gave up on (`statement_timeout`,
 * `idle_in_transaction_session_timeout`, at the same value), so that neither holds its locks.
 * Transactions run `unbounded` (migrations) have no bound on either side once they have
 * their connection. Those two go out as
 * startup parameters; where they are refused (a pooler such as PgBouncer answers "unsupported
 * startup parameter"), the connections open without them, with a warning on the console: the
 * collector's own bound still holds, the server's is off.
 */
export async function openPostgres(url: string, max = 10, answerWithinMs = ANSWER_WITHIN_MS): Promise<Database> {
  let startup: object = serverBounds(answerWithinMs)
  try {
    await answers(url, answerWithinMs, startup)
  } catch (e) {
    if (!refusesStartupParameters(e)) throw e
    // Behind a pooler that refuses them, connections go without them: the collector's own bound still holds.
    await answers(url, answerWithinMs)
    startup = {}
    const s = answerWithinMs / 1000
    console.warn(
      `[collector] PostgreSQL refused the startup parameters statement_timeout and idle_in_transaction_session_timeout (${(e as Error).message}; a pooler such as PgBouncer does that): the collector connects without them, so the server-side timeouts are off and only its own ${s} s bound on each query's wait applies; to turn them on, set both for the collector's role on the PostgreSQL server (ALTER ROLE <role> SET statement_timeout = '${s}s', and the same for idle_in_transaction_session_timeout)`,
    )
  }
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: answerWithinMs, ...startup })
  // An idle client that loses its server emits 'error' on the pool; without a listener Node would exit.
  pool.on('error', (e) => console.error('[collector] PostgreSQL connection error:', describeError(e)))
  const writes = failedWrites()
  const timedOut = () => Object.assign(new Error(`no answer from PostgreSQL within ${answerWithinMs / 1000} s`), { code: 'ETIMEDOUT' })
  /** When a call made now must have its answer: one deadline for its connection and its statements together. */
  const deadlineFromNow = () => performance.now() + answerWithinMs

  /** `work`, or `ETIMEDOUT` once `deadline` (a `performance.now()` time; `Infinity`: none) has passed. */
  const by = async <T>(work: Promise<T>, deadline: number): Promise<T> => {
    if (deadline === Infinity) return work
    let timer: NodeJS.Timeout | undefined
    const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(timedOut()), Math.max(0, deadline - performance.now()))))
    try {
      return await Promise.race([work, late])
    } finally {
      clearTimeout(timer)
    }
  }

  /** A connection from the pool by `deadline`; one that comes later goes back to the pool. */
  const connect = async (deadline: number) => {
    const pending = pool.connect()
    try {
      return await by(pending, deadline)
    } catch (e) {
      pending.then((client) => client.release(), () => {})
      throw coded(e)
    }
  }

  /** One statement on `client`; it fails when no answer has come by `deadline`. */
  const run = async (client: pg.PoolClient, sql: string, params: unknown[] | undefined, deadline: number): Promise<never[]> => {
    const answer = client.query(sql, params)
    try {
      return rows(await by(answer, deadline))
    } catch (e) {
      throw coded(e)
    } finally {
      // Given up on, it fails once its connection is dropped: nobody waits for it any more.
      answer.catch(() => {})
    }
  }

  // A connection whose statement failed is dropped (as pg's own pool.query does): a new one is cheap.
  const query: Query = async (sql, params) => {
    const deadline = deadlineFromNow()
    const client = await connect(deadline)
    let failed = false
    try {
      return await run(client, sql, params, deadline)
    } catch (e) {
      failed = true
      throw e
    } finally {
      client.release(failed)
    }
  }

  return {
    kind: 'postgres',
    query: (sql, params) => writes.watch(sql, () => query(sql, params)),
    transaction: (fn, { unbounded = false } = {}) => writes.watch(undefined, async () => {
      const deadline = deadlineFromNow()
      const client = await connect(deadline)
      const statementsBy = unbounded ? Infinity : deadline
      const q: Query = (sql, params) => run(client, sql, params, statementsBy)
      let broken = false
      try {
        await q('BEGIN')
        if (unbounded) await q('SET LOCAL statement_timeout = 0; SET LOCAL idle_in_transaction_session_timeout = 0')
        const result = await fn(q)
        await q('COMMIT')
        return result
      } catch (e) {
        // A transaction whose connection is dropped is rolled back by the server: no ROLLBACK
        // is sent to a server that does not answer.
        if (gone(e)) broken = true
        else await run(client, 'ROLLBACK', undefined, statementsBy).catch(() => (broken = true))
        throw e
      } finally {
        client.release(broken)
      }
    }),
    async writeProblem() {
      const sql = `SELECT pg_is_in_recovery() AS standby, current_setting('transaction_read_only') = 'on' AS read_only`
      const { standby, read_only } = (await query<{ standby: boolean; read_only: boolean }>(sql))[0]!
      if (standby) return 'the PostgreSQL server is a standby (in recovery): point DATABASE_URL at the primary'
      if (read_only) return 'the PostgreSQL database is read-only (default_transaction_read_only)'
      return writes.problem()
    },
    close: () => pool.end(),
  }
}
