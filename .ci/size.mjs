#!/usr/bin/env node
// `npm run size`: min+gzip (and brotli) of what a page downloads in each situation, against
// the size budgets (docs/performance.md lists them). Exits 1 when a budget is exceeded.
// 1 KB = 1000 bytes here, the stricter reading. Sizes are per file, as transferred (each file
// compressed on its own).
// Each figure is also given against the last one committed in docs/performance.md, and the
// run fails when the always-loaded size grew by more than 0.1 KB beyond the figure that file
// gives (see size-drift.mjs).
// Usage: node .ci/size.mjs [--json]
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { colours, root } from './setup.mjs'
import { ALWAYS_LOADED, alwaysLoadedProblem, change, documentedSizes } from './size-drift.mjs'

const dist = join(root, 'packages/browser/dist')

/** The scenarios the budgets cover: what gets loaded, on top of what is already there. */
export const BUDGETS = [
  { name: ALWAYS_LOADED, entry: ['touchpoint.js', 'touchpoint-runtime.js'], budget: 6000 },
  { name: 'UI chunk (Preact + prompts + styles, English)', chunk: 'widget', budget: 12000 },
  { name: 'delivery chunk (ky + queue flush)', chunk: 'delivery', budget: 7000 },
  { name: 'delivery console wording (answers dropped, a failing collector)', chunk: 'messages' },
  { name: 'config guard (first page of a visitor, or a changed config, unless its collector vouches for it and the options are plain)', chunk: 'guard' },
  { name: 'config checker (only when the guard finds a problem, in debug mode or a preview)', chunk: 'check' },
  { name: 'debug wording (debug mode, or a command called wrongly)', chunk: 'debug' },
  { name: 'lease lock (browsers without Web Locks only)', chunk: 'lease' },
]

export function measure() {
  const manifest = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8'))
  const byName = (name) => Object.keys(manifest).find((f) => manifest[f].name === name || f.startsWith(`touchpoint-${name}-`))
  const closure = (files, seen = new Set()) => {
    for (const f of files) {
      if (seen.has(f)) continue
      seen.add(f)
      closure(manifest[f]?.imports ?? [], seen)
    }
    return seen
  }
  const base = closure(['touchpoint-runtime.js'])
  const size = (file) => {
    const buf = readFileSync(join(dist, file))
    return {
      file,
      min: buf.length,
      gzip: gzipSync(buf, { level: 9 }).length,
      brotli: brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    }
  }
  const scenario = (b, files) => {
    const parts = files.map(size)
    const sum = (k) => parts.reduce((s, p) => s + p[k], 0)
    const modules = Object.entries(Object.assign({}, ...files.map((f) => manifest[f]?.modules ?? {}))).sort((a, b) => b[1] - a[1])
    return { ...b, files: parts, min: sum('min'), gzip: sum('gzip'), brotli: sum('brotli'), modules }
  }
  const results = BUDGETS.map((b) => scenario(b, b.entry ?? [...closure([byName(b.chunk)])].filter((f) => !base.has(f))))
  // Every language but English is a chunk of its own, downloaded with the UI chunk for the
  // visitors who need it: the budgeted figure is English; this is the heaviest other language.
  const languages = Object.keys(manifest)
    .map((file) => [file, /^touchpoint-locale-(.+)-[\w-]{6}\.js$/.exec(file)?.[1]])
    .filter(([, lang]) => lang)
    .map(([file, lang]) => ({ lang, ...size(file) }))
    .sort((a, b) => a.lang.localeCompare(b.lang))
  // What a visitor downloads to be asked and have the answer sent (English, a returning
  // visitor: no config check): the issue's goal, reported, not enforced. The trimming code is
  // in the UI chunk (rollup.config.mjs says why).
  const parts = ['touchpoint.js', 'touchpoint-runtime.js', ...['widget', 'delivery'].flatMap((c) => [...closure([byName(c)])].filter((f) => !base.has(f)))]
  results.push(scenario({ name: 'everything to show a prompt and send its answer (loader, runtime, UI, trimming, delivery)', goal: 22000 }, [...new Set(parts)]))
  if (languages.length) {
    const ui = results.find((r) => r.chunk === 'widget')
    const worst = languages.reduce((a, b) => (b.gzip > a.gzip ? b : a))
    const both = scenario({ name: `UI chunk + the heaviest language (${worst.lang})` }, [...ui.files.map((f) => f.file), worst.file])
    results.splice(results.indexOf(ui) + 1, 0, { ...both, languages })
  }
  return results
}

const kb = (n) => `${(n / 1000).toFixed(2)} KB`
const red = (text) => (colours() ? `\x1b[31m${text}\x1b[0m` : text)

/** docs/performance.md as last committed (or as it is, without git): the figures to compare with. */
function committedDoc() {
  const git = spawnSync('git', ['show', 'HEAD:docs/performance.md'], { cwd: root, encoding: 'utf8' })
  return git.status === 0 ? git.stdout : workingDoc()
}
const workingDoc = () => readFileSync(join(root, 'docs/performance.md'), 'utf8')

export function report(results = measure(), committed = documentedSizes(committedDoc()), working = documentedSizes(workingDoc())) {
  let failed = false
  for (const r of results) {
    const over = r.budget && r.gzip > r.budget
    failed ||= over
    const verdict = r.budget
      ? over ? red(`OVER budget ${kb(r.budget)}`) : `budget ${kb(r.budget)} ok`
      : r.goal ? `goal ${kb(r.goal)} ${r.gzip > r.goal ? 'not met' : 'met'}` : 'no budget'
    const since = committed[r.name] === undefined ? 'new' : `${change(r.gzip - committed[r.name])} since docs/performance.md`
    console.log(`${r.name}: ${kb(r.gzip)} gzip (${since}), ${kb(r.brotli)} brotli, ${kb(r.min)} min — ${verdict}`)
    for (const f of r.files) console.log(`    ${f.file.padEnd(34)} ${kb(f.gzip).padStart(9)} gzip ${kb(f.min).padStart(9)} min`)
    if (r.languages) console.log(`    each language, gzip: ${r.languages.map((l) => `${l.lang} ${kb(l.gzip)}`).join(', ')}`)
    const top = r.languages || r.goal ? [] : r.modules.slice(0, 6).map(([m, n]) => `${m.replace(/^packages\//, '')} ${(n / 1000).toFixed(1)}k`)
    if (top.length) console.log(`    largest modules (before minification): ${top.join(', ')}`)
  }
  const always = results.find((r) => r.name === ALWAYS_LOADED)
  const problem = alwaysLoadedProblem(always.gzip, working[ALWAYS_LOADED])
  if (problem) console.error(red(problem))
  return failed || !!problem
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const results = measure()
  if (process.argv.includes('--json')) console.log(JSON.stringify(results, null, 2))
  else if (report(results)) {
    console.error('A size budget is exceeded, or the always-loaded size grew without docs/performance.md saying so.')
    process.exit(1)
  }
}
