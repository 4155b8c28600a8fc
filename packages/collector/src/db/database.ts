/** Runs one SQL statement with `$1`-style parameters. */
export type Query = <T = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<T[]>

/** The collector's storage: embedded PostgreSQL (PGlite) or a PostgreSQL server, through one interface. */
export interface Database {
  kind: 'pglite' | 'postgres'
  query: Query
  /** Runs `fn` in one transaction on one connection. */
  transaction<T>(fn: (query: Query) => Promise<T>): Promise<T>
  close(): Promise<void>
}
