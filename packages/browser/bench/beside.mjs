// Touchpoint beside posthog-js (issue 16): the same page, each SDK loading alone on it, in the
// same Chromium and the same run. What is measured for each: the main thread's script time
// from navigation until the SDK is ready and the network has been quiet for 500 ms, and the
// JavaScript the page downloaded (each file gzipped on its own, as it would travel).
//
// Nothing leaves the machine: posthog-js (a devDependency of the workspace, used only here) is
// served from its npm package on loopback, its api_host is this loopback server, which answers
// its flags, config and survey requests with "nothing to show", and every request to another
// host is aborted by a Playwright route and counted.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, extname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { startCollector } from '@touchpoint/collector'
import { median, page } from './harness.mjs'

const dist = fileURLToPath(new URL('../dist', import.meta.url))
const require = createRequire(join(fileURLToPath(new URL('../../..', import.meta.url)), 'package.json'))
const posthogPackage = JSON.parse(readFileSync(require.resolve('posthog-js/package.json'), 'utf8'))
const posthogDist = join(dirname(require.resolve('posthog-js/package.json')), 'dist')

// The same content as the other page benchmarks, with nothing to show.
const BODY = `<main style="font: 16px/1.5 system-ui; max-width: 40rem; margin: 2rem auto">
  ${'<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit. Integer nec odio praesent libero.</p>'.repeat(30)}
</main>`

// The config as a site gets it in the setup the docs describe: published on the reference
// collector (here started in this process, on an embedded database in memory), which serves it
// at /v1/config with the header that says it checked it.
const CONFIG = { surveys: [{ id: 'bench', type: 'nps', triggers: [{ on: 'event', event: 'never' }] }] }
const touchpointPage = (collector) =>
  page(
    { collector: `${collector}/v1/responses`, config: `${collector}/v1/config` },
    `${BODY}<script>touchpoint('on', 'ready', () => (window.benchReady = true))</script>`,
  )

// array.js (PostHog's script-tag bundle: the SDK) and surveys.js (its surveys extension, which
// PostHog would otherwise fetch after its remote config), with PostHog's defaults otherwise.
const POSTHOG = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title>
<script src="/ph/static/array.js"></script>
<script src="/ph/static/surveys.js"></script>
<script>posthog.init('phc_bench', { api_host: location.origin + '/ph', loaded: () => (window.benchReady = true) })</script>
</head><body>${BODY}</body></html>`

/** What the loopback PostHog answers: no flags, no session recording, no surveys. */
function posthogApi(path) {
  if (/^\/(flags|decide)\b/.test(path)) {
    return { featureFlags: {}, featureFlagPayloads: {}, errorsWhileComputingFlags: false, surveys: true, sessionRecording: false, supportedCompression: ['gzip', 'gzip-js'] }
  }
  if (/^\/api\/surveys\b/.test(path)) return { surveys: [] }
  if (/^\/array\/[^/]+\/config$/.test(path)) return { surveys: true, sessionRecording: false, supportedCompression: ['gzip', 'gzip-js'] }
  return { status: 1 }
}

async function serveBoth() {
  const dir = mkdtempSync(join(tmpdir(), 'touchpoint-beside-'))
  writeFileSync(join(dir, 'touchpoint.json'), JSON.stringify(CONFIG))
  const collector = await startCollector({ port: 0, host: '127.0.0.1', configFile: join(dir, 'touchpoint.json'), ratePerMinute: 0, answersPerMinute: 0, bytesPerMinute: 0 })
  const TOUCHPOINT = touchpointPage(collector.url)
  const requests = []
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname
    for await (const _ of req);
    requests.push(path)
    const js = (file) => {
      if (!existsSync(file)) return void res.writeHead(404).end()
      res.writeHead(200, { 'Content-Type': 'text/javascript', 'Cache-Control': 'max-age=3600' }).end(readFileSync(file))
    }
    if (path === '/touchpoint' || path === '/posthog') return void res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(path === '/touchpoint' ? TOUCHPOINT : POSTHOG)
    if (path.startsWith('/touchpoint/')) return js(normalize(join(dist, path.slice(12))))
    if (path.startsWith('/ph/static/')) return js(normalize(join(posthogDist, path.slice(11).replace(/^[\d.]+\//, ''))))
    if (path === '/ph/array/phc_bench/config.js') return void res.writeHead(200, { 'Content-Type': 'text/javascript' }).end('')
    if (path.startsWith('/ph/')) return void res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(posthogApi(path.slice(3))))
    res.writeHead(404).end()
  })
  await new Promise((r) => server.listen(0, '127.0.0.1', r))
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    close: async () => {
      await new Promise((r) => (server.closeAllConnections(), server.close(r)))
      await collector.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

const gzipped = new Map()
/** The gzip size of a served script, from the file the server sent. */
function gzipSize(path) {
  const file = path.startsWith('/touchpoint/') ? join(dist, path.slice(12)) : join(posthogDist, path.slice(11).replace(/^[\d.]+\//, ''))
  if (!gzipped.has(file)) gzipped.set(file, existsSync(file) ? gzipSync(readFileSync(file), { level: 9 }).length : 0)
  return gzipped.get(file)
}

/** One page load: script time until ready and quiet, and the scripts it downloaded. */
async function load(context, url) {
  const p = await context.newPage()
  const cdp = await context.newCDPSession(p)
  await cdp.send('Performance.enable')
  const scripts = []
  p.on('response', (r) => {
    const path = new URL(r.url()).pathname
    if (r.request().resourceType() === 'script' && new URL(r.url()).hostname === '127.0.0.1') scripts.push(path)
  })
  await p.goto(url)
  await p.waitForFunction(() => window.benchReady === true, null, { timeout: 30_000 })
  await p.waitForLoadState('networkidle')
  const { metrics } = await cdp.send('Performance.getMetrics')
  const ms = metrics.find((m) => m.name === 'ScriptDuration').value * 1000
  await p.close()
  return { ms, scripts: [...new Set(scripts)] }
}

/**
 * `runs` fresh contexts per SDK, alternating: a first visit, then a returning visit (scripts
 * from the HTTP cache, state kept). Resolves with the medians and the bytes of each page.
 */
export async function benchBeside({ browser, runs = 15, log }) {
  const site = await serveBoth()
  let blocked = 0
  const figures = { touchpoint: { first: [], returning: [], scripts: {} }, posthog: { first: [], returning: [], scripts: {} } }
  try {
    for (let i = 0; i < runs; i++) {
      for (const sdk of i % 2 ? ['posthog', 'touchpoint'] : ['touchpoint', 'posthog']) {
        const context = await browser.newContext()
        // The page under test never reaches the internet: anything not on loopback is aborted.
        await context.route(/^(?!http:\/\/127\.0\.0\.1[:/])/, (route) => (blocked++, route.abort()))
        for (const visit of ['first', 'returning']) {
          const r = await load(context, `${site.url}/${sdk}`)
          figures[sdk][visit].push(r.ms)
          figures[sdk].scripts[visit] ??= r.scripts
        }
        await context.close()
      }
    }
  } finally {
    await site.close()
  }
  const out = { runs, blocked, posthogVersion: posthogPackage.version, requests: [...new Set(site.requests)] }
  for (const sdk of ['touchpoint', 'posthog']) {
    const f = figures[sdk]
    const bytes = (visit) => f.scripts[visit].reduce((n, s) => n + gzipSize(s), 0)
    out[sdk] = {
      firstMs: median(f.first),
      returningMs: median(f.returning),
      firstBytes: bytes('first'),
      returningBytes: bytes('returning'),
      scripts: f.scripts.first.map((s) => s.split('/').pop()),
    }
  }
  return out
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { launch } = await import('./harness.mjs')
  const browser = await launch()
  console.log(JSON.stringify(await benchBeside({ browser, runs: Number(process.argv[2] ?? 15) }), null, 2))
  await browser.close()
}
