import { cliOptions, HELP } from './cli-options.js'
import { startCollector } from './start.js'
import { StartupError } from './startup-error.js'

function fail(e: unknown): never {
  if (e instanceof StartupError) console.error(`touchpoint-collector: ${e.message}\nRun touchpoint-collector --help for the options.`)
  else console.error('touchpoint-collector: could not start:', e)
  process.exit(e instanceof StartupError ? 2 : 1)
}

try {
  const cli = cliOptions(process.argv.slice(2), process.env)
  if (cli.help) {
    console.log(HELP)
    process.exit(0)
  }
  const { options: o, notes } = cli
  const c = await startCollector(o)
  const store = o.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded database in ${o.dataDir}`
  console.log(`touchpoint-collector listening on ${c.url} (${store})`)
  console.log(`  dashboard: ${c.url}/   answers: POST ${c.url}/v1/responses`)
  for (const n of notes) console.log(`  note: ${n}`)
  let stopping = false
  const stop = () => {
    if (stopping) return
    stopping = true
    c.close().then(
      () => process.exit(0),
      (e) => {
        console.error('touchpoint-collector: error while stopping:', e)
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
} catch (e) {
  fail(e)
}
