#!/usr/bin/env node
// The `touchpoint-collector` command. It lives outside dist/ so that it exists when a package
// manager links commands at install time, before anything is built; it only loads the build.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const cli = new URL('../dist/cli.js', import.meta.url)
if (!existsSync(cli)) {
  console.error(
    `touchpoint-collector: the collector is not built (${fileURLToPath(cli)} is missing).\n` +
      'In a clone of the Touchpoint repository, run "npm run build" at its root first.',
  )
  process.exit(1)
}
await import(cli.href)
