// The examples' tiny static server. `mounts` map URL prefixes to folders. In .html files,
// `<!-- include: part.html -->` is replaced by that file of the same folder (pages share their
// header without a build step), and %NAME% placeholders are filled from `vars` (e.g. the
// collector's address, which tests and the demo choose at run time).
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs'
import { createServer } from 'node:http'
import { dirname, extname, join, normalize } from 'node:path'

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
}

/** Serves `mounts` ({ '/prefix/': dir }, longest prefix first) on `host:port` (0: any free port). */
export async function serveStatic({ mounts, vars = {}, port = 0, host = '127.0.0.1' }) {
  const roots = Object.entries(mounts).sort(([a], [b]) => b.length - a.length)
  const fill = (html, dir) =>
    html
      .replace(/<!-- include: ([\w.-]+) -->/g, (_, part) => readFileSync(join(dir, part), 'utf8').trimEnd())
      .replace(/%([A-Z_]+)%/g, (m, k) => vars[k] ?? m)
  const serve = (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain' }).end('method not allowed')
    let path
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    } catch {
      return void res.writeHead(400, { 'Content-Type': 'text/plain' }).end('bad request: the path is not valid percent-encoding')
    }
    const [prefix, dir] = roots.find(([p]) => path.startsWith(p)) ?? []
    if (!dir) return void res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found')
    let file = normalize(join(dir, path.slice(prefix.length)))
    if (!file.startsWith(normalize(dir))) return void res.writeHead(403).end()
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html')
    if (!existsSync(file)) return void res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found')
    const type = TYPES[extname(file)] ?? 'application/octet-stream'
    // No caching while developing: a rebuilt SDK shows up on the next reload.
    res.setHeader('Cache-Control', 'no-cache')
    // Built before the head is written: a page that cannot be built is still answered (500).
    if (type.startsWith('text/html')) {
      const html = fill(readFileSync(file, 'utf8'), dirname(file))
      return void res.writeHead(200, { 'Content-Type': type }).end(html)
    }
    res.writeHead(200, { 'Content-Type': type })
    createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res)
  }
  // No request can stop the server: what is not answered above is a 500 for that request only.
  const server = createServer((req, res) => {
    try {
      serve(req, res)
    } catch (e) {
      // The path only: a query or a hash may carry what a visitor typed.
      console.error(`could not serve ${req.url?.replace(/[?#].*/s, '')}:`, e)
      if (res.headersSent) res.destroy()
      else res.writeHead(500, { 'Content-Type': 'text/plain' }).end('internal error')
    }
  })
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, resolve)
  })
  return {
    url: `http://${host}:${server.address().port}`,
    server,
    close: () => new Promise((r) => (server.closeAllConnections(), server.close(r))),
  }
}
