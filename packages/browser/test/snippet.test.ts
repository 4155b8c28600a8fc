// The snippet has one source, docs/getting-started.md: every other copy (the README, the docs,
// the examples, the dashboard's first-answer page, the test and bench pages) says the same, so a
// fix to it reaches every page that shows or runs it.
import { readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { filesUnder } from './repo-files.js'

const TEXT = /\.(md|html|js|mjs|ts|tsx)$/
/** White space left out: the bench page has the snippet on one line. */
const squash = (s: string) => s.replace(/\s+/g, '')

const guide = readFileSync('docs/getting-started.md', 'utf8')
const lines = guide.split('\n')
const first = lines.findIndex((l) => l.includes('window.touchpoint ='))
const SNIPPET = lines.slice(first, lines.indexOf('  };', first) + 1).join('\n')
// What marks a copy, whole or not: the line that queues a call.
const QUEUES = squash('touchpoint.q = ')

const files = [
  'README.md',
  ...['docs', 'examples', 'packages'].flatMap((d) => filesUnder(d, TEXT)),
].filter((f) => basename(f) !== 'snippet.test.ts')
const copies = files.filter((f) => squash(readFileSync(f, 'utf8')).includes(QUEUES))

describe('the snippet', () => {
  it('is found in docs/getting-started.md, and in the other places that show or run it', () => {
    expect(SNIPPET).toMatch(/^ {2}if \(typeof window\.touchpoint != 'function'\) window\.touchpoint = function \(\) \{\n.*\n {2}\};$/)
    expect(copies).toEqual(expect.arrayContaining(['README.md', join('packages', 'collector', 'src', 'dashboard', 'FirstAnswer.tsx')]))
    expect(copies.length).toBeGreaterThan(8)
  })

  it.each(copies)('%s has it as docs/getting-started.md does', (file) => {
    const text = squash(readFileSync(file, 'utf8'))
    expect(text.split(squash(SNIPPET)).length, 'copies of the guide’s snippet').toBe(text.split(QUEUES).length)
  })
})
