// Rollup plugin for the collector's dashboard: empties the output directory (asset names carry
// content hashes, so old builds would pile up and be served), emits the stylesheets (minified;
// the dashboard's with its pages' own, and the survey studio's, which loads with the studio)
// and the favicon with hashed names, and writes index.html pointing at the built files.
// URLs are relative, so that the dashboard also works behind a proxy under a sub-path.
import { readFileSync, rmSync } from 'node:fs'
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
  // The dashboard's stylesheet (with the webhooks page's), then the survey studio's, each emitted on its own.
  const sheets = [['dashboard.css', 'webhooks/webhooks.css'], ['studio/studio.css']]
  let styles
  let icon
  return {
    name: 'touchpoint-dashboard-page',
    buildStart() {
      rmSync(out, { recursive: true, force: true })
      for (const f of [...sheets.flat(), 'icon.svg', 'index.html']) this.addWatchFile(join(src, f))
      styles = sheets.map((files) =>
        this.emitFile({
          type: 'asset',
          name: files[0].split('/').at(-1),
          source: minifyCss(files.map((f) => readFileSync(join(src, f), 'utf8')).join('\n')),
        }),
      )
      icon = this.emitFile({ type: 'asset', name: 'icon.svg', source: readFileSync(join(src, 'icon.svg')) })
    },
    generateBundle(_, bundle) {
      const entry = Object.values(bundle).find((c) => c.type === 'chunk' && c.isEntry)
      const html = readFileSync(join(src, 'index.html'), 'utf8')
        .replace('%SCRIPT%', `dashboard/${entry.fileName}`)
        .replace('%STYLE%', `dashboard/${this.getFileName(styles[0])}`)
        .replace('%STUDIO_STYLE%', `dashboard/${this.getFileName(styles[1])}`)
        .replace('%ICON%', `dashboard/${this.getFileName(icon)}`)
      this.emitFile({ type: 'asset', fileName: 'index.html', source: html })
    },
  }
}
