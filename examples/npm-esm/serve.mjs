// Serves this page and the packages it imports from node_modules (see the import map).
// Usage: node serve.mjs [collector origin], e.g. node serve.mjs http://127.0.0.1:8787
// (build first: npm run build; PORT chooses the page's port)
import { realpathSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { serveStatic } from '../serve.mjs'

const here = (path) => fileURLToPath(new URL(path, import.meta.url))
// pnpm links packages into node_modules; each one's own dependencies sit beside it.
const modules = (name) => realpathSync(here(`node_modules/${name}`))
const browser = modules('@touchpoint/browser')
const beside = (name) => realpathSync(`${browser}/node_modules/${name}`)

/** Starts the example; `collector` is the collector's origin. */
export function serveNpmEsm({ port = 8081, collector = 'http://127.0.0.1:8787' } = {}) {
  return serveStatic({
    mounts: {
      '/node_modules/@touchpoint/browser/': browser,
      '/node_modules/@touchpoint/core/': beside('@touchpoint/core'),
      '/node_modules/@touchpoint/widget/': beside('@touchpoint/widget'),
      '/node_modules/preact/': realpathSync(`${beside('@touchpoint/widget')}/node_modules/preact`),
      '/node_modules/idb-keyval/': beside('idb-keyval'),
      '/node_modules/ky/': beside('ky'),
      '/': here('.'),
    },
    vars: { COLLECTOR: collector },
    port,
  })
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const collector = process.argv[2] ?? 'http://127.0.0.1:8787'
  const s = await serveNpmEsm({ port: Number(process.env.PORT ?? 8081), collector })
  console.log(`npm-esm example: ${s.url}/ (answers go to ${collector}/v1/responses)`)
}
