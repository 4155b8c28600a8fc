// Shared by the browser benchmarks: Chromium through playwright-core, a page server for the
// built SDK, and a stub collector that answers 200 without storing.
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { createServer } from 'node:http'
import { extname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const dist = fileURLToPath(new URL('../dist', import.meta.url))
export const CHROMIUM = process.env.TOUCHPOINT_CHROMIUM ?? '/usr/bin/chromium'

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

export function launch() {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS })
}

/**
 * A Chromium whose profile is on disk (a temporary directory), where IndexedDB writes go to
 * files: a context from `launch()` is incognito and keeps IndexedDB in memory.
 */
export async function launchOnDisk() {
  const dir = mkdtempSync(join(tmpdir(), 'touchpoint-bench-'))
  const context = await chromium.launchPersistentContext(dir, { executablePath: CHROMIUM, args: ARGS })
  return { context, close: async () => (await context.close(), rmSync(dir, { recursive: true, force: true })) }
}

export const HINT = '//# allFunctionsCalledOnLoad\n'

/**
 * Serves `pages` (path → HTML) and the built SDK under /touchpoint/, on 127.0.0.1; and under
 * /touchpoint-unhinted/ the same files without the compile hint that starts the runtime and the
 * UI chunk.
 */
export async function serve(pages) {
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname
    const sdk = /^\/touchpoint(-unhinted)?\//.exec(path)
    if (sdk) {
      const file = normalize(join(dist, path.slice(sdk[0].length)))
      if (!file.startsWith(dist) || !existsSync(file)) return void res.writeHead(404).end()
      res.writeHead(200, { 'Content-Type': extname(file) === '.js' ? 'text/javascript' : 'application/json', 'Cache-Control': 'max-age=3600' })
      if (sdk[1]) {
        const text = readFileSync(file, 'utf8')
        return void res.end(text.startsWith(HINT) ? text.slice(HINT.length) : text)
      }
      return void createReadStream(file).pipe(res)
    }
    if (!(path in pages)) return void res.writeHead(404).end()
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(pages[path])
  })
  await new Promise((r) => server.listen(0, '127.0.0.1', r))
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => (server.closeAllConnections(), server.close(r))) }
}

/** A collector that accepts everything (200) and counts the answers it saw. */
export async function stubCollector() {
  let answers = 0
  const server = createServer(async (req, res) => {
    const headers = { 'Access-Control-Allow-Origin': req.headers.origin ?? '*', 'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? '*' }
    if (req.method === 'OPTIONS') return void res.writeHead(204, headers).end()
    let body = ''
    for await (const c of req) body += c
    answers += JSON.parse(body).responses.length
    res.writeHead(200, { ...headers, 'Content-Type': 'application/json' }).end('{"accepted":0,"duplicates":0,"rejected":[]}')
  })
  await new Promise((r) => server.listen(0, '127.0.0.1', r))
  return {
    url: `http://127.0.0.1:${server.address().port}/v1/responses`,
    get answers() {
      return answers
    },
    close: () => new Promise((r) => (server.closeAllConnections(), server.close(r))),
  }
}

/** A page with the snippet and `init(options)`, then `body`; the SDK from `sdk`. */
export function page(options, body = '', head = '', sdk = '/touchpoint/') {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title>${head}
<script>if(typeof window.touchpoint!='function')window.touchpoint=function(){(window.touchpoint.q=window.touchpoint.q||[]).push(arguments);};touchpoint('init',${JSON.stringify(options)})</script>
<script async src="${sdk}touchpoint.js"></script></head><body>${body}</body></html>`
}

/**
 * `waitForFunction`'s options for waits that overlap what is measured: checked every 10 ms.
 * Playwright's default checks on every animation frame, which keeps the page rendering frames
 * the whole time, so that a prompt waits for the next frame, as on a page that animates.
 */
export const QUIET = { polling: 10 }

export const median = (xs) => quantile(xs, 0.5)
export function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]
}
