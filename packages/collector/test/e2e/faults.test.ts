import { execFileSync, spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { chmodSync, closeSync, mkdtempSync, openSync, readFileSync, rmSync, statfsSync, statSync } from 'node:fs'
import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest'
import { envelope, response, shuffled } from '../fixtures.js'
import { post } from '../harness/http.js'
import { openFromDump } from '../harness/pglite-templates.js'
import { startPostgres } from '../harness/postgres-server.mjs'

// Faults as an operator meets them, on the built command: two collectors on one directory from
// two PID namespaces (two containers sharing a volume, each collector PID 1), a full, read-only
// or unwritable disk, a taken port, two collectors on one PostgreSQL killed under load. They
// mount file systems and create namespaces, so they need root (CI runs as root): without it
// they fail, saying so, rather than skip.

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url))
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url))
const NOBODY = 65534

/** `dir` and every folder above it. */
const ancestors = (dir: string): string[] => (dirname(dir) === dir ? [dir] : [dir, ...ancestors(dirname(dir))])

/** A process, its output, and its exit. */
function run(command: string, args: string[], { env = {}, uid }: { env?: Record<string, string>; uid?: number } = {}) {
  const child = spawn(command, args, {
    env: { PATH: process.env.PATH!, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(uid !== undefined && { uid, gid: uid }),
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (c) => (stdout += c))
  child.stderr.on('data', (c) => (stderr += c))
  const exit = new Promise<number | null>((resolve) => child.once('exit', resolve))
  running.push(child)
  return { child, exit, out: () => stdout, err: () => stderr }
}
const collector = (args: string[], o: Parameters<typeof run>[2] = {}) => run(process.execPath, [CLI, '--port', '0', '--rate', '0', '--rate-answers', '0', '--rate-bytes', '0', ...args], o)
/** The collector as PID 1 of a PID namespace of its own, as in a container. */
const contained = (args: string[]) => run('unshare', ['--pid', '--fork', '--mount-proc', process.execPath, CLI, '--port', '0', '--rate', '0', '--rate-answers', '0', '--rate-bytes', '0', ...args])

/** Resolves with the URL once the process prints it; rejects if it exits first. */
function listening(p: ReturnType<typeof run>): Promise<string> {
  return new Promise((resolve, reject) => {
    const look = () => {
      const m = /listening on (http:\/\/\S+)/.exec(p.out())
      if (m) resolve(m[1]!)
    }
    p.child.stdout.on('data', look)
    look()
    void p.exit.then((code) => reject(new Error(`exited ${code}: ${p.err()}`)))
  })
}

const running: ChildProcess[] = []
const mounts: string[] = []
const dirs: string[] = []
const temp = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  dirs.push(dir)
  return dir
}
/** A migrated data directory, written from the template dump into `dir`. */
async function dataDir(dir = join(temp('tp-faults-'), 'data')) {
  await (await openFromDump(inject('pgDump'), dir)).close()
  return dir
}
/** A tmpfs of `mib` MiB, mounted for this test file. */
function tmpfs(mib: number): string {
  const dir = temp('tp-tmpfs-')
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${mib}m`, 'tmpfs', dir])
  mounts.push(dir)
  return dir
}
/** Takes every free byte of the file system of `dir`; returns the file that holds them. */
function fill(dir: string): string {
  const file = join(dir, 'filler')
  const { bavail, bsize } = statfsSync(dir)
  closeSync(openSync(file, 'w'))
  if (bavail > 0) execFileSync('fallocate', ['-l', String(bavail * bsize), file])
  return file
}
/** The host PID of the process `unshare --fork` started (PID 1 inside). */
const inner = (unshare: ChildProcess) => Number(readFileSync(`/proc/${unshare.pid}/task/${unshare.pid}/children`, 'utf8').trim().split(' ')[0])

beforeAll(() => {
  if (process.getuid?.() !== 0) {
    throw new Error('the fault tests mount tmpfs file systems, create PID namespaces and run a collector as another user: run them as root (CI does)')
  }
})
afterEach(async () => {
  for (const c of running.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
})
afterAll(() => {
  for (const m of mounts) execFileSync('umount', ['-l', m])
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

describe('the data directory', () => {
  it('is refused to a second collector in another PID namespace, and free again once the first is killed with -9', async () => {
    const dir = await dataDir()
    const first = contained(['--data-dir', dir])
    const url = await listening(first)
    const answer = response()
    expect((await post(url, envelope([answer]))).status).toBe(200)

    // Both would be PID 1: a PID file could not tell them apart. The OS lock does.
    const second = contained(['--data-dir', dir])
    expect(await second.exit).toBe(2)
    expect(second.err()).toMatch(
      new RegExp(`^touchpoint-collector: the embedded database in ${dir} is in use by another collector \\(process 1 on \\S+ since [-\\d]+T[\\d:.]+Z\\)\\. Run one collector per --data-dir, or several on PostgreSQL \\(DATABASE_URL\\)\\.\\n$`),
    )

    process.kill(inner(first.child), 'SIGKILL')
    await first.exit
    const third = contained(['--data-dir', dir])
    const again = await listening(third)
    const stats = await (await fetch(`${again}/v1/stats`)).json()
    expect(stats.results[0].n).toBe(1)
    process.kill(inner(third.child), 'SIGTERM')
    await third.exit
  })

  it('is one line and exit 2 when it is read-only', async () => {
    const disk = tmpfs(64)
    const dir = await dataDir(join(disk, 'data'))
    execFileSync('mount', ['-o', 'remount,ro', disk])
    const c = collector(['--data-dir', dir])
    expect(await c.exit).toBe(2)
    expect(c.err()).toBe(
      `touchpoint-collector: cannot open the embedded database in ${dir}: the data directory is on a read-only file system (EROFS). To fix: mount it read-write, or choose another --data-dir.\n`,
    )
  })

  it('is one line and exit 2 when the collector may not write in it', async () => {
    const dir = await dataDir()
    chmodSync(join(dir, '..'), 0o755)
    // The collector's user must reach its own code, as a service user does: a checkout in a
    // private folder (mktemp -d is 0700) gets the search bit for others, for this test only.
    const closed = ancestors(ROOT).filter((d) => !(statSync(d).mode & 0o001))
    for (const d of closed) chmodSync(d, statSync(d).mode | 0o001)
    const c = collector(['--data-dir', dir], { uid: NOBODY })
    const code = await c.exit
    for (const d of closed) chmodSync(d, statSync(d).mode & ~0o001)
    expect(code, c.err()).toBe(2)
    expect(c.err()).toBe(
      `touchpoint-collector: cannot open the embedded database in ${dir}: the collector's user may not write in the data directory (EACCES). To fix: give that user write access to it (chown, chmod), or choose another --data-dir.\n`,
    )
  })

  it('full: answers 503 (never 500), /health 503, a few log lines, recovers when space is freed, and a start on it is one line and exit 2', async () => {
    const disk = tmpfs(96)
    const dir = await dataDir(join(disk, 'data'))
    const c = collector(['--data-dir', dir])
    const url = await listening(c)
    expect((await fetch(`${url}/health`)).status).toBe(200)

    const filler = fill(disk)
    const statuses: number[] = []
    for (let i = 0; i < 40; i++) {
      const batch = Array.from({ length: 20 }, () => response({ comment: 'private words', visitor: { anonymousId: 'a', userId: 'jane@example.com' } }))
      statuses.push((await post(url, envelope(batch))).status)
      const health = await fetch(`${url}/health`)
      expect(health.status).toBe(503)
      expect((await health.json()).error).toMatch(/^cannot store answers: the disk of the data directory is full \(0 MiB free; the embedded database needs at least 32 MiB\)$/)
    }
    expect(statuses.filter((s) => s !== 200 && s !== 503)).toEqual([])
    expect(statuses).toContain(503)
    // 80 failures, a few lines: one per kind of failure a minute.
    const lines = c.err().trim().split('\n')
    expect(lines.length).toBeLessThanOrEqual(4)
    expect(c.err()).not.toContain('private words')
    expect(c.err()).not.toContain('jane@example.com')

    rmSync(filler)
    expect((await post(url, envelope([response()]))).status).toBe(200)
    expect((await fetch(`${url}/health`)).status).toBe(200)
    c.child.kill('SIGTERM')
    expect(await c.exit).toBe(0)

    fill(disk)
    const full = collector(['--data-dir', dir])
    expect(await full.exit).toBe(2)
    expect(full.err()).toBe(
      `touchpoint-collector: cannot open the embedded database in ${dir}: the disk of the data directory is full (0 MiB free; the embedded database needs at least 32 MiB). To fix: free some space on it, or choose another --data-dir.\n`,
    )
  })
})

describe('starting', () => {
  it('on a taken port is one line and exit 2', async () => {
    const taken = createServer()
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve))
    const { port } = taken.address() as AddressInfo
    try {
      const c = run(process.execPath, [CLI, '--port', String(port), '--data-dir', await dataDir()])
      expect(await c.exit).toBe(2)
      expect(c.err()).toBe(`touchpoint-collector: cannot listen on 127.0.0.1:${port}: another program listens there: stop it, or choose another --port (0 picks a free one)\n`)
    } finally {
      taken.close()
    }
  })

  it('npm start a second time on the same data directory is one line and exit 2', async () => {
    const dir = await dataDir()
    const env = { TOUCHPOINT_DEMO_DATA_DIR: dir, COLLECTOR_PORT: '0', SHOP_PORT: '0', HOME: process.env.HOME ?? '/root' }
    const first = run(process.execPath, [join(ROOT, '.ci/start.mjs')], { env })
    await new Promise<void>((resolve, reject) => {
      first.child.stdout.on('data', () => first.out().includes('storefront:') && resolve())
      void first.exit.then((code) => reject(new Error(`npm start exited ${code}: ${first.err()}`)))
    })
    const second = run(process.execPath, [join(ROOT, '.ci/start.mjs')], { env })
    expect(await second.exit).toBe(2)
    expect(second.err()).toMatch(new RegExp(`^\\[touchpoint\\] cannot start the collector: the embedded database in ${dir} is in use by another collector \\(process \\d+ on .+\\)\\. Run one collector per --data-dir, or several on PostgreSQL \\(DATABASE_URL\\)\\.\\n$`))
    first.child.kill('SIGTERM')
    expect(await first.exit).toBe(0)
  })

  it('npm start with TOUCHPOINT_ALLOW_PRIVATE_WEBHOOKS=1 takes a webhook to a receiver on this machine, and refuses it without', async () => {
    const hook = (url: string) =>
      fetch(`${url}/v1/webhooks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: 'http://127.0.0.1:9/' }) })
    for (const [allow, status] of [['1', 201], ['', 400]] as const) {
      const env = { TOUCHPOINT_DEMO_DATA_DIR: await dataDir(), COLLECTOR_PORT: '0', SHOP_PORT: '0', HOME: process.env.HOME ?? '/root', TOUCHPOINT_ALLOW_PRIVATE_WEBHOOKS: allow }
      const demo = run(process.execPath, [join(ROOT, '.ci/start.mjs')], { env })
      const url = await new Promise<string>((resolve, reject) => {
        demo.child.stdout.on('data', () => {
          const m = /dashboard: +(http:\/\/\S+?)\/?\n/.exec(demo.out())
          if (m && demo.out().includes('storefront:')) resolve(m[1]!)
        })
        void demo.exit.then((code) => reject(new Error(`npm start exited ${code}: ${demo.err()}`)))
      })
      expect((await hook(url)).status).toBe(status)
      demo.child.kill('SIGTERM')
      expect(await demo.exit).toBe(0)
    }
    const wrong = run(process.execPath, [join(ROOT, '.ci/start.mjs')], { env: { TOUCHPOINT_DEMO_DATA_DIR: await dataDir(), HOME: process.env.HOME ?? '/root', TOUCHPOINT_ALLOW_PRIVATE_WEBHOOKS: 'yes' } })
    expect(await wrong.exit).toBe(2)
    expect(wrong.err()).toBe('[touchpoint] TOUCHPOINT_ALLOW_PRIVATE_WEBHOOKS must be 1 (allow) or 0 (got "yes")\n')
  })
})

describe('two collectors on one PostgreSQL', () => {
  let postgres: Awaited<ReturnType<typeof startPostgres>>
  beforeAll(async () => {
    postgres = await startPostgres()
  })
  afterAll(() => postgres?.stop())

  it('take the same answers in different orders at once without a 500, lose none acknowledged when one is killed, and agree', async () => {
    const server = new pg.Client(postgres.url)
    await server.connect()
    await server.query('CREATE DATABASE faults_two')
    await server.end()
    const DATABASE_URL = postgres.url.replace(/\/postgres$/, '/faults_two')
    const a = collector([], { env: { DATABASE_URL } })
    const b = collector([], { env: { DATABASE_URL } })
    const urls = [await listening(a), await listening(b)]

    const acknowledged = new Set<string>()
    const failures: string[] = []
    for (let round = 0; round < 8; round++) {
      const answers = Array.from({ length: 500 }, (_, i) => response({ score: i % 11 }))
      const sends = [0, 1, 0, 1].map(async (k) => {
        try {
          const res = await post(urls[k]!, envelope(shuffled(answers)))
          if (res.status === 200) answers.forEach((r) => acknowledged.add(r.id))
          else failures.push(`${res.status} ${await res.text()}`)
        } catch {
          // The killed collector's connections are cut: nothing acknowledged, the SDK retries.
          if (k !== 1 || round < 4) failures.push(`collector ${k} did not answer in round ${round}`)
        }
      })
      // Killed mid-load, while its requests are in flight.
      if (round === 4) {
        await new Promise((resolve) => setTimeout(resolve, 20))
        b.child.kill('SIGKILL')
      }
      await Promise.all(sends)
    }
    expect(failures).toEqual([])
    const admin = new pg.Client(DATABASE_URL)
    await admin.connect()
    const stored = new Set((await admin.query<{ id: string }>('SELECT id FROM responses')).rows.map((r) => r.id))
    expect([...acknowledged].filter((id) => !stored.has(id))).toEqual([])

    const again = collector([], { env: { DATABASE_URL } })
    urls[1] = await listening(again)
    const [x, y] = await Promise.all(urls.map(async (u) => (await (await fetch(`${u}/v1/stats?groupBy=day&distribution=true`)).json()).results))
    expect(x).toEqual(y)
    const { rows } = await admin.query<{ counted: number; n: number }>('SELECT (SELECT sum(n)::int FROM answer_counts) AS counted, (SELECT count(*)::int FROM responses) AS n')
    expect(rows[0]!.counted).toBe(rows[0]!.n)
    expect(rows[0]!.n).toBeGreaterThanOrEqual(acknowledged.size)
    await admin.end()
  })
})

