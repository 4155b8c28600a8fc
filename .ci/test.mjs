#!/usr/bin/env node
// `npm test`: every test, on a fresh machine too. Installs what is missing (dependencies from
// the lock file, Debian's Chromium and PostgreSQL), builds, checks types and the size budgets,
// then runs the unit and end-to-end tests in one Vitest run. Extra arguments go to Vitest
// (e.g. `npm test -- --project core`).
import { build, ensureChromium, ensureDependencies, ensurePostgres, must, pnpm, run, say } from './setup.mjs'

const started = Date.now()
ensureDependencies()
ensureChromium()
ensurePostgres()
say('building…')
build()
say('checking types…')
must(pnpm(['exec', 'tsc', '-p', '.ci/tsconfig.json']), 'the type check')
say('checking bundle sizes against their budgets…')
must(run(process.execPath, ['.ci/size.mjs']), 'the size check')
say('running the tests…')
must(pnpm(['exec', 'vitest', 'run', '--config', '.ci/vitest.config.mjs', ...process.argv.slice(2)]), 'the tests')
say(`all green in ${Math.round((Date.now() - started) / 1000)} s`)
