// One Rollup config for the workspace. Configs run in order: each npm package is built
// (ESM + .d.ts) before the packages that import it, then the script-tag bundle and the collector.
import { writeFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { relative, resolve } from 'node:path'
import nodeResolve from '@rollup/plugin-node-resolve'
import terser from '@rollup/plugin-terser'
import typescript from '@rollup/plugin-typescript'
import { dashboardPage } from './packages/collector/build/dashboard-page.mjs'

const pkg = (name) => `packages/${name}`

/**
 * TypeScript for one package, declarations into `outDir` (relative to the package). npm builds
 * resolve workspace imports to the built packages; `sources` builds compile them from source
 * (the base config's paths), so that Rollup sees each module and splits chunks finely.
 */
const ts = (name, outDir = 'dist', { declarations = true, sources = false } = {}) =>
  typescript({
    tsconfig: `${pkg(name)}/tsconfig.json`,
    include: sources ? ['packages/*/src/**/*'] : [`${pkg(name)}/src/**/*`],
    filterRoot: '.',
    compilerOptions: {
      outDir: resolve(pkg(name), outDir),
      declaration: declarations,
      declarationDir: declarations ? resolve(pkg(name), outDir) : undefined,
      ...(sources ? { rootDir: resolve('packages') } : { paths: {} }),
    },
    noEmitOnError: true,
  })

const minify = terser({
  ecma: 2020,
  module: true,
  compress: { passes: 3, pure_getters: true, unsafe_arrows: true },
  format: { comments: false },
})

/**
 * Lists the chunks of the script-tag bundle with their static and lazy imports and the rendered
 * (pre-minification) length of each module in them, for the size report.
 */
const manifest = (file) => ({
  name: 'touchpoint-manifest',
  generateBundle(_, bundle) {
    const chunks = {}
    for (const c of Object.values(bundle)) {
      if (c.type !== 'chunk') continue
      const modules = Object.fromEntries(
        Object.entries(c.modules)
          .filter(([, m]) => m.renderedLength)
          .map(([id, m]) => [relative(process.cwd(), id).replace(/^.*node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?/, ''), m.renderedLength]),
      )
      chunks[c.fileName] = { name: c.name, imports: c.imports, dynamicImports: c.dynamicImports, modules }
    }
    writeFileSync(file, JSON.stringify(chunks, null, 2) + '\n')
  },
})

const npmPackage = (name, input, external, outDir = 'dist') => ({
  input,
  external,
  plugins: [ts(name, outDir)],
  output: { dir: `${pkg(name)}/${outDir}`, format: 'es', chunkFileNames: '[name]-[hash].js' },
})

/**
 * Lazy chunks are named after what they hold: `touchpoint-widget-…` (Rollup would name it after
 * the widget's index.ts), one `touchpoint-locale-<lang>-…` per language of the prompts, and the
 * rest after their entry (`delivery`, `check`, `migrate`). Paths are taken relative to the repo, so that a
 * checkout under a folder called "widget" does not name every chunk "widget".
 */
const lazyChunkName = (c) => {
  const ids = c.moduleIds.map((id) => relative(process.cwd(), id).replaceAll('\\', '/'))
  const locale = /^packages\/widget\/src\/locales\/([\w-]+)\.ts$/.exec(ids.length === 1 ? ids[0] : '')
  // A chunk Rollup would call `index` is named after its index.ts's folder (delivery/index.ts → `delivery`).
  const entry = c.name === 'index' && ids.map((id) => /([\w-]+)\/index\.ts$/.exec(id)).find(Boolean)
  const name = locale ? `locale-${locale[1]}` : ids.some((id) => id.startsWith('packages/widget/')) ? 'widget' : entry ? entry[1] : c.name
  return `touchpoint-${name}-[hash].js`
}

const workspaceDeps = [/^@touchpoint\//, /^preact($|\/)/, 'idb-keyval', 'ky']

export default [
  npmPackage('core', { index: `${pkg('core')}/src/index.ts` }, []),
  npmPackage('widget', { index: `${pkg('widget')}/src/index.ts` }, workspaceDeps),
  npmPackage('browser', { index: `${pkg('browser')}/src/index.ts` }, workspaceDeps, 'dist/esm'),

  // Script tag: ES chunks (runtime, widget, delivery; each dependency once), minified.
  {
    input: { 'touchpoint-runtime': `${pkg('browser')}/src/global.ts` },
    plugins: [
      nodeResolve({ browser: true }),
      ts('browser', 'dist', { declarations: false, sources: true }),
      minify,
      manifest(`${pkg('browser')}/dist/manifest.json`),
    ],
    // Lets the lazy chunks import what they share straight from the runtime (no facade chunk).
    preserveEntrySignatures: 'allow-extension',
    output: {
      dir: `${pkg('browser')}/dist`,
      format: 'es',
      entryFileNames: '[name].js',
      chunkFileNames: lazyChunkName,
    },
  },
  // touchpoint.js: a classic script (no import or export statement) that imports the runtime.
  {
    input: `${pkg('browser')}/src/loader.ts`,
    plugins: [ts('browser', 'dist', { declarations: false }), terser({ ecma: 2020, format: { comments: false } })],
    output: { file: `${pkg('browser')}/dist/touchpoint.js`, format: 'es' },
  },

  // Collector: a Node package (library + CLI).
  {
    input: { index: `${pkg('collector')}/src/index.ts`, cli: `${pkg('collector')}/src/cli.ts` },
    external: [...builtinModules, /^node:/, /^@touchpoint\//, /^@electric-sql\//, 'pg'],
    plugins: [ts('collector')],
    output: {
      dir: `${pkg('collector')}/dist`,
      format: 'es',
      chunkFileNames: '[name]-[hash].js',
      banner: (chunk) => (chunk.name === 'cli' ? '#!/usr/bin/env node' : ''),
    },
  },
  // The collector's dashboard: a browser bundle (Preact), minified, served by the collector itself.
  {
    input: { dashboard: `${pkg('collector')}/src/dashboard/main.tsx` },
    plugins: [
      dashboardPage({ src: `${pkg('collector')}/src/dashboard`, out: `${pkg('collector')}/dist/dashboard` }),
      nodeResolve({ browser: true }),
      typescript({
        tsconfig: `${pkg('collector')}/src/dashboard/tsconfig.json`,
        // The studio's preview mounts the real prompt: the widget is compiled in from its sources too.
        include: [`${pkg('collector')}/src/dashboard/**/*`, `${pkg('core')}/src/**/*`, `${pkg('widget')}/src/**/*`],
        filterRoot: '.',
        compilerOptions: { outDir: resolve(pkg('collector'), 'dist/dashboard'), declaration: false, rootDir: resolve('packages') },
        noEmitOnError: true,
      }),
      minify,
    ],
    output: {
      dir: `${pkg('collector')}/dist/dashboard`,
      format: 'es',
      entryFileNames: '[name]-[hash].js',
      chunkFileNames: '[name]-[hash].js',
      assetFileNames: '[name]-[hash][extname]',
    },
  },
]
