// Attributes each minified chunk's bytes to its source modules (via source maps), and the gzip
// cost of each module as the chunk's gzip minus the chunk's gzip without that module's bytes.
import { rollup } from 'rollup'
import config from './rollup.config.mjs'
import { gzipSync } from 'node:zlib'
import { createRequire } from 'node:module'
const require = createRequire(import.meta.url + '/../node_modules/.pnpm/source-map-js@1.2.4/node_modules/source-map-js/')
const { SourceMapConsumer } = require('/work/wt/perf/node_modules/.pnpm/source-map-js@1.2.4/node_modules/source-map-js/source-map.js')
const c = config[3]
const b = await rollup({ input: c.input, plugins: c.plugins.filter((p) => p.name !== 'touchpoint-manifest'), preserveEntrySignatures: c.preserveEntrySignatures })
const { output } = await b.generate({ ...c.output, sourcemap: true })
const gz = (s) => gzipSync(s, { level: 9 }).length
for (const ch of output) {
  if (ch.type !== 'chunk' || !/widget|delivery|runtime/.test(ch.fileName)) continue
  const smc = new SourceMapConsumer(ch.map)
  const lines = ch.code.split('\n')
  const owner = lines.map((l) => new Array(l.length).fill(null))
  const maps = []
  smc.eachMapping((m) => maps.push(m))
  maps.sort((a, b) => a.generatedLine - b.generatedLine || a.generatedColumn - b.generatedColumn)
  for (let i = 0; i < maps.length; i++) {
    const m = maps[i], n = maps[i + 1]
    const end = n && n.generatedLine === m.generatedLine ? n.generatedColumn : lines[m.generatedLine - 1].length
    for (let k = m.generatedColumn; k < end; k++) owner[m.generatedLine - 1][k] = (m.source || '?').replace(/.*node_modules\//, '').replace(/.*packages\//, '')
  }
  const flat = owner.flat()
  const code = lines.join('\n').replaceAll('\n', '')
  const total = gz(code)
  const by = {}
  flat.forEach((o, i) => ((by[o] ??= []).push(i)))
  console.log(ch.fileName, code.length, total)
  const rows = Object.entries(by).map(([o, idx]) => {
    const s = new Set(idx)
    const without = [...code].filter((_, i) => !s.has(i)).join('')
    return [o, idx.length, total - gz(without)]
  }).sort((a, b) => b[2] - a[2])
  for (const r of rows) console.log('   ', String(r[1]).padStart(6), String(r[2]).padStart(6), r[0])
}
