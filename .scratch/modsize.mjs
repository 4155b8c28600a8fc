import { rollup } from 'rollup'
import { minify } from '/work/main/node_modules/.pnpm/node_modules/terser/dist/bundle.min.js'
import { gzipSync } from 'node:zlib'
import config from '/work/main/rollup.config.mjs'
const c = config[3]
const b = await rollup({ ...c, plugins: c.plugins.filter(p => p.name !== 'terser' && p.name !== 'touchpoint-manifest') })
const { output } = await b.generate({ ...c.output })
const rt = output.find(o => o.fileName === 'touchpoint-runtime.js' || o.name === 'touchpoint-runtime')
let rows = []
for (const [id, m] of Object.entries(rt.modules)) {
  if (!m.code) continue
  const min = (await minify(m.code, { module: false, toplevel: false, compress: { passes: 2 }, mangle: true })).code ?? ''
  rows.push([gzipSync(min, { level: 9 }).length, min.length, id.replace(/^.*\/(packages|node_modules)\//, '')])
}
rows.sort((a, b) => b[0] - a[0])
for (const r of rows) console.log(r.join('\t'))
console.log('sum gz', rows.reduce((s, r) => s + r[0], 0))
