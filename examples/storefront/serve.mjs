// Serves the storefront and the built SDK (under /touchpoint/). Pages say %COLLECTOR% where the
// collector's address goes, so that the demo and the tests can run it on any port.
import { fileURLToPath } from 'node:url'
import { serveStatic } from '../serve.mjs'

const here = (path) => fileURLToPath(new URL(path, import.meta.url))

/** Starts the storefront on `port` (0 picks one); `collector` is the collector's origin, e.g. `http://127.0.0.1:8787`. */
export function serveStorefront({ port = 8080, host = '127.0.0.1', collector, sdkDir = here('../../packages/browser/dist') } = {}) {
  return serveStatic({ mounts: { '/touchpoint/': sdkDir, '/': here('public') }, vars: { COLLECTOR: collector }, port, host })
}
