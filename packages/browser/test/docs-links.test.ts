// Every relative link in the repository's Markdown leads somewhere: the file exists, and the
// heading a `#fragment` names is in it (GitHub's anchors: lower case, punctuation dropped,
// spaces as hyphens, a repeated heading numbered).
import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { filesUnder } from './repo-files.js'

/** Markdown files under `dir`. */
const markdown = (dir: string) => filesUnder(dir, /\.md$/)

/** The anchor GitHub gives a heading's text. */
export function slug(heading: string): string {
  return heading
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-')
}

/** The anchors of a Markdown text's headings (code blocks left out). */
export function anchors(text: string): Set<string> {
  const seen = new Map<string, number>()
  const out = new Set<string>()
  let fenced = false
  for (const line of text.split('\n')) {
    if (/^\s*```/.test(line)) fenced = !fenced
    const m = !fenced && /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)
    if (!m) continue
    const base = slug(m[1]!)
    const n = seen.get(base) ?? 0
    seen.set(base, n + 1)
    out.add(n ? `${base}-${n}` : base)
  }
  return out
}

/** Relative links of a Markdown text, `[text](target)` and `<img src>`, outside code. */
export function links(text: string): string[] {
  const prose = text.replace(/^\s*```[\s\S]*?^\s*```/gm, '').replace(/`[^`\n]*`/g, '')
  const found = [...prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g), ...prose.matchAll(/<img[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]!)
  return found.filter((l) => !/^[a-z][a-z0-9+.-]*:/i.test(l))
}

const files = [...markdown('docs'), ...markdown('examples'), ...markdown('packages'), 'README.md']

describe('slug and anchors', () => {
  it.each([
    ['GET /v1/stats', 'get-v1stats'],
    ['Bodies nested half a million levels deep', 'bodies-nested-half-a-million-levels-deep'],
    ['`touchpoint.js` and the `npm` package', 'touchpointjs-and-the-npm-package'],
    ['Events: shown & dismissed', 'events-shown--dismissed'],
    ['Beside PostHog', 'beside-posthog'],
  ])('%s → #%s', (heading, anchor) => {
    expect(slug(heading)).toBe(anchor)
  })

  it('numbers a repeated heading and skips code blocks', () => {
    expect([...anchors('# A\n## Setup\n```sh\n# not a heading\n```\n## Setup\n')]).toEqual(['a', 'setup', 'setup-1'])
  })

  it('finds relative links, not addresses or code', () => {
    expect(links('[a](b.md#c) [x](https://e.example) `[no](d.md)` <img src="i.png" alt="">\n```\n[no](e.md)\n```')).toEqual(['b.md#c', 'i.png'])
  })
})

describe('links in the Markdown files', () => {
  it('are there to check', () => {
    expect(files.length).toBeGreaterThan(20)
    expect(files.flatMap((f) => links(readFileSync(f, 'utf8'))).length).toBeGreaterThan(100)
  })

  it.each(files)('%s: every relative link leads to a file, and to a heading in it', (file) => {
    const broken: string[] = []
    for (const link of links(readFileSync(file, 'utf8'))) {
      const [path, fragment] = link.split('#') as [string, string | undefined]
      const target = path ? join(dirname(file), decodeURIComponent(path)) : file
      if (!existsSync(target)) {
        broken.push(`${link}: no ${relative('.', target)}`)
        continue
      }
      if (fragment === undefined || statSync(target).isDirectory() || !target.endsWith('.md')) continue
      if (!anchors(readFileSync(target, 'utf8')).has(fragment)) broken.push(`${link}: no heading #${fragment} in ${relative('.', target)}`)
    }
    expect(broken).toEqual([])
  })
})
