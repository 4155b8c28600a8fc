// What the README's commands need on a fresh machine, installed on first use with a clear
// message: the pinned pnpm (from the npm registry), the workspace's dependencies, Debian's
// Chromium for the browser tests, Debian's PostgreSQL for the collector's tests. Everything
// here is idempotent and quick when already done.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const pinned = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager // "pnpm@x.y.z"

/**
 * Whether to write colour codes to `stream`: only to a terminal, and never when NO_COLOR is set
 * to anything but "" (https://no-color.org); a log file or a CI capture gets plain text.
 */
export function colours(stream = process.stdout, env = process.env) {
  return Boolean(stream.isTTY) && !env.NO_COLOR && env.TERM !== 'dumb'
}

export function say(message) {
  console.log(colours() ? `\x1b[1m[touchpoint]\x1b[0m ${message}` : `[touchpoint] ${message}`)
}

/** Runs a command in the repo root, inheriting stdio; returns its exit code. */
export function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...options })
  if (r.error) throw r.error
  return r.status ?? 1
}

/** Exits with `code` when it is not 0, naming what failed. */
export function must(code, what) {
  if (code !== 0) {
    console.error(`[touchpoint] ${what} failed (exit ${code})`)
    process.exit(code)
  }
}

/** Runs pnpm at the pinned version (npx fetches it once from the npm registry). */
export function pnpm(args, options) {
  return run('npx', ['--yes', pinned, ...args], { ...options, env: { ...process.env, npm_config_update_notifier: 'false' } })
}

/** Installs the workspace's dependencies from the lock file when node_modules is missing or older than it. */
export function ensureDependencies() {
  const marker = join(root, 'node_modules', '.modules.yaml')
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(join(root, 'pnpm-lock.yaml')).mtimeMs) return
  say(`installing dependencies with ${pinned} (from the lock file)…`)
  must(pnpm(['install', '--frozen-lockfile']), 'pnpm install')
}

export const CHROMIUM = process.env.TOUCHPOINT_CHROMIUM ?? '/usr/bin/chromium'

/** Installs Debian's chromium package when it is missing (browser tests drive it with playwright-core). */
export function ensureChromium() {
  if (existsSync(CHROMIUM)) return
  aptInstall(['chromium'], 'Chromium is needed for the browser tests')
}

/**
 * Installs Debian's postgresql package when no PostgreSQL server binaries are found: the
 * collector's tests run the same suite on the embedded store and on a real server, which the
 * test harness starts on a loopback port (TOUCHPOINT_PG_BIN points elsewhere if you have one).
 */
export function ensurePostgres() {
  if (process.env.TOUCHPOINT_PG_BIN ? existsSync(join(process.env.TOUCHPOINT_PG_BIN, 'initdb')) : hasDebianPostgres()) return
  aptInstall(['postgresql'], 'PostgreSQL is needed for the collector tests')
}

function hasDebianPostgres() {
  const dir = '/usr/lib/postgresql'
  return existsSync(dir) && readdirSync(dir).some((v) => existsSync(join(dir, v, 'bin/initdb')))
}

/** Installs Debian packages, as root, with a message saying why. */
export function aptInstall(packages, why) {
  if (process.platform !== 'linux' || !existsSync('/usr/bin/apt-get')) {
    console.error(`[touchpoint] ${why}, but this is not a Debian-like system: install ${packages.join(', ')} yourself.`)
    process.exit(1)
  }
  const sudo = process.getuid?.() === 0 ? [] : ['sudo']
  say(`${why}: installing Debian packages ${packages.join(', ')} (apt-get)…`)
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  const [cmd, ...pre] = [...sudo, 'apt-get']
  must(run(cmd, [...pre, 'update', '-qq'], { env }), 'apt-get update')
  must(run(cmd, [...pre, 'install', '-y', '-qq', '--no-install-recommends', ...packages], { env }), 'apt-get install')
}

/** Builds every package with Rollup, from clean dist folders (no stale chunk survives a rebuild). */
export function build() {
  for (const p of readdirSync(join(root, 'packages'))) rmSync(join(root, 'packages', p, 'dist'), { recursive: true, force: true })
  must(pnpm(['exec', 'rollup', '-c', '--silent']), 'the build')
}
