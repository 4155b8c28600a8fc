import { createReadStream, existsSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'

const dist = fileURLToPath(new URL('../../../dist', import.meta.url))

/** A page: its HTML, and response headers such as a Content-Security-Policy. */
export type Page = string | { html: string; headers?: Record<string, string> }

/**
 * A test site on 127.0.0.1 (port 0): the built SDK under `/touchpoint/`, and `pages` by path.
 * `pages` can change between requests (tests add pages as they go).
 */
export async function startSite(pages: Record<string, Page> = {}) {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    if (path.startsWith('/touchpoint/')) {
      const file = normalize(join(dist, path.slice('/touchpoint/'.length)))
      if (!file.startsWith(dist) || !existsSync(file)) return void res.writeHead(404).end()
      // As a CDN serves them: a page with an opaque origin (a sandboxed iframe) may load the chunks.
      res.writeHead(200, { 'Content-Type': extname(file) === '.js' ? 'text/javascript' : 'application/json', 'Access-Control-Allow-Origin': '*' })
      return void createReadStream(file).pipe(res)
    }
    const page = pages[path]
    if (page === undefined) return void res.writeHead(404).end('not found')
    const { html, headers = {} } = typeof page === 'string' ? { html: page } : page
    res.writeHead(200, { 'Content-Type': path.endsWith('.json') ? 'application/json' : 'text/html; charset=utf-8', ...headers })
    res.end(html)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url,
    pages,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  }
}

/**
 * A page that loads Touchpoint with the snippet of docs/getting-started.md: `init(options)`
 * before the script tag, then `body`. `options` as a string is script, written as it is: it may
 * hold what JSON cannot (a Proxy).
 */
export function snippetPage(options: Record<string, unknown> | string, body = '', head = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>test</title>
  ${head}
  <script>
    if (typeof window.touchpoint != 'function') window.touchpoint = function () {
      (window.touchpoint.q = window.touchpoint.q || []).push(arguments);
    };
    touchpoint('init', ${typeof options === 'string' ? options : JSON.stringify(options)});
  </script>
  <script async src="/touchpoint/touchpoint.js"></script>
</head>
<body>
${body}
</body>
</html>`
}
