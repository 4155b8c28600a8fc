// Serves the storefront and the built SDK (under /touchpoint/). HTML pages get the collector's
// address filled in where they say %COLLECTOR%, so that the demo and the tests can run the
// collector on any port.
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs'
import { createServer } from 'node:http'
import { extname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = fileURLToPath(new URL('.', import.meta.url))
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
}

/**
 * Starts the storefront on `port` (0 picks one). `collector` is the collector's origin, e.g.
 * `http://127.0.0.1:8787`. `sdkDir` defaults to the built script-tag bundle.
 */
export async function serveStorefront({ port = 8080, host = '127.0.0.1', collector, sdkDir = join(here, '../../packages/browser/dist') } = {}) {
  const roots = [
    ['/touchpoint/', sdkDir],
    ['/', join(here, 'public')],
  ]
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    const [prefix, dir] = roots.find(([p]) => path.startsWith(p))
    let file = normalize(join(dir, path.slice(prefix.length)))
    if (!file.startsWith(dir)) return void res.writeHead(403).end()
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html')
    if (!existsSync(file)) return void res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found')
    const type = TYPES[extname(file)] ?? 'application/octet-stream'
    // No caching while developing: a rebuilt SDK shows up on the next reload.
    res.setHeader('Cache-Control', 'no-cache')
    if (type.startsWith('text/html')) {
      return void res.writeHead(200, { 'Content-Type': type }).end(readFileSync(file, 'utf8').replaceAll('%COLLECTOR%', collector))
    }
    res.writeHead(200, { 'Content-Type': type })
    createReadStream(file).pipe(res)
  })
  await new Promise((resolve) => server.listen(port, host, resolve))
  const url = `http://${host}:${server.address().port}`
  return { url, server, close: () => new Promise((r) => (server.closeAllConnections(), server.close(r))) }
}
