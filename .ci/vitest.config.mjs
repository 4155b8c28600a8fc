// One Vitest run for the whole workspace: unit tests per package (happy-dom where a DOM is
// needed) and the end-to-end tests that drive Debian's Chromium through playwright-core.
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const root = fileURLToPath(new URL('..', import.meta.url))
const src = (name) => fileURLToPath(new URL(`../packages/${name}/src/index.ts`, import.meta.url))
const resolve = {
  alias: {
    '@touchpoint/core': src('core'),
    '@touchpoint/widget': src('widget'),
    '@touchpoint/browser': src('browser'),
    '@touchpoint/collector': src('collector'),
  },
}
// TOUCHPOINT_TEST_NOW=<ISO instant> runs every test with the clock moved there (docs/development.md).
const clock = process.env.TOUCHPOINT_TEST_NOW ? ['.ci/test-clock.mjs'] : []
// Under a moved clock the webhook tests are left out: they compare the collector's clock with
// PostgreSQL's and with a receiver process's, which keep the real time (docs/development.md).
const unmovable = clock.length ? ['packages/collector/test/webhooks/**'] : []
// expect.poll waits up to 10 s, not 1: what these tests wait for crosses processes (Chromium,
// databases, servers), slower on a busy machine; a poll that holds returns at once.
const POLL = { poll: { timeout: 10_000 } }
const unit = (name, environment, { setupFiles = [], ...extra } = {}) => ({
  resolve,
  test: {
    name,
    environment,
    include: [`packages/${name}/test/**/*.test.{ts,tsx}`],
    exclude: [`packages/${name}/test/e2e/**`, `packages/${name}/test/load/**`, ...unmovable],
    setupFiles: [...clock, ...setupFiles],
    ...extra,
  },
})

export default defineConfig({
  test: {
    root,
    // A file per core. Vitest's default leaves one core to itself (a single worker on a 2-core
    // machine), but the end-to-end files spend most of their time waiting on Chromium, servers
    // and databases in other processes, which a second file's work fills.
    maxWorkers: availableParallelism(),
    projects: [
      unit('core', 'node'),
      unit('widget', 'happy-dom'),
      unit('browser', 'happy-dom', { setupFiles: ['packages/browser/test/setup.ts'] }),
      // Once per run: a throwaway PostgreSQL server and an embedded database template. The
      // collector's test files share their modules (isolate: false), which halves the CPU time
      // of the project: each file would otherwise load PGlite's WebAssembly again. They keep no
      // module state of their own; each opens its own databases and servers.
      unit('collector', 'node', {
        isolate: false,
        testTimeout: 30_000,
        hookTimeout: 30_000,
        expect: POLL,
        globalSetup: ['packages/collector/test/harness/global-setup.ts'],
      }),
      {
        resolve,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['packages/*/test/e2e/**/*.test.ts'],
          globalSetup: ['packages/browser/test/e2e/harness/global-setup.ts'],
          setupFiles: clock,
          testTimeout: 60_000,
          hookTimeout: 60_000,
          expect: POLL,
        },
      },
      // Load tests (a flood against the built collector, timed): alone, once every other
      // project has finished, so that nothing else competes for the CPU they measure.
      {
        resolve,
        test: {
          name: 'load',
          environment: 'node',
          include: ['packages/*/test/load/**/*.test.ts'],
          globalSetup: ['packages/browser/test/e2e/harness/global-setup.ts'],
          sequence: { groupOrder: 1 },
          maxWorkers: 1,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
})
