import type { TestProject } from 'vitest/node'
import { pgliteTemplates } from './pglite-templates.js'
import { startPostgres } from './postgres-server.mjs'

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated, empty embedded database as a PGlite dump (a tar file), to load into memory. */
    pgDump: string
    /** The same before any migration. */
    pgEmptyDump: string
    /** A superuser connection string to a throwaway PostgreSQL server, for creating databases. */
    pgUrl: string
  }
}

/**
 * Once per test run: a throwaway PostgreSQL server (or TOUCHPOINT_TEST_DATABASE_URL, a server
 * of yours where the tests may create and drop databases) and embedded database templates.
 */
export default async function setup(project: TestProject) {
  const external = process.env.TOUCHPOINT_TEST_DATABASE_URL
  const [server, templates] = await Promise.all([external ? undefined : startPostgres(), pgliteTemplates()])
  project.provide('pgDump', templates.dump)
  project.provide('pgEmptyDump', templates.emptyDump)
  project.provide('pgUrl', external || server!.url)
  return () => server?.stop()
}
