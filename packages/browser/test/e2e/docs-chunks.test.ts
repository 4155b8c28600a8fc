import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'

// docs/architecture.md lists what a page can load, file by file: every file the script-tag
// build writes must be in that list, so that a new chunk cannot ship unexplained.
const at = (path: string) => fileURLToPath(new URL(`../../../../${path}`, import.meta.url))

it('docs/architecture.md names every file of the script-tag build', () => {
  const doc = readFileSync(at('docs/architecture.md'), 'utf8')
  const files = readdirSync(at('packages/browser/dist')).filter((f) => f.endsWith('.js'))
  const named = new Set(files.map((f) => f.replace(/^touchpoint-locale-[\w-]+?-[\w-]{6}\.js$/, 'touchpoint-locale-<lang>-*.js').replace(/^(touchpoint-[a-z]+)-[\w-]{6}\.js$/, '$1-*.js')))
  expect(named.size).toBeGreaterThan(5)
  expect([...named].filter((n) => !doc.includes(`${n} `))).toEqual([])
})
