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
 * (the base config's paths), so that Rollup sees each module and splits chunks finely. The
 * script-tag bundle targets ES2022: the browsers it supports (Chrome 103, Firefox 100, Safari 16,
 * docs/getting-started.md) all run class fields and `??=`, which are shorter than their ES2020
 * spelling (0.01 KB less gzip over the runtime, the UI chunk and the delivery chunk).
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
      ...(sources ? { rootDir: resolve('packages'), target: 'ES2022' } : { paths: {} }),
    },
    noEmitOnError: true,
  })

const terserOptions = {
  ecma: 2020,
  module: true,
  compress: { passes: 3, pure_getters: true, unsafe_arrows: true },
  format: { comments: false },
}
const minifySafe = terser(terserOptions)
/**
 * The delivery chunk also takes terser's `unsafe` rewrites: mostly `${a}b` → `a+"b"` and
 * `String(x)` → `x+""` (0.04 KB gzip less, most of it in ky). They differ from the original
 * only for a Symbol (which `+` refuses) and an object whose `valueOf` says something else than
 * its `toString`. That chunk turns only its own texts, the collector's JSON and caught errors
 * into strings, where neither occurs, and a throw there stays inside the delivery (reported,
 * retried). The other chunks do turn the page's values into strings (misuse messages), and
 * keep the safe rewrites.
 */
const minifyDelivery = terser({ ...terserOptions, compress: { ...terserOptions.compress, unsafe: true } })
const minify = {
  name: 'minify',
  renderChunk: (code, chunk, options) => (chunk.fileName.startsWith('touchpoint-delivery-') ? minifyDelivery : minifySafe).renderChunk(code, chunk, options),
}

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
  // Six characters of hash, hexadecimal (`hashCharacters` below): 24 bits, so a changed chunk
  // keeps its old name once in 16 million, and each import of a chunk names it. Rollup's eight
  // base-64 characters cost 0.01 KB gzip more in the runtime and the UI chunk; six base-64 ones,
  // about 5 bytes more in the runtime and 15 in the UI chunk than hexadecimal (measured).
  return `touchpoint-${name}-[hash:6].js`
}

/**
 * The UI chunk, named by hand so that the trimming code (outgoing.ts with fit.ts, redact.ts and
 * core's limits) rides in it: show.ts import()s that code while the prompt shows, and as a file
 * of its own it cost 0.15 KB more gzip than inside the UI chunk. The other modules are the ones
 * Rollup put in the UI chunk by itself (what only show.ts imports); with
 * `onlyExplicitManualChunks`, their imports do not follow them, so nothing moves out of the
 * always-loaded runtime, which the `runtime-imports-nothing` check below holds. The upgrade of
 * an older SDK's queue (delivery/migrate.ts, which imports outgoing.ts) fetches the UI chunk:
 * rare, and the price of a smaller prompt for every visitor.
 */
const UI_CHUNK =
  /\/packages\/(widget\/src\/(?!locales\/)|widget\/src\/locales\/en\.ts$|browser\/src\/(show|context|outgoing|fit|redact)\.ts$|core\/src\/(locale|scale|bucket|limits)\.ts$)|\/node_modules\/preact\//
const uiChunk = (id) => (UI_CHUNK.test(id.replaceAll('\\', '/')) ? 'widget' : undefined)

/** Fails the build when the runtime would import another chunk: everything it runs must be in it. */
const runtimeImportsNothing = {
  name: 'runtime-imports-nothing',
  generateBundle(_, bundle) {
    const imports = bundle['touchpoint-runtime.js']?.imports ?? []
    if (imports.length) this.error(`touchpoint-runtime.js imports ${imports.join(', ')}: a manual chunk took a module the runtime needs`)
  },
}

/**
 * Marks the runtime and the UI chunk for eager compilation (V8's `//# allFunctionsCalledOnLoad`,
 * Chromium 136 and later; other engines read a comment). What they hold runs on every page and
 * while a prompt is shown and answered, and Chromium streams both modules: their functions are
 * then compiled on a background thread while they download, instead of one by one on the main
 * thread when first called (at init, on the first `track()`, as the prompt first renders). The
 * line costs 0.02 KB gzip in each, paid for by six-character chunk hashes (see lazyChunkName).
 */
const compileHints = {
  name: 'compile-hints',
  renderChunk: (code, chunk) => (chunk.isEntry || chunk.name === 'widget' ? `//# allFunctionsCalledOnLoad\n${code}` : null),
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
      compileHints,
      manifest(`${pkg('browser')}/dist/manifest.json`),
      runtimeImportsNothing,
    ],
    // Lets the lazy chunks import what they share straight from the runtime (no facade chunk).
    preserveEntrySignatures: 'allow-extension',
    output: {
      dir: `${pkg('browser')}/dist`,
      format: 'es',
      entryFileNames: '[name].js',
      chunkFileNames: lazyChunkName,
      hashCharacters: 'hex',
      // Rollup's own glue (the namespace object of a module import()ed inside its chunk, the
      // wrapper of that import) as ES2015 arrows and consts, and not frozen: nothing writes to
      // it, and Object.freeze around it cost bytes in the UI chunk (0.01 KB gzip for both).
      freeze: false,
      generatedCode: { preset: 'es2015', symbols: false },
      manualChunks: uiChunk,
      onlyExplicitManualChunks: true,
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
        // The studio's preview mounts the real prompt: the widget is compiled in from its sources too;
        // the webhook form checks a score range by the collector's own rule.
        include: [`${pkg('collector')}/src/dashboard/**/*`, `${pkg('collector')}/src/webhooks/scores.ts`, `${pkg('collector')}/src/instant.ts`, `${pkg('collector')}/src/repeated-key.ts`, `${pkg('collector')}/src/quote.ts`, `${pkg('core')}/src/**/*`, `${pkg('widget')}/src/**/*`],
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
