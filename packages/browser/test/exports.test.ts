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

it('runs the SDK in a page: the guard for server renders lets every command through', async () => {
  const tp = browser.createTouchpoint()
  const ready = new Promise((r) => tp.on('ready', r))
  const survey = { id: 'page-nps', type: 'nps' as const, touchpoint: 'checkout', stage: 'purchase' as const, triggers: [{ on: 'event' as const, event: 'never' }] }
  await tp.init({ collector: 'https://collect.test/v1/responses', surveys: [survey] })
  expect(await ready).toEqual({ surveys: ['page-nps'] })
  tp.destroy()
})
