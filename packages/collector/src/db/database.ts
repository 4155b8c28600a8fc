/** Runs one SQL statement with `$1`-style parameters. */
export type Query = <T = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<T[]>

/** The collector's storage: embedded PostgreSQL (PGlite) or a PostgreSQL server, through one interface. */
export interface Database {
  kind: 'pglite' | 'postgres'
  query: Query
  /**
   * Runs `fn` in one transaction on one connection. On PostgreSQL the transaction, from the
   * wait for its connection to its last statement's answer, is done within a bounded time or
   * fails (see `openPostgres`); with `unbounded` only the wait for the connection is bounded
   * (migrations: they may rewrite a large table, or wait for another collector's).
   */
  transaction<T>(fn: (query: Query) => Promise<T>, options?: { unbounded?: boolean }): Promise<T>
  /**
   * Why answers cannot be stored now, though the database may still answer reads (a full or
   * read-only disk, a write that just failed for the disk's sake), or `undefined`.
   */
  writeProblem?(): Promise<string | undefined>
  close(): Promise<void>
}
