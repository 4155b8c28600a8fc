// A throwaway PostgreSQL server for the tests and the benchmark: initdb into a temporary
// directory, the server on a free loopback port with its unix socket in that directory, and
// everything removed when it stops. Plain JavaScript so that the benchmark (run by Node without
// a build step) and the Vitest global setup share it.
import { execFileSync, spawn } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Where PostgreSQL's server binaries are: TOUCHPOINT_PG_BIN, else Debian's newest, else `pg_config --bindir`. */
export function postgresBin() {
  if (process.env.TOUCHPOINT_PG_BIN) return process.env.TOUCHPOINT_PG_BIN
  const debian = '/usr/lib/postgresql'
  if (existsSync(debian)) {
    const versions = readdirSync(debian).filter((v) => existsSync(join(debian, v, 'bin/initdb'))).sort((a, b) => Number(b) - Number(a))
    if (versions.length) return join(debian, versions[0], 'bin')
  }
  try {
    return execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim()
  } catch {
    throw new Error(
      'PostgreSQL is not installed (no initdb in /usr/lib/postgresql/*/bin nor pg_config on the PATH): ' +
        'run "npm test", which installs Debian\'s postgresql package, or set TOUCHPOINT_PG_BIN to its bin directory.',
    )
  }
}

/** A port that was free a moment ago (the server binds it next; a clash fails loudly, not silently). */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
  })
}

/** initdb refuses to run as root: as root, the server runs as the `postgres` system user. */
function runAs() {
  if (process.getuid?.() !== 0) return {}
  try {
    const id = (flag) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim())
    return { uid: id('-u'), gid: id('-g') }
  } catch {
    throw new Error('running as root, and there is no "postgres" system user to run PostgreSQL as (Debian\'s postgresql package creates it)')
  }
}

/**
 * Starts a PostgreSQL server of its own. `durable: false` (the tests) turns fsync off, which is
 * several times faster and fine for data that is thrown away; the benchmark keeps it on.
 * @returns {{ url, dir, stop }} `url` connects as the superuser `postgres` to database `postgres`.
 */
export async function startPostgres({ durable = false } = {}) {
  const bin = postgresBin()
  const user = runAs()
  const dir = mkdtempSync(join(tmpdir(), 'tp-postgres-'))
  if (user.uid !== undefined) chownSync(dir, user.uid, user.gid)
  const data = join(dir, 'data')
  const options = { cwd: dir, ...user, stdio: ['ignore', 'pipe', 'pipe'] }
  try {
    execFileSync(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '-N'], options)
  } catch (e) {
    rmSync(dir, { recursive: true, force: true })
    throw new Error(`initdb failed: ${e.stderr?.toString().trim() || e.message}`)
  }
  const port = await freePort()
  const settings = ['-h', '127.0.0.1', '-p', String(port), '-k', dir, '-c', 'max_connections=200']
  if (!durable) settings.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off')
  const server = spawn(join(bin, 'postgres'), ['-D', data, ...settings], options)
  let log = ''
  const ready = new Promise((resolve, reject) => {
    const onData = (chunk) => {
      log += chunk
      if (log.includes('database system is ready to accept connections')) resolve()
    }
    server.stdout.on('data', onData)
    server.stderr.on('data', onData)
    server.once('exit', (code) => reject(new Error(`PostgreSQL exited (code ${code}) before it was ready:\n${log}`)))
    setTimeout(() => reject(new Error(`PostgreSQL was not ready after 30 s:\n${log}`)), 30_000).unref()
  })
  // Should this process end without calling stop(), the server goes with it.
  const kill = () => server.kill('SIGQUIT')
  process.once('exit', kill)
  const stop = async () => {
    process.off('exit', kill)
    if (server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r))
      server.kill('SIGINT') // "fast" shutdown: ends sessions, no waiting for clients
      await exited
    }
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    await ready
  } catch (e) {
    await stop()
    throw e
  }
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, dir, stop }
}
