import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { TestProject } from 'vitest/node'
import { migrate, openPglite } from '@touchpoint/collector'
import { CHROMIUM } from './chromium.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated, empty embedded database directory to copy. */
    pgTemplate: string
  }
}

const dist = fileURLToPath(new URL('../../../dist/touchpoint.js', import.meta.url))

/** Checks that the SDK is built and Chromium is there, and prepares a database template. */
export default async function setup(project: TestProject) {
  if (!existsSync(dist)) throw new Error(`${dist} is missing: the end-to-end tests use the built SDK. Run "npm test" (it builds first) or "npm run build".`)
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is missing at ${CHROMIUM}: run "npm test", which installs Debian's chromium package.`)
  const dir = mkdtempSync(join(tmpdir(), 'tp-pg-template-'))
  const db = await openPglite(dir)
  await migrate(db)
  await db.close()
  project.provide('pgTemplate', dir)
  return () => rmSync(dir, { recursive: true, force: true })
}
