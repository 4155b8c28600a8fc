#!/usr/bin/env node
// `node .ci/pnpm.mjs --filter @touchpoint/collector bench [-- options]`: runs the benchmark in
// bench.mjs and prints its figures as tables (or as JSON with --json).
//   --store pglite|postgres   one store only (default: both)
//   --rows N                  answers to seed for the reads (default 1000000)
//   --batches N               batches of 20 to post for the ingest figure (default 1000)
//   --reads-only              only the reads over the seeded answers (no ingest, no webhooks)
//   DATABASE_URL              an empty PostgreSQL database to use instead of a throwaway server
import { existsSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { benchCollector, storeName } from './bench.mjs'

// pnpm passes a `--` before the options through to the script: skip it.
const args = process.argv.slice(2)
const { values } = parseArgs({
  args: args[0] === '--' ? args.slice(1) : args,
  options: { store: { type: 'string' }, rows: { type: 'string' }, batches: { type: 'string' }, json: { type: 'boolean' }, 'reads-only': { type: 'boolean' } },
})
if (!existsSync(new URL('../dist/cli.js', import.meta.url))) {
  console.error('The collector is not built: run "npm run build" at the root first.')
  process.exit(1)
}
const figures = await benchCollector({
  ...(values.store && { stores: [values.store] }),
  ...(values.rows && { rows: Number(values.rows) }),
  ...(values.batches && { batches: Number(values.batches) }),
  databaseUrl: process.env.DATABASE_URL || undefined,
  readsOnly: values['reads-only'],
  log: (m) => console.error(`[bench] ${m}`),
})

if (values.json) {
  console.log(JSON.stringify(figures, null, 2))
} else {
  const { machine, ingest, reads } = figures
  const stores = ['pglite', 'postgres'].filter((s) => reads[s])
  const ingested = ['pglite', 'pgliteRam', 'postgres'].filter((s) => ingest[s] || reads[s])
  const name = Object.fromEntries(ingested.map((s) => [s, storeName(s, machine)]))
  const table = (head, lines) => {
    const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => String(l[i]).length)))
    const row = (cells) => `| ${cells.map((c, i) => (i ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i]))).join(' | ')} |`
    console.log([row(head), `|${widths.map((w, i) => (i ? ` ${'-'.repeat(w - 1)}: ` : ` ${'-'.repeat(w)} `)).join('|')}|`, ...lines.map(row)].join('\n'))
  }
  console.log(`\nMachine: ${machine.cpus} × ${machine.cpu}, Node ${machine.node}\n`)
  if (!values['reads-only']) console.log(`Ingest: ${ingest.batches} batches of ${ingest.batchSize} answers, ${ingest.concurrency} connections, loopback\n`)
  if (!values['reads-only']) table(['store', 'answers/s', 'batches/s', 'batch p50 ms', 'batch p95 ms'], ingested.map((s) => [name[s], ingest[s].responsesPerSecond, ingest[s].batchesPerSecond, ingest[s].batchP50Ms, ingest[s].batchP95Ms]))
  if (figures.hostile) {
    console.log('\nBodies of 1 MB nested half a million levels deep (median round trip of 15, ms)\n')
    table(['where', 'bytes', 'answered in ms', 'ms per KB'], Object.entries(figures.hostile).map(([where, h]) => [where, h.bytes, h.medianMs, where === 'record' ? h.msPerKB : '—']))
  }
  if (!values['reads-only']) console.log(`\nOne active webhook: ingest with it off and on (median of ${figures.webhooks[stores[0]]?.rounds} alternate rounds), the worker's deliveries to a local receiver\n`)
  if (!values['reads-only']) table(
    ['store', 'answers/s, webhook off', 'answers/s, webhook on', 'outbox cost %', 'deliveries/s'],
    stores.map((s) => [name[s], figures.webhooks[s].ingestOff.responsesPerSecond, figures.webhooks[s].ingestOn.responsesPerSecond, figures.webhooks[s].outboxCostPercent, figures.webhooks[s].deliveriesPerSecond]),
  )
  console.log(`\nReads over ${reads.rows.toLocaleString('en-US')} answers: median (best) of ${reads.runs} runs, ms, HTTP round trip included\n`)
  const names = Object.keys(reads[stores[0]] ?? {})
  table(['read', ...stores.map((s) => name[s])], names.map((n) => [n, ...stores.map((s) => `${reads[s][n].medianMs} (${reads[s][n].bestMs})`)]))
  console.log(`\nSeeding ${reads.rows.toLocaleString('en-US')} answers (set-based SQL): ${stores.map((s) => `${name[s]} ${reads[`${s}SeedSeconds`]} s`).join(', ')}`)
}
