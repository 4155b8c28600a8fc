import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { extname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

/** A file of the built dashboard, kept in memory with its gzip encoding. */
export interface Asset {
  body: Buffer
  gzip: Buffer
  type: string
  /** Every file but index.html has a content hash in its name: cache it for good. */
  immutable: boolean
}

/**
 * Where the build puts the dashboard: `dist/dashboard` of this package. The path is the same
 * from `src/` (tests run the sources) and from `dist/` (the published build): both sit one
 * level below the package.
 */
export const DASHBOARD_DIR = fileURLToPath(new URL('../dist/dashboard/', import.meta.url))

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
}

/**
 * The dashboard's files by URL path: `/` for `index.html`, `/dashboard/<file>` for the rest.
 * `undefined` when the dashboard is not built. Only files directly in `dir` with a known type
 * are served, so no request path can reach anything else.
 */
export function loadDashboard(dir = DASHBOARD_DIR): Map<string, Asset> | undefined {
  if (!existsSync(join(dir, 'index.html'))) return
  const assets = new Map<string, Asset>()
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const type = TYPES[extname(e.name)]
    if (!e.isFile() || !type) continue
    const body = readFileSync(join(dir, e.name))
    const asset = { body, gzip: gzipSync(body, { level: 9 }), type, immutable: e.name !== 'index.html' }
    assets.set(e.name === 'index.html' ? '/' : `/dashboard/${e.name}`, asset)
  }
  return assets
}
