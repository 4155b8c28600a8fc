import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { envelope, response } from '../fixtures.js'
import { post } from '../harness/http.js'
import { openFromDump } from '../harness/pglite-templates.js'
import { startPostgres } from '../harness/postgres-server.mjs'

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url))
const CONFIG = fileURLToPath(new URL('../../../../examples/storefront/touchpoint.json', import.meta.url))
/** The demo config as /v1/config serves it: its `$schema`, a path beside the file, leads to the collector's schema. */
const servedFile = () => ({ ...JSON.parse(readFileSync(CONFIG, 'utf8')), $schema: 'config/schema' })

/** The built command, as a user runs it; resolves when it exits. */
function run(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH!, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (c) => (stdout += c))
  child.stderr.on('data', (c) => (stderr += c))
  const exit = new Promise<number | null>((resolve) => child.once('exit', resolve))
  return { child, exit, out: () => stdout, err: () => stderr }
}

/** Starts the command and waits for the address it listens on. */
async function serve(args: string[], env: Record<string, string> = {}) {
  const r = run(['--port', '0', ...args], env)
  const url = await new Promise<string>((resolve, reject) => {
    r.child.stdout.on('data', () => {
      const m = /listening on (http:\/\/\S+)/.exec(r.out())
      if (m) resolve(m[1]!)
    })
    void r.exit.then((code) => reject(new Error(`exited ${code}: ${r.err()}`)))
  })
  return { ...r, url }
}

/** A migrated data directory, written from the template dump. */
const dataDir = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tp-cli-'))
  await (await openFromDump(inject('pgDump'), dir)).close()
  return dir
}

let postgres: Awaited<ReturnType<typeof startPostgres>>
const running: ChildProcess[] = []
beforeAll(async () => {
  postgres = await startPostgres()
})
afterAll(async () => {
  for (const c of running) c.kill('SIGKILL')
  await postgres?.stop()
})

describe('touchpoint-collector', () => {
  it('prints its help', async () => {
    const r = run(['--help'])
    expect(await r.exit).toBe(0)
    expect(r.out()).toMatch(/^touchpoint-collector: receive Touchpoint answers/)
    expect(r.out()).toContain('TOUCHPOINT_ADMIN_TOKEN')
    for (const flag of ['--public-host', '--rate-answers', '--rate-bytes', '--max-bytes-in-flight', '--max-connections']) expect(r.out()).toContain(flag)
  })

  it('runs on an embedded database, serves the config, and stops cleanly on SIGTERM', async () => {
    const dir = await dataDir()
    const c = await serve(['--data-dir', dir, '--config', CONFIG], { TOUCHPOINT_ALLOWED_ORIGINS: 'https://shop.test' })
    running.push(c.child)
    expect(c.out()).toContain(`(embedded database in ${dir})`)
    expect(c.out()).not.toContain('any web page may send answers')
    await expect.poll(() => c.out()).toContain(`survey config: version 1 published from ${CONFIG}`)
    expect(await (await post(c.url, envelope([response()]), { Origin: 'https://shop.test' })).json()).toMatchObject({ accepted: 1 })
    expect((await post(c.url, envelope([response()]), { Origin: 'https://evil.test' })).status).toBe(403)
    expect(await (await fetch(`${c.url}/v1/config`)).json()).toEqual(servedFile())
    expect(readFileSync(join(dir, 'touchpoint-collector.lock'), 'utf8')).toMatch(new RegExp(`^process ${c.child.pid} on `))

    // A second collector on the same directory would corrupt it: it is refused.
    const second = run(['--port', '0', '--data-dir', dir])
    expect(await second.exit).toBe(2)
    expect(second.err()).toContain(`is in use by another collector (process ${c.child.pid} on `)

    c.child.kill('SIGTERM')
    expect(await c.exit).toBe(0)

    // What it stored is there at the next start.
    const again = await serve(['--data-dir', dir])
    running.push(again.child)
    expect((await (await fetch(`${again.url}/v1/stats`)).json()).results[0].n).toBe(1)
    // So is the config: it lives in the database, and a start without --config serves it.
    expect(await (await fetch(`${again.url}/v1/config`)).json()).toEqual(servedFile())
    again.child.kill('SIGTERM')
    expect(await again.exit).toBe(0)
    rmSync(dir, { recursive: true, force: true })
  })

  it('runs on PostgreSQL, and takes over the answers of an embedded database', async () => {
    const dir = await dataDir()
    const embedded = await serve(['--data-dir', dir])
    running.push(embedded.child)
    await post(embedded.url, envelope([response(), response(), response({ type: 'csat', score: 5 })]))
    embedded.child.kill('SIGTERM')
    await embedded.exit

    const admin = new pg.Client(postgres.url)
    await admin.connect()
    await admin.query('CREATE DATABASE cli_test')
    await admin.end()
    const DATABASE_URL = postgres.url.replace(/\/postgres$/, '/cli_test')
    const copy = run(['--copy-from-data-dir', dir], { DATABASE_URL })
    expect(await copy.exit).toBe(0)
    expect(copy.out()).toContain(`copied 3 answers from ${dir} into PostgreSQL (0 were already there)`)

    const c = await serve([], { DATABASE_URL, TOUCHPOINT_ADMIN_TOKEN: 'cli-admin-token-0123456789abcdef' })
    running.push(c.child)
    expect(c.out()).toContain('(PostgreSQL (DATABASE_URL))')
    const stats = await fetch(`${c.url}/v1/stats`, { headers: { Authorization: 'Bearer cli-admin-token-0123456789abcdef' } })
    expect((await stats.json()).results.map((r: { type: string; n: number }) => [r.type, r.n])).toEqual([['nps', 2], ['csat', 1]])
    c.child.kill('SIGTERM')
    expect(await c.exit).toBe(0)
    rmSync(dir, { recursive: true, force: true })
  })

  it('will not copy from a data directory a running collector uses, and says to stop it first', async () => {
    const dir = await dataDir()
    const embedded = await serve(['--data-dir', dir])
    running.push(embedded.child)
    const copy = run(['--copy-from-data-dir', dir], { DATABASE_URL: postgres.url })
    expect(await copy.exit).toBe(2)
    expect(copy.err()).toMatch(
      new RegExp(
        `^touchpoint-collector: --copy-from-data-dir: the embedded database in ${dir} is in use by a running collector \\(process ${embedded.child.pid} on [^)]+\\)\\. ` +
          'Stop that collector first, then run the copy again; or copy from a copy of the directory made while its collector was stopped\\.\n$',
      ),
    )
    // The collector goes on, untouched.
    expect((await fetch(`${embedded.url}/health`)).status).toBe(200)
    embedded.child.kill('SIGTERM')
    expect(await embedded.exit).toBe(0)
    rmSync(dir, { recursive: true, force: true })
  })

  it('refuses a data directory that a newer collector has migrated, with exit code 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tp-cli-'))
    const db = await openFromDump(inject('pgDump'), dir)
    const { newest } = (await db.query<{ newest: number }>('SELECT max(version) AS newest FROM schema_migrations'))[0]!
    await db.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [newest + 1, 'from_the_future'])
    await db.close()
    const r = run(['--port', '0', '--data-dir', dir])
    expect(await r.exit).toBe(2)
    expect(r.err()).toBe(
      `touchpoint-collector: the database's schema is at version ${newest + 1}, and this collector knows versions up to ${newest} only: ` +
        'a newer collector has upgraded it. Upgrade this collector to that newer version (a collector does not run on a schema newer than its own)\n',
    )
    rmSync(dir, { recursive: true, force: true })
  })

  it.each([
    [['--port', 'http'], {}, '--port must be a whole number from 0 to 65535 (got "http")'],
    [['--config', '/nonexistent/touchpoint.json'], {}, '--config /nonexistent/touchpoint.json: ENOENT'],
    [[], { DATABASE_URL: 'postgres://tp:secret@127.0.0.1:1/tp' }, 'cannot connect to PostgreSQL at postgres://tp@127.0.0.1:1/tp: '],
    [[], { TOUCHPOINT_ADMIN_TOKEN: 'secret' }, 'TOUCHPOINT_ADMIN_TOKEN is 6 characters long: use at least 32 random characters, e.g. the output of "openssl rand -hex 32"'],
  ])('refuses to start with %j %j, saying why, with exit code 2', async (args, env, message) => {
    const r = run(['--port', '0', '--data-dir', join(tmpdir(), 'tp-cli-never-created'), ...args], env)
    expect(await r.exit).toBe(2)
    expect(r.err()).toContain(message)
    expect(r.err()).not.toContain('secret')
  })
})
