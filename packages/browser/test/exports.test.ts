import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import * as browser from '@touchpoint/browser'
import { VERSION } from '../src/version.js'

it('exports exactly its public surface', () => {
  expect(Object.keys(browser).sort()).toEqual([
    'consent', 'createTouchpoint', 'destroy', 'flush', 'identify', 'init', 'off', 'on', 'reset', 'show', 'track',
  ])
})

it('offers the same commands as the global function', () => {
  const commands = Object.keys(browser.createTouchpoint()).sort()
  expect(commands).toEqual(Object.keys(browser).filter((k) => k !== 'createTouchpoint').sort())
})

it('knows its own version', () => {
  // Vitest runs from the repository root (see .ci/vitest.config.mjs).
  expect(VERSION).toBe(JSON.parse(readFileSync('packages/browser/package.json', 'utf8')).version)
})
