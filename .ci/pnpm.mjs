#!/usr/bin/env node
// Runs the pnpm version pinned in package.json's "packageManager", through npx, so that a
// machine with only Node.js and npm can build and test. Usage: node scripts/pnpm.mjs <args…>
import { pnpm } from './setup.mjs'

process.exitCode = pnpm(process.argv.slice(2))
