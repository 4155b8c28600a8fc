// Rollup plugin for the collector's dashboard: empties the output directory (asset names carry
// content hashes, so old builds would pile up and be served), emits the stylesheet (minified;
// dashboard.css, then the stylesheet of each page folder, such as webhooks/webhooks.css) and
// the favicon with hashed names, and writes index.html pointing at the built files.
// URLs are relative, so that the dashboard also works behind a proxy under a sub-path.
import { readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'

/** Comments out, whitespace collapsed: safe for plain CSS with no significant spaces in strings. */
export function minifyCss(css) {
  return css
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/ ?([{};,>]) ?/g, '$1')
    .replace(/;}/g, '}')
    .trim()
}

/** @param {{ src: string, out: string }} dirs the dashboard sources, the output directory */
export function dashboardPage({ src, out }) {
  let style
  let icon
  return {
    name: 'touchpoint-dashboard-page',
    buildStart() {
      rmSync(out, { recursive: true, force: true })
      const sheets = [
        'dashboard.css',
        ...readdirSync(src, { withFileTypes: true })
          .filter((e) => e.isDirectory())
          .flatMap((d) => readdirSync(join(src, d.name)).filter((f) => f.endsWith('.css')).map((f) => join(d.name, f)))
          .sort(),
      ]
      for (const f of [...sheets, 'icon.svg', 'index.html']) this.addWatchFile(join(src, f))
      const css = sheets.map((f) => readFileSync(join(src, f), 'utf8')).join('\n')
      style = this.emitFile({ type: 'asset', name: 'dashboard.css', source: minifyCss(css) })
      icon = this.emitFile({ type: 'asset', name: 'icon.svg', source: readFileSync(join(src, 'icon.svg')) })
    },
    generateBundle(_, bundle) {
      const entry = Object.values(bundle).find((c) => c.type === 'chunk' && c.isEntry)
      const html = readFileSync(join(src, 'index.html'), 'utf8')
        .replace('%SCRIPT%', `dashboard/${entry.fileName}`)
        .replace('%STYLE%', `dashboard/${this.getFileName(style)}`)
        .replace('%ICON%', `dashboard/${this.getFileName(icon)}`)
      this.emitFile({ type: 'asset', fileName: 'index.html', source: html })
    },
  }
}
