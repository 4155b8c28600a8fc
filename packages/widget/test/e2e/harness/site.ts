import { existsSync, readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Envelope } from '@touchpoint/core'

/** The built script-tag bundle, as a customer would host it. */
const SDK = fileURLToPath(new URL('../../../../browser/dist/', import.meta.url))

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
}

/** A loopback web server for one test file: the SDK under `/sdk/`, pages added by the tests, and a collector. */
export interface Site {
  origin: string
  /** Serves `body` at `path` (its type from the extension), with extra response headers such as a CSP. Returns the URL. */
  add(path: string, body: string, headers?: Record<string, string>): string
  /** Envelopes POSTed to `/collect`, in order. */
  received: Envelope[]
  /** Paths of every GET, in order (to see which chunks a page downloaded). */
  requests: string[]
  close(): Promise<void>
}

/** Starts a {@link Site} on 127.0.0.1 and a free port. */
export async function serveSite(): Promise<Site> {
  const pages = new Map<string, { body: string; headers: Record<string, string> }>()
  const received: Envelope[] = []
  const requests: string[] = []
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    if (req.method === 'POST' && path === '/collect') {
      let body = ''
      req.setEncoding('utf8')
      req.on('data', (c: string) => (body += c))
      req.on('end', () => {
        received.push(JSON.parse(body) as Envelope)
        res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}')
      })
      return
    }
    requests.push(path)
    const page = pages.get(path)
    if (page) return void res.writeHead(200, { 'Content-Type': TYPES[extname(path)] ?? 'text/plain', ...page.headers }).end(page.body)
    const file = normalize(join(SDK, path.slice('/sdk/'.length)))
    if (path.startsWith('/sdk/') && file.startsWith(SDK) && existsSync(file)) {
      return void res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file))
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    origin,
    received,
    requests,
    add(path, body, headers = {}) {
      pages.set(path, { body, headers })
      return origin + path
    },
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  }
}
