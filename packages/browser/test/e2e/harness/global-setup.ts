import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { TestProject } from 'vitest/node'
import { pgliteTemplates } from '../../../../collector/test/harness/pglite-templates.js'
import { CHROMIUM } from './chromium.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated, empty embedded database as a PGlite dump (a tar file), to load into memory. */
    pgDump: string
  }
}

const dist = fileURLToPath(new URL('../../../dist/touchpoint.js', import.meta.url))

/** Checks that the SDK is built and Chromium is there, and prepares the database template. */
export default async function setup(project: TestProject) {
  if (!existsSync(dist)) throw new Error(`${dist} is missing: the end-to-end tests use the built SDK. Run "npm test" (it builds first) or "npm run build".`)
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is missing at ${CHROMIUM}: run "npm test", which installs Debian's chromium package.`)
  project.provide('pgDump', (await pgliteTemplates()).dump)
}
