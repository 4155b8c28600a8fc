import { cpSync, fsyncSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { PGLITE_EXTENSIONS } from '../src/db/pglite-extensions.js'
import { afterEach, describe, expect, inject, it, vi } from 'vitest'
import { openPglite, startCollector } from '@touchpoint/collector'
import type { Collector, Database } from '@touchpoint/collector'
import type { FileSync } from '../src/db/durable-node-fs.js'
import { envelope, response } from './fixtures.js'
import { post } from './harness/http.js'
import { openFromDump } from './harness/pglite-templates.js'

// A 200 means the answer is on disk: on a power cut, what the kernel held but no fsync covered
// is lost. These tests stand in for the disk (FileSync): they count and hold the flushes, and
// keep a copy of each file as it was when a flush was asked for, which is all a power cut is
// sure to leave.

const WAL = /[\\/]pg_wal[\\/][0-9A-F]{24}$/
const pathOf = (fd: number) => readlinkSync(`/proc/self/fd/${fd}`)

type Durable = Map<string, Buffer | 'dir'>

/**
 * A FileSync that records each flush; `hold` keeps the background ones waiting until `release`.
 * After each flush of a file that matches `cutAfter`, it notes what a power cut at that moment
 * would leave (`cuts`).
 */
function recordingDisk(root: string, { hold = false, cutAfter }: { hold?: boolean; cutAfter?: RegExp } = {}) {
  const flushes: { path: string; background: boolean }[] = []
  const held: (() => void)[] = []
  // What a power cut leaves of each file: its content when last flushed. The buffers are never
  // changed, so a copy of the map is a copy of the disk.
  const durable: Durable = new Map()
  const cuts: Durable[] = []
  const keep = (fd: number) => {
    const path = pathOf(fd)
    if (path.startsWith(root)) durable.set(relative(root, path), statSync(path).isDirectory() ? 'dir' : readFileSync(path))
    if (cutAfter?.test(path)) cuts.push(new Map(durable))
    return path
  }
  const disk: FileSync = {
    fdatasync(fd, done) {
      flushes.push({ path: keep(fd), background: true })
      const go = () => {
        fsyncSync(fd)
        done(null)
      }
      if (hold) held.push(go)
      else setImmediate(go)
    },
    fsyncSync(fd) {
      flushes.push({ path: keep(fd), background: false })
      fsyncSync(fd)
    },
  }
  return {
    disk,
    flushes,
    held,
    cuts,
    release: () => held.splice(0).forEach((go) => go()),
    /** The data directory as a power cut would leave it: `before`, then each file as flushed (by now, or at `at`). */
    powerCut(before: string, at: Durable = durable): string {
      const image = mkdtempSync(join(tmpdir(), 'tp-power-cut-'))
      cpSync(before, image, { recursive: true })
      for (const [path, content] of at) {
        if (content === 'dir') mkdirSync(join(image, path), { recursive: true })
        else {
          mkdirSync(dirname(join(image, path)), { recursive: true })
          writeFileSync(join(image, path), content)
        }
      }
      return image
    },
  }
}

const dirs: string[] = []
const temp = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  dirs.push(dir)
  return dir
}
/** A migrated data directory on disk, written from the template and closed. */
async function dataDir() {
  const dir = temp('tp-durable-')
  await (await openFromDump(inject('pgDump'), dir)).close()
  return dir
}
const open: { c?: Collector; db?: Database }[] = []
afterEach(async () => {
  for (const { c, db } of open.splice(0)) {
    await c?.close()
    await db?.close()
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

// However slow the machine: a wait ends when the condition holds, not after a guess.
const SETTLE = { timeout: 20_000, interval: 10 }

/** A collector on an embedded database in a fresh directory whose flushes are recorded and held until released. */
async function heldDisk() {
  const dir = await dataDir()
  const rec = recordingDisk(dir, { hold: true })
  const db = await openPglite(dir, { fileSync: rec.disk })
  const c = await startCollector({ port: 0, db })
  open.push({ c, db })
  rec.flushes.length = 0
  return { rec, c, db }
}

describe('the embedded store on disk', () => {
  it('answers 200 only after an fsync of the WAL that began after the answer was written', async () => {
    const { rec, c } = await heldDisk()

    let answered = false
    const sent = post(c.url, envelope([response(), response()])).then((res) => ((answered = true), res))
    await vi.waitFor(() => expect(rec.held).toHaveLength(1), SETTLE)
    // The answer is committed and its WAL written; the flush was asked for and has not ended.
    expect(rec.flushes).toEqual([{ path: expect.stringMatching(WAL), background: true }])
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(answered).toBe(false)
    rec.release()
    expect((await sent).status).toBe(200)
    expect(rec.flushes).toHaveLength(1)
  })

  it('flushes the commits of concurrent requests together', async () => {
    const { rec, c, db } = await heldDisk()

    const first = post(c.url, envelope([response()]))
    await vi.waitFor(() => expect(rec.held).toHaveLength(1), SETTLE)
    // While the first flush runs, seven more requests commit and wait.
    const more = Array.from({ length: 7 }, () => post(c.url, envelope([response(), response()])))
    await vi.waitFor(async () => expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM responses'))[0]!.n).toBe(15), SETTLE)
    expect(rec.held).toHaveLength(1)
    rec.release()
    // One more flush covers all seven.
    await vi.waitFor(() => expect(rec.held).toHaveLength(1), SETTLE)
    rec.release()
    expect((await first).status).toBe(200)
    for (const res of await Promise.all(more)) expect(res.status).toBe(200)
    expect(rec.flushes.filter((f) => f.background)).toHaveLength(2)
    expect(rec.flushes.filter((f) => !f.background)).toHaveLength(0)
  })

  it('answers a batch sent again, whose answers are all duplicates, only once the first copy is on disk', async () => {
    const { rec, c } = await heldDisk()

    const batch = envelope([response(), response()])
    const first = post(c.url, batch)
    await vi.waitFor(() => expect(rec.held).toHaveLength(1), SETTLE)
    // A beacon and a fetch of the same batch: the second finds both rows, written but not flushed.
    let answered = false
    const again = post(c.url, batch).then((res) => ((answered = true), res))
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(answered).toBe(false)
    rec.release()
    expect((await first).status).toBe(200)
    const res = await again
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ accepted: 0, duplicates: 2 })
  })

  it('answers 503 after a flush failed, and /health says to restart: a failed fsync is not retried', async () => {
    const dir = await dataDir()
    let broken = false
    const disk: FileSync = {
      fdatasync: (fd, done) => (broken ? setImmediate(() => done(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }))) : setImmediate(() => (fsyncSync(fd), done(null)))),
      fsyncSync: (fd) => fsyncSync(fd),
    }
    const db = await openPglite(dir, { fileSync: disk })
    const c = await startCollector({ port: 0, db })
    open.push({ c, db })
    expect((await post(c.url, envelope([response()]))).status).toBe(200)
    broken = true
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const lost = envelope([response()])
    expect((await post(c.url, lost)).status).toBe(503)
    expect((await post(c.url, envelope([response()]))).status).toBe(503)
    broken = false
    expect((await post(c.url, envelope([response()]))).status).toBe(503)
    // Sent again, the answer whose flush failed is found in the table, committed but not on
    // disk: it is not acknowledged as a duplicate.
    expect((await post(c.url, lost)).status).toBe(503)
    const health = await fetch(`${c.url}/health`)
    expect(health.status).toBe(503)
    expect((await health.json()).error).toBe('cannot store answers: fsync in the embedded database failed: EIO: i/o error, fdatasync: restart the collector')
    vi.restoreAllMocks()
  })

  it('keeps every acknowledged answer through a power cut, during a checkpoint too', async () => {
    const dir = await dataDir()
    const before = temp('tp-before-')
    cpSync(dir, before, { recursive: true })
    // The moments a checkpoint is most fragile: just after it recorded where the WAL starts.
    const rec = recordingDisk(dir, { cutAfter: /[\\/]global[\\/]pg_control$/ })
    const db = await openPglite(dir, { fileSync: rec.disk })
    const c = await startCollector({ port: 0, db })
    open.push({ c, db })

    const acknowledged: string[] = []
    const wave = async () => {
      const batches = Array.from({ length: 8 }, () => Array.from({ length: 20 }, () => response({ comment: 'kept' })))
      await Promise.all(
        batches.map(async (batch) => {
          const res = await post(c.url, envelope(batch))
          if (res.status === 200 && (await res.json()).accepted === batch.length) acknowledged.push(...batch.map((r) => r.id))
        }),
      )
    }
    await wave()
    // A checkpoint writes the tables themselves and lets PostgreSQL forget the WAL before it.
    rec.cuts.length = 0
    const beforeCheckpoint = [...acknowledged]
    await db.query('CHECKPOINT')
    const duringCheckpoint = rec.cuts.splice(0)
    expect(duringCheckpoint.length).toBeGreaterThan(0)
    await wave()
    await wave()
    expect(acknowledged).toHaveLength(3 * 8 * 20)
    // Fewer flushes than requests: they were grouped.
    expect(rec.flushes.filter((f) => f.background).length).toBeLessThan(24)

    const survives = async (image: string, ids: string[]) => {
      dirs.push(image)
      const after = await PGlite.create({ dataDir: image, extensions: PGLITE_EXTENSIONS })
      try {
        const stored = new Set((await after.query<{ id: string }>('SELECT id FROM responses')).rows.map((r) => r.id))
        expect(ids.filter((id) => !stored.has(id))).toEqual([])
        // The daily counts came through with the answers.
        const { rows } = await after.query<{ counted: number; stored: number }>(
          'SELECT (SELECT coalesce(sum(n), 0)::int FROM answer_counts) AS counted, (SELECT count(*)::int FROM responses) AS stored',
        )
        expect(rows[0]!.counted).toBe(rows[0]!.stored)
      } finally {
        await after.close()
      }
    }
    for (const cut of duringCheckpoint) await survives(rec.powerCut(before, cut), beforeCheckpoint)
    await survives(rec.powerCut(before), acknowledged)
  })
})
