// Every code sample in README.md and docs/ is run here, or is a file in the repository:
// - ```lang file=path        the sample must appear, as written, in that file (examples/…);
// - ```json                  a config, survey fragment, trigger or response: validated;
// - ```js / ```html          run against a real SDK instance (happy-dom, fetch stubbed):
//                            it must not throw, nor make Touchpoint report a problem;
//                            (samples may say `collector` and `config` for the two URLs);
// - ```css                   must parse, and style the prompt's host element;
// - ```sh                    each command must exist (npm scripts, files, collector flags);
// - ```text                  output and diagrams, not code.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ces, csat, nps, validateConfig } from '@touchpoint/core'
import { responseProblem } from '../../collector/src/validate-response.js'
import { response } from '../../collector/test/fixtures.js'
import { boot } from '../src/global.js'
import { createTouchpoint } from '../src/sdk.js'
import type { Touchpoint } from '../src/sdk.js'
import { freshIndexedDB, tick } from './helpers.js'

interface Block {
  file: string
  line: number
  lang: string
  attrs: Record<string, string>
  code: string
}

function blocksOf(file: string): Block[] {
  const out: Block[] = []
  const lines = readFileSync(file, 'utf8').split('\n')
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*(.*)$/.exec(lines[i]!)
    if (!open) continue
    const start = i
    const body: string[] = []
    while (++i < lines.length && !lines[i]!.startsWith('```')) body.push(lines[i]!)
    const attrs = Object.fromEntries(open[2]!.split(/\s+/).filter(Boolean).map((a) => a.split('=') as [string, string]))
    out.push({ file, line: start + 1, lang: open[1]!, attrs, code: body.join('\n') })
  }
  return out
}

const files = ['README.md', ...readdirSync('docs').filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)]
const blocks = files.flatMap(blocksOf)
const squash = (s: string) => s.replace(/\s+/g, ' ').trim()

const SURVEY = { id: 'sample', type: 'nps', triggers: [{ on: 'pageview' }] }
const RESPONSE = response()
const AUDIENCE_KEYS = ['url', 'device', 'locale', 'attributes', 'sampleRate']
const SURVEY_KEYS = [
  'id', 'type', 'touchpoint', 'stage', 'question', 'followUp', 'scale', 'style', 'labels', 'triggers', 'audience', 'frequency',
  'status', 'startsAt', 'endsAt', 'maxResponses', 'context',
]

const COMMENT_KEYS = ['id', 'surveyId', 'type', 'scale', 'score', 'comment', 'touchpoint', 'answeredAt']

type StatsRow = Record<string, number> & { type: 'nps' | 'csat' | 'ces'; scale: { min: number; max: number }; distribution?: number[] }
const round = (x: number) => (Math.sign(x) * Math.round(Math.abs(x) * 100)) / 100

/** A stats row in the docs must add up: its figures are those of docs/metrics.md over its distribution. */
function checkStatsRow(row: StatsRow) {
  if (!row.distribution) return
  const scores = row.distribution.flatMap((count, i) => Array<number>(count).fill(row.scale.min + i))
  expect(row.n).toBe(scores.length)
  const expected =
    row.type === 'nps' ? nps(scores) : row.type === 'csat' ? csat(scores) : ces(scores, row.scale.max as 5 | 7)
  for (const [k, v] of Object.entries(expected)) if (typeof v === 'number') expect(row[k], `${row.type} ${k}`).toBe(round(v))
}

const configProblems = (config: unknown) => validateConfig(config).errors.map((e) => e.message)

/** A JSON sample is one of the shapes users write; it must be valid as that shape. */
function checkJson(code: string) {
  const v = JSON.parse(code) as Record<string, unknown>
  const keys = Object.keys(v)
  if ('surveys' in v) return expect(configProblems(v)).toEqual([])
  if ('responses' in v) return (v.responses as unknown[]).forEach((r) => expect(responseProblem(r)).toBeUndefined())
  if ('on' in v) return expect(configProblems({ surveys: [{ ...SURVEY, triggers: [v] }] })).toEqual([])
  if (keys.every((k) => SURVEY_KEYS.includes(k))) return expect(configProblems({ surveys: [{ ...SURVEY, ...v }] })).toEqual([])
  if (keys.every((k) => AUDIENCE_KEYS.includes(k))) return expect(configProblems({ surveys: [{ ...SURVEY, audience: v }] })).toEqual([])
  if ('score' in v || 'scale' in v) return expect(responseProblem({ ...RESPONSE, ...v })).toBeUndefined()
  if ('results' in v) return (v.results as StatsRow[]).forEach(checkStatsRow)
  if ('problems' in v) return (v.problems as Record<string, unknown>[]).forEach((p) => expect(Object.keys(p)).toEqual(['path', 'message']))
  if ('versions' in v || 'latest' in v) {
    const versions = 'versions' in v ? (v.versions as Record<string, unknown>[]) : [v.latest as Record<string, unknown>]
    return versions.forEach((x) => expect(Object.keys(x)).toEqual(['version', 'publishedAt', 'publishedBy', 'note', 'rollbackOf', 'surveys']))
  }
  if (keys.join() === 'version') return expect(Number.isInteger(v.version)).toBe(true)
  if ('dismissals' in v) {
    // Fatigue: the visitors add up, and each dismissal rate is dismissed ÷ shown.
    const distribution = v.distribution as { prompts: number; visitors: number }[]
    expect(distribution.reduce((n, d) => n + d.visitors, 0)).toBe(v.visitors)
    for (const d of v.dismissals as { shown: number; dismissed: number; dismissalRate: number | null }[])
      expect(d.dismissalRate).toBe(d.shown ? round((100 * d.dismissed) / d.shown) : null)
    return
  }
  if ('comments' in v) return (v.comments as Record<string, unknown>[]).forEach((c) => expect(Object.keys(c)).toEqual(expect.arrayContaining(COMMENT_KEYS)))
  throw new Error(`a JSON sample of no known shape (keys: ${keys.join(', ')}): make it one, or point it at a file with file=`)
}

let tp: Touchpoint
let reported: string[]

beforeEach(() => {
  freshIndexedDB()
  reported = []
  tp = createTouchpoint()
  tp.on('error', (e) => reported.push(e.message))
  // A network where any config URL answers a config, and any collector says 200.
  vi.stubGlobal('fetch', async (input: Request | string, init?: RequestInit) => {
    const req = new Request(input, init)
    const body = req.method === 'GET' ? { surveys: [{ ...SURVEY, id: 'checkout-nps', triggers: [{ on: 'event', event: 'checkout_completed' }] }] } : {}
    return new Response(JSON.stringify(body), { status: 200 })
  })
  vi.spyOn(console, 'warn').mockImplementation((...a) => reported.push(a.join(' ')))
  vi.spyOn(console, 'error').mockImplementation((...a) => reported.push(a.join(' ')))
  vi.spyOn(console, 'log').mockImplementation(() => {})
})

afterEach(() => {
  tp.destroy()
  delete (window as { touchpoint?: unknown }).touchpoint
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
  document.body.innerHTML = ''
})

/** Runs a JS sample with the global `touchpoint` and the ESM exports of @touchpoint/browser in scope. */
async function runJs(code: string) {
  const touchpoint = (command: string, ...args: unknown[]) => (tp as unknown as Record<string, (...a: unknown[]) => unknown>)[command]!(...args)
  const body = code.replace(/^import \{([^}]+)\} from '@touchpoint\/browser'$/gm, (_, list: string) => `const {${list}} = sdk`)
  if (/^import /m.test(body)) throw new Error('a JS sample imports something other than @touchpoint/browser: point it at a file with file=')
  const AsyncFunction = (async () => {}).constructor as new (...a: string[]) => (...a: unknown[]) => Promise<void>
  await new AsyncFunction('touchpoint', 'sdk', 'collector', 'config', body)(
    touchpoint,
    tp,
    'https://collect.example.com/v1/responses',
    'https://example.com/touchpoint.json',
  )
  await tick(50)
  expect(reported).toEqual([])
}

async function runHtml(code: string) {
  const holder = document.createElement('div')
  holder.innerHTML = code
  for (const script of holder.querySelectorAll('script')) {
    if (!script.src) await runJs(script.textContent ?? '')
    else if (script.dataset.collector || script.dataset.config) {
      const ready = new Promise((r) => (window as unknown as { touchpoint: (...a: unknown[]) => void }).touchpoint?.('on', 'ready', r))
      boot([['on', 'error', (e: { message: string }) => reported.push(e.message)]] as never, script)
      const w = window as unknown as { touchpoint: (...a: unknown[]) => Promise<unknown> }
      await Promise.race([w.touchpoint('on', 'ready', () => {}), ready, tick(200)])
      await tick(100)
      await w.touchpoint('destroy')
      expect(reported).toEqual([])
    }
  }
}

/** A CSS sample must parse, and its rules must reach the prompt's host element. */
function checkCss(code: string) {
  const sheet = new CSSStyleSheet()
  sheet.replaceSync(code)
  const host = document.createElement('div')
  host.setAttribute('data-touchpoint', 'checkout-nps')
  const selectors = [...sheet.cssRules].flatMap((r) => ('cssRules' in r ? [...(r as CSSGroupingRule).cssRules] : [r])).map((r) => (r as CSSStyleRule).selectorText)
  expect(selectors.length).toBeGreaterThan(0)
  for (const selector of selectors) expect(host.matches(selector), selector).toBe(true)
}

const scripts = JSON.parse(readFileSync('package.json', 'utf8')).scripts as Record<string, string>
const collectorCli = ['cli.ts', 'cli-options.ts'].map((f) => readFileSync(`packages/collector/src/${f}`, 'utf8')).join('\n')

/** Each command of a shell sample must exist: an npm script, a file, or a collector flag. */
function checkSh(code: string) {
  for (const raw of code.split('\n')) {
    const line = raw.replace(/\s+#.*$/, '').replace(/^#.*$/, '').trim()
    if (!line) continue
    const words = line.split(/\s+/).filter((w) => !/^[A-Z_]+=/.test(w))
    const [cmd, sub, name] = words
    if (cmd === 'npm') {
      const script = sub === 'run' ? name! : sub!
      expect(Object.keys(scripts), line).toContain(script)
    } else if (cmd === 'node') expect(existsSync(sub!), line).toBe(true)
    else if (cmd === 'touchpoint-collector') {
      for (const flag of words.filter((w) => w.startsWith('--'))) expect(collectorCli, `${line}: ${flag}`).toContain(flag.split('=')[0])
    } else throw new Error(`a shell sample runs "${cmd}", which this test does not know: add it here, or use text`)
  }
}

describe('code samples in the docs', () => {
  it('are there to check', () => {
    expect(blocks.length).toBeGreaterThan(30)
  })

  it.each(blocks.map((b) => [`${b.file}:${b.line} (${b.lang || 'no language'})`, b] as const))('%s', async (_, b) => {
    if (b.attrs.file) {
      expect(existsSync(b.attrs.file), `${b.attrs.file} exists`).toBe(true)
      return expect(squash(readFileSync(b.attrs.file, 'utf8'))).toContain(squash(b.code))
    }
    switch (b.lang) {
      case 'json':
        return checkJson(b.code)
      case 'js':
        return runJs(b.code)
      case 'html':
        return runHtml(b.code)
      case 'sh':
        return checkSh(b.code)
      case 'css':
        return checkCss(b.code)
      case 'text':
        return
      default:
        throw new Error(`a ${b.lang ? `"${b.lang}"` : 'language-less'} sample: use json, js, html, sh, text, or file=`)
    }
  })
})
