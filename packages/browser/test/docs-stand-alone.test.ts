// The repository's docs, examples and code stand on their own: they never send a reader to a
// document that is not in the repository, and every example says how to use it.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { filesUnder } from './repo-files.js'

const TEXT = /\.(md|html|css|js|mjs|ts|tsx|mts|json)$/

/** Text files under `dir`. */
const files = (dir: string) => filesUnder(dir, TEXT)

const packageReadmes = readdirSync('packages')
  .map((p) => join('packages', p, 'README.md'))
  .filter(existsSync)
// This file names the word it looks for, so it is the one file left out.
const sources = readdirSync('packages').flatMap((p) => files(join('packages', p))).filter((f) => !f.endsWith('docs-stand-alone.test.ts'))
const checked = [...files('docs'), ...files('examples'), 'README.md', ...packageReadmes, ...sources, ...files('.ci')]

describe('docs and examples', () => {
  it('are there to check', () => {
    expect(checked.length).toBeGreaterThan(40)
  })

  // "DESIGN §6", "see DESIGN.md": a document outside the repository, which readers do not have.
  it.each(checked)('%s cites no document outside the repository', (file) => {
    const lines = readFileSync(file, 'utf8').split('\n')
    const cites = lines.flatMap((line, i) => (/\bDESIGN\b/.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : []))
    expect(cites).toEqual([])
  })

  const examples = readdirSync('examples').filter((e) => statSync(join('examples', e)).isDirectory())

  it.each(examples)('examples/%s has a README: what it shows, how to run it, what you should see, how to see what arrived', (example) => {
    const readme = join('examples', example, 'README.md')
    expect(existsSync(readme), readme).toBe(true)
    const text = readFileSync(readme, 'utf8')
    expect(text).toMatch(/^# .+\n\n\S/) // a title, then what it shows
    expect(text.match(/^## .+$/gm)).toEqual(expect.arrayContaining(['## Run it', '## What you should see', '## See what arrived']))
  })

  it('lists every example in examples/README.md', () => {
    const index = readFileSync('examples/README.md', 'utf8')
    for (const example of examples) expect(index).toContain(`[${example}](${example})`)
  })
})
