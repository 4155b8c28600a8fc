import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { cliOptions, HELP } from './cli-options.js'
import { copyAnswers } from './copy-answers.js'
import { describeError, errorCode } from './db/database-error.js'
import { DataDirInUse } from './db/data-dir-lock.js'
import { migrate } from './db/migrations.js'
import { openPglite } from './db/pglite.js'
import { openPostgres } from './db/postgres.js'
import { startCollector } from './start.js'
import { StartupError } from './startup-error.js'

/** `--copy-from-data-dir`: the embedded store's answers into PostgreSQL, then exit. */
async function copy(dir: string, databaseUrl: string, databaseTimeoutMs?: number): Promise<never> {
  if (!existsSync(join(dir, 'PG_VERSION'))) throw new StartupError(`--copy-from-data-dir: there is no embedded database in ${dir}`)
  const from = await openPglite(dir).catch((e: unknown) => {
    if (!(e instanceof DataDirInUse)) throw e
    throw new StartupError(
      `--copy-from-data-dir: the embedded database in ${dir} is in use by a running collector${e.holder ? ` (${e.holder})` : ''}. ` +
        'Stop that collector first, then run the copy again; or copy from a copy of the directory made while its collector was stopped.',
    )
  })
  const to = await openPostgres(databaseUrl, undefined, databaseTimeoutMs).catch((e: Error) => {
    throw new StartupError(`cannot connect to PostgreSQL (DATABASE_URL): ${e.message}`)
  })
  await migrate(from)
  await migrate(to)
  const { copied, skipped, events } = await copyAnswers(from, to, {
    onProgress: (copied, skipped) => process.stdout.write(`\r  ${copied} copied, ${skipped} already there`),
  })
  await Promise.all([from.close(), to.close()])
  console.log(`\ntouchpoint-collector: copied ${copied} answers from ${dir} into PostgreSQL (${skipped} were already there), and ${events.copied} events (prompts shown and dismissed; ${events.skipped} were already there)`)
  process.exit(0)
}

/** One line for what the person starting it can fix (exit 2), and the help for a bad flag; a bug gets its stack (exit 1). */
function fail(e: unknown, { usage = false } = {}): never {
  if (e instanceof StartupError) console.error(`touchpoint-collector: ${e.message}${usage ? '\nRun touchpoint-collector --help for the options.' : ''}`)
  // A database's error prints its DETAIL (the rows of a failed copy): its code and message only.
  else console.error('touchpoint-collector: could not start:', errorCode(e) ? describeError(e) : e)
  process.exit(e instanceof StartupError ? 2 : 1)
}

let cli: ReturnType<typeof cliOptions>
try {
  cli = cliOptions(process.argv.slice(2), process.env)
} catch (e) {
  fail(e, { usage: true })
}

try {
  if (cli.help) {
    console.log(HELP)
    process.exit(0)
  }
  const { options: o, notes } = cli
  if (cli.copyFrom !== undefined) await copy(cli.copyFrom, o.databaseUrl!, o.databaseTimeoutMs)
  const c = await startCollector(o)
  const store = o.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded database in ${o.dataDir}`
  console.log(`touchpoint-collector listening on ${c.url} (${store})`)
  console.log(`  dashboard: ${c.url}/   answers: POST ${c.url}/v1/responses`)
  if (c.config) {
    const { file, version, created } = c.config
    const flag = o.configFile ? '--config' : '--seed-config'
    console.log(`  survey config: version ${version}${created ? ` published from ${file}` : `, as published before (${flag} ${file} ${o.configFile ? 'is the same' : 'is not used'})`}`)
  }
  for (const n of notes) console.log(`  note: ${n}`)
  let stopping = false
  const stop = () => {
    if (stopping) return
    stopping = true
    c.close().then(
      () => process.exit(0),
      (e) => {
        console.error(`touchpoint-collector: error while stopping: ${describeError(e)}`)
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
} catch (e) {
  fail(e)
}
