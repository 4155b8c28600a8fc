#!/usr/bin/env node
// `npm run build`: installs dependencies if needed, then builds every package with Rollup.
import { build, ensureDependencies } from './setup.mjs'

ensureDependencies()
build()
