#!/usr/bin/env node
// `npm run bench`: builds, then measures what DESIGN §9 budgets and what the queue and the
// collector can do, in real Chromium and on loopback, and writes docs/performance.md with the
// figures, the machine they were taken on and the budgets beside them. Not a test: it fails
// only if it cannot measure. Options: --skip-collector (the slowest part: a million rows).
import { writeFileSync } from 'node:fs'
import { cpus, totalmem, release, platform } from 'node:os'
import { join } from 'node:path'
import { build, ensureChromium, ensureDependencies, root, say } from './setup.mjs'

const skipCollector = process.argv.includes('--skip-collector')
ensureDependencies()
ensureChromium()

say('building…')
build()

const { measure } = await import('./size.mjs')
const { benchPage } = await import('../packages/browser/bench/page.mjs')
const { benchDelivery } = await import('../packages/browser/bench/delivery.mjs')
const { launch } = await import('../packages/browser/bench/harness.mjs')

const sizes = measure()
const browser = await launch()
say('measuring the page: init, trigger to prompt, long tasks, layout shift…')
const pageFigures = await benchPage({ browser })
say('measuring the queue: enqueue latency, flushing 1,000 answers…')
const queue = await benchDelivery({ browser })
await browser.close()
let collector
if (!skipCollector) {
  say('measuring the collector: ingest and stats over 1,000,000 answers, embedded and PostgreSQL (a few minutes)…')
  const { benchCollector } = await import('../packages/collector/bench/bench.mjs')
  collector = await benchCollector()
}

const kb = (n) => `${(n / 1000).toFixed(2)} KB`
const ms = (n) => `${n < 10 ? n.toFixed(1) : Math.round(n)} ms`
const tasks = (list) => (list.length ? `${list.length} (longest ${Math.round(Math.max(...list))} ms)` : 'none')
const { init, show } = pageFigures
const runs = show.runs * 2

const lines = [
  '# Performance',
  '',
  'Measured by `npm run bench` (it rewrites this file), in headless Chromium driven by',
  'playwright-core, with the built SDK and servers on loopback. Medians unless noted.',
  '',
  `Machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB,`,
  `${platform()} ${release()}, Node ${process.version}, Chromium ${pageFigures.chromium}; ${new Date().toISOString().slice(0, 10)}.`,
  '',
  '## Against the budgets (DESIGN §9)',
  '',
  '| what | measured | budget |',
  '| --- | --- | --- |',
  ...sizes.map((s) => `| ${s.name}, min+gzip | ${kb(s.gzip)} (brotli ${kb(s.brotli)}, min ${kb(s.min)}) | ${s.budget ? `≤ ${kb(s.budget)}` : '—'} |`),
  `| script time until Touchpoint is ready, page with nothing to show: first visit / returning | ${ms(init.firstVisitMs)} / ${ms(init.returningVisitMs)} | "a few ms" |`,
  `| long tasks (> 50 ms) during init, over ${runs} page loads | ${tasks(show.longTasks.init)} | none |`,
  `| layout shift caused on the host page (show, answer, close) | ${show.layoutShift.toFixed(3)} | 0 |`,
  '',
  'Script time is Chromium\'s `ScriptDuration` for the whole page (the snippet, the loader, the',
  'runtime and, on a first visit, the config checker). 1 KB = 1000 bytes; each file is compressed',
  'on its own, as it travels.',
  '',
  '## Showing a prompt',
  '',
  '| what | measured |',
  '| --- | --- |',
  `| \`track()\` to prompt painted, cold (UI chunk fetched) | ${ms(show.coldMs)} |`,
  `| \`track()\` to prompt painted, UI chunk in the HTTP cache | ${ms(show.cachedMs)} |`,
  `| long tasks (> 50 ms) while showing, over ${runs} prompts | ${tasks(show.longTasks.show)} |`,
  `| long tasks (> 50 ms) while answering and sending, over ${runs} answers | ${tasks(show.longTasks.submit)} |`,
  '',
  'From the trigger to the prompt, the runtime checks the rules against IndexedDB (history,',
  'frequency), takes the cross-tab lock, records the display, then loads and renders the prompt;',
  '"painted" is two animation frames after `shown`.',
  '',
  '## The queue',
  '',
  '| what | measured |',
  '| --- | --- |',
  `| enqueue: Send clicked → \`answered\` (IndexedDB write done), median / p95 of ${queue.enqueue.samples} | ${ms(queue.enqueue.median)} / ${ms(queue.enqueue.p95)} |`,
  `| flush ${queue.flush.answers.toLocaleString('en')} queued answers to a collector that answers 200 (batches of 20) | ${ms(queue.flush.ms)} |`,
  '',
]
if (collector) lines.push(...collector.markdown.trim().split('\n'), '')
else lines.push('## Collector', '', 'Not measured in this run (`--skip-collector`).', '')

writeFileSync(join(root, 'docs/performance.md'), lines.join('\n'))
say('wrote docs/performance.md')
console.log(lines.join('\n'))
