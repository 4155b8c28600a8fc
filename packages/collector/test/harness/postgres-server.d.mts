/** Where PostgreSQL's server binaries are; throws, saying how to install them, when they are missing. */
export function postgresBin(): string

/** A throwaway PostgreSQL server on a free loopback port; see postgres-server.mjs. */
export function startPostgres(options?: { durable?: boolean }): Promise<{
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  url: string
  dir: string
  /** Stops the server and removes its files. */
  stop(): Promise<void>
}>
