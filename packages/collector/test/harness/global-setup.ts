import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { TestProject } from 'vitest/node'
import { migrate, MIGRATIONS, openPglite } from '@touchpoint/collector'
import { startPostgres } from './postgres-server.mjs'

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated, empty embedded database directory to copy (never to open). */
    pgTemplate: string
    /** A superuser connection string to a throwaway PostgreSQL server, for creating databases. */
    pgUrl: string
  }
}

const pkg = fileURLToPath(new URL('../../', import.meta.url))
const cache = join(pkg, 'node_modules/.cache/touchpoint-collector')

/**
 * A migrated embedded database to copy. Creating one runs initdb in WebAssembly (about 5 s), so
 * it is kept between runs under node_modules/.cache, named after what makes it: the PGlite
 * version and the migrations. A change to either makes a new one and removes the old.
 */
async function pgliteTemplate(): Promise<string> {
  const version = JSON.parse(readFileSync(join(pkg, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')).version
  const key = createHash('sha256').update(JSON.stringify([version, MIGRATIONS])).digest('hex').slice(0, 16)
  const dir = join(cache, `pglite-${key}`)
  if (existsSync(dir)) return dir
  mkdirSync(cache, { recursive: true })
  const fresh = mkdtempSync(join(cache, 'tmp-'))
  const db = await openPglite(fresh)
  await migrate(db)
  await db.close()
  for (const old of readdirSync(cache)) if (old.startsWith('pglite-')) rmSync(join(cache, old), { recursive: true, force: true })
  // Renamed into place when complete: a run that dies halfway leaves no half-made template.
  renameSync(fresh, dir)
  return dir
}

/**
 * Once per test run: a throwaway PostgreSQL server (or TOUCHPOINT_TEST_DATABASE_URL, a server
 * of yours where the tests may create and drop databases) and an embedded database template.
 */
export default async function setup(project: TestProject) {
  const external = process.env.TOUCHPOINT_TEST_DATABASE_URL
  const [server, template] = await Promise.all([external ? undefined : startPostgres(), pgliteTemplate()])
  project.provide('pgTemplate', template)
  project.provide('pgUrl', external || server!.url)
  return () => server?.stop()
}
