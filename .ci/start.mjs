#!/usr/bin/env node
// `npm start`: the demo. Builds if needed, starts the reference collector on its embedded
// database (in .data/), serves the storefront, and prints where to go.
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { build, colours, ensureDependencies, root, say } from './setup.mjs'

/** Newest modification time under `path` (a file, or a folder and everything in it). */
function newest(path) {
  if (!existsSync(path)) return 0
  const s = statSync(path)
  if (!s.isDirectory()) return s.mtimeMs
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))))
}

/**
 * The newest of what the build reads: the packages' sources, manifests and build plugins, and
 * the build's own configuration. Tests, docs and examples are not built, so that an edited test
 * does not rebuild (and replace) the SDK and the collector under a test run.
 */
const sources = () =>
  Math.max(
    newest(join(root, 'rollup.config.mjs')),
    newest(join(root, 'tsconfig.base.json')),
    ...readdirSync(join(root, 'packages')).flatMap((p) => ['src', 'build', 'package.json', 'tsconfig.json'].map((f) => newest(join(root, 'packages', p, f)))),
  )

ensureDependencies()
const built = [join(root, 'packages/browser/dist/touchpoint.js'), join(root, 'packages/collector/dist/index.js')]
if (!built.every(existsSync) || sources() > Math.min(...built.map((f) => statSync(f).mtimeMs))) {
  say('building…')
  build()
}

const { privateWebhooksFromEnv, startCollector } = await import('../packages/collector/dist/index.js')
const { serveStorefront } = await import('../examples/storefront/serve.mjs')

/** Listens on `preferred`, or on any free port when it is taken. */
async function onPort(preferred, start) {
  try {
    return await start(preferred)
  } catch (e) {
    if (e.code !== 'EADDRINUSE') throw e
    say(`port ${preferred} is taken; using a free one`)
    return start(0)
  }
}

/** What the person starting the demo can fix, in one line on stderr; exit code 2. */
function quit(message) {
  console.error(`${colours(process.stderr) ? '\x1b[1m[touchpoint]\x1b[0m' : '[touchpoint]'} ${message}`)
  process.exit(2)
}

const shopPort = Number(process.env.SHOP_PORT ?? 8080)
// TOUCHPOINT_DEMO_DATA_DIR: another place for the demo's database (the tests use one of their own).
const dataDir = process.env.TOUCHPOINT_DEMO_DATA_DIR || join(root, '.data/collector')
// TOUCHPOINT_ALLOW_PRIVATE_WEBHOOKS=1, as for touchpoint-collector: webhooks may go to a receiver
// on this machine or network, over plain http too (examples/webhook-receiver).
let privateHooks
try {
  privateHooks = privateWebhooksFromEnv(process.env)
} catch (e) {
  quit(e.message)
}
if (!existsSync(dataDir)) say('first start: creating the embedded database (a few seconds)…')
let collector
try {
  collector = await onPort(Number(process.env.COLLECTOR_PORT ?? 8787), (port) =>
    startCollector({
      port,
      dataDir,
      // The demo's surveys live in the database, where the dashboard's Surveys view edits them:
      // the file is only the first version of a new database, so that edits survive a restart
      // (--config would publish the file again at each start). rm -r .data starts afresh.
      seedConfigFile: join(root, 'examples/storefront/touchpoint.json'),
      // The shop's origin is only known once it listens. '*' lets any page send answers; reading
      // stats stays with the collector's own dashboard.
      allowedOrigins: '*',
      allowPrivateWebhooks: privateHooks,
    }),
  )
} catch (e) {
  // What the person starting the demo can fix (another demo running on .data, a full disk): one line.
  if (e?.name !== 'StartupError') throw e
  quit(`cannot start the collector: ${e.message}`)
}
const shop = await onPort(shopPort, (port) => serveStorefront({ port, collector: collector.url }))

say(`storefront:  ${shop.url}/`)
say(`dashboard:   ${collector.url}/`)
say(`surveys:     ${collector.url}/#/surveys (edit, preview and publish the demo's surveys)`)
say(`collector:   ${collector.url}/v1/responses (embedded database in ${dataDir.startsWith(root + sep) ? relative(root, dataDir) : dataDir})`)
if (privateHooks) say('webhooks may reach this machine and private addresses, over plain http too')
say('Stay on a product page, leave the cart, check out, or end a support chat: each asks its survey. Ctrl+C stops.')

let stopping
const stop = () =>
  (stopping ??= (async () => {
    await shop.close()
    await collector.close()
    process.exit(0)
  })())
process.once('SIGINT', stop)
process.once('SIGTERM', stop)
process.once('SIGHUP', stop)
// `npm start` runs this under `sh -c`, which does not pass on the SIGTERM npm forwards to it (a
// process manager stopping npm by its pid): the shell dies and this process would go on, the
// collector holding its port and its database. So the demo stops when its parent goes away.
const parent = process.ppid
setInterval(() => process.ppid !== parent && stop(), 250).unref()
