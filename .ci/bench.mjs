#!/usr/bin/env node
// `npm run bench`: builds, then measures what the budgets cover and what the queue and the
// collector can do, in real Chromium and on loopback, and writes docs/performance.md with the
// figures, the machine they were taken on and the budgets beside them. Not a test: it fails
// only if it cannot measure. Options: --skip-collector (the slowest part: a million rows).
import { writeFileSync } from 'node:fs'
import { cpus, totalmem, release, platform } from 'node:os'
import { join } from 'node:path'
import { build, ensureChromium, ensureDependencies, ensurePostgres, root, say } from './setup.mjs'

const skipCollector = process.argv.includes('--skip-collector')
ensureDependencies()
ensureChromium()
if (!skipCollector) ensurePostgres()

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
  const { benchCollector, storeName } = await import('../packages/collector/bench/bench.mjs')
  collector = { figures: await benchCollector({ log: (m) => say(`collector: ${m}`) }), storeName }
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
  '## Against the budgets',
  '',
  '| what | measured | budget |',
  '| --- | --- | --- |',
  ...sizes.map((s) => `| ${s.name}, min+gzip | ${kb(s.gzip)} (brotli ${kb(s.brotli)}, min ${kb(s.min)}) | ${s.budget ? `≤ ${kb(s.budget)}` : '—'} |`),
  `| script time until Touchpoint is ready, page with nothing to show: first visit / returning | ${ms(init.firstVisitMs)} / ${ms(init.returningVisitMs)} | "a few ms" |`,
  `| long tasks (> 50 ms) during init, over ${runs} page loads | ${tasks(show.longTasks.init)} | none |`,
  `| layout shift caused on the host page (show, answer, close) | ${show.layoutShift.toFixed(3)} | 0 |`,
  '',
  '`npm run size` measures the same sizes (without the timings) and gives each against the figure',
  'of this table as last committed. It fails when a budget is exceeded, and when the always-loaded',
  'size grew by more than 0.1 KB beyond the figure this file gives for it: a change that makes',
  'every page heavier updates this table in the same change (`npm run bench` rewrites it, or edit',
  'the row), which is what makes it pass.',
  '',
  'Script time is Chromium\'s `ScriptDuration` for the whole page (the snippet, the loader, the',
  'runtime and, on a first visit, the config guard). 1 KB = 1000 bytes; each file is compressed',
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
if (collector) lines.push(...collectorSection(collector.figures, collector.storeName))
else lines.push('## Collector', '', 'Not measured in this run (`--skip-collector`).', '')

writeFileSync(join(root, 'docs/performance.md'), lines.join('\n'))
say('wrote docs/performance.md')
console.log(lines.join('\n'))

/** The collector's figures (packages/collector/bench/bench.mjs) as the Collector section. */
function collectorSection({ machine, ingest, webhooks, reads }, storeName) {
  const stores = ['pglite', 'postgres'].filter((s) => ingest[s])
  const ingested = ['pglite', 'pgliteRam', 'postgres'].filter((s) => ingest[s])
  const name = Object.fromEntries(ingested.map((s) => [s, storeName(s, machine)]))
  const n = (x) => Math.round(x).toLocaleString('en')
  const head = (cells) => [`| ${cells.join(' | ')} |`, `| --- |${' ---: |'.repeat(cells.length - 1)}`]
  return [
    '## Collector',
    '',
    'The collector runs as its built command in a process of its own, on the embedded store',
    "(PGlite) and on a throwaway PostgreSQL server (Debian's, fsync on, default settings), on",
    'loopback. The same figures, as tables or JSON, without the browser part:',
    '',
    '```sh',
    'npm run build',
    'node .ci/pnpm.mjs --filter @touchpoint/collector bench            # both stores, a few minutes',
    'node .ci/pnpm.mjs --filter @touchpoint/collector bench -- --store pglite --rows 100000 --json',
    '```',
    '',
    '### Ingest',
    '',
    `\`POST /v1/responses\`, ${n(ingest.batches)} batches of ${ingest.batchSize} new answers (as the SDK sends them, comments`,
    `on one in five), ${ingest.concurrency} connections with keep-alive, after a warm-up. Every answer is validated,`,
    'deduplicated by `id` and counted into the daily counts in the same statement.',
    '',
    ...head(['store', 'answers/s', 'batch p50', 'batch p95']),
    ...ingested.map((s) => `| ${name[s]} | ${n(ingest[s].responsesPerSecond)} | ${ms(ingest[s].batchP50Ms)} | ${ms(ingest[s].batchP95Ms)} |`),
    '',
    'Both stores answer 200 only once the answers are on disk (the SDK deletes them then).',
    'PostgreSQL waits for the disk at each commit; the embedded store runs every query on one',
    'thread and flushes the WAL of the requests that committed meanwhile together, in the',
    'background (a group commit). The row "directory in RAM" is the same run on /dev/shm, where',
    'a flush costs nothing: the difference is what waiting for the disk costs. All are far above',
    'what a site sends: a million answers a month is 0.4 a second.',
    '',
    '### One active webhook',
    '',
    `Ingest as above, over ${webhooks[stores[0]]?.surveys} surveys, in ${webhooks[stores[0]]?.rounds} rounds with a webhook off and ${webhooks[stores[0]]?.rounds} with it on, alternately, in`,
    'one collector (the median of each). On, each batch also writes an outbox row in its transaction,',
    'which the worker turns into one delivery per answer; the receiver is down meanwhile, so what is',
    'measured is that write and that step (on the embedded store, in the same thread as ingest).',
    `Then the worker sends ${n(webhooks[stores[0]]?.deliveries ?? 0)} of those deliveries to a local receiver that answers 204 at once`,
    '(signed, in order per survey, each attempt recorded before the next of its survey goes).',
    '',
    ...head(['store', 'answers/s, webhook off', 'answers/s, webhook on', 'outbox cost', 'deliveries/s']),
    ...stores.map((s) => `| ${name[s]} | ${n(webhooks[s].ingestOff.responsesPerSecond)} | ${n(webhooks[s].ingestOn.responsesPerSecond)} | ${webhooks[s].outboxCostPercent}% | ${n(webhooks[s].deliveriesPerSecond)} |`),
    '',
    'The outbox write must stay under 20% of ingest throughput. The worker sends one delivery per',
    'survey at a time (to keep their order) and up to four per webhook.',
    '',
    `### Reads over ${n(reads.rows)} answers`,
    '',
    `${n(reads.rows)} answers seeded with set-based SQL (\`generate_series\`): eight touchpoints over every`,
    `type, scale and stage, spread over the last 365 days, one in ten with a comment. Median of ${reads.runs}`,
    'requests after one untimed, HTTP round trip included:',
    '',
    ...head(['request', ...stores.map((s) => name[s])]),
    ...Object.keys(reads[stores[0]] ?? {}).map((r) => `| ${r}: \`GET ${reads[stores[0]][r].path}\` | ${stores.map((s) => ms(reads[s][r].medianMs)).join(' | ')} |`),
    '',
    'The dashboard makes four stats requests and one comments request per view, in parallel.',
    '',
    'Why they are fast:',
    '',
    '- Stats over whole days (the dashboard\'s, and any request whose `from`/`to` are dates) read',
    '  `answer_counts`, the answers per day, survey, touchpoint, stage and score that triggers keep',
    '  exact as answers come in: their cost follows days × touchpoints × scores, not answers. The',
    '  row "from the answers" shows the cost without them (a `from` with a time of day).',
    '- The latest comments come from partial indexes that hold only the answers with a comment,',
    '  ordered by (answered_at, id), with or without a survey or touchpoint first.',
    '- The CSV export pages through the (answered_at, id) index, 5,000 answers at a time, and',
    '  streams; its memory does not grow with the number of answers.',
    '',
    'Seeding the answers (through the counting triggers and seven indexes, three of them partial)',
    `took ${stores.map((s) => `${reads[`${s}SeedSeconds`]} s on ${name[s]}`).join(' and ')}.`,
    '',
  ]
}
