import { closeSync, fdatasync, fsyncSync, openSync, readdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { NodeFS } from '@electric-sql/pglite/nodefs'

// PGlite keeps its data directory through Emscripten's NODEFS: each file PostgreSQL opens is a
// Node file descriptor, and each write a `writeSync`. It starts PostgreSQL with fsync off (-F),
// NODEFS has no fsync, and Emscripten's fdatasync is a no-op: what is written reaches the page
// cache (it survives `kill -9`) but nothing ever asks the disk to keep it (a power cut loses it).
//
// Here PostgreSQL runs with fsync on and its requests are honoured, except one: the WAL flush
// at each commit (an fdatasync, the no-op). That one is done by `sync()`, in the background and
// for every transaction that committed since the last one (a group commit), before the
// collector answers. PostgreSQL's rule that the WAL reaches the disk before the data it
// describes still holds: before anything but a WAL write changes the directory (a data page, a
// checkpoint, a truncation, a rename), the WAL written so far is flushed first, synchronously.
// Pages of zeros (a table growing) need no such care: PostgreSQL reads them as new pages.

/** How files reach the disk: Node's `fs`, or a test's stand-in that counts and holds the calls. */
export interface FileSync {
  /** Flushes the data of `fd` in the background (libuv's thread pool): the group commits. */
  fdatasync(fd: number, done: (error: Error | null) => void): void
  /** Flushes `fd` now: PostgreSQL's own fsync requests, and the WAL before other writes. */
  fsyncSync(fd: number): void
}

const nodeFileSync: FileSync = { fdatasync: (fd, done) => fdatasync(fd, (e) => done(e)), fsyncSync }

/** A WAL segment: where every commit is written first. */
const WAL_SEGMENT = /[\\/]pg_wal[\\/][0-9A-F]{24}$/

// The few parts of Emscripten's file system that are reached into.
interface Stream {
  nfd: number
  node: unknown
  shared: { refcount?: number }
  durableWal?: boolean
}
interface StreamOps {
  open(stream: Stream): void
  close(stream: Stream): void
  write(stream: Stream, buffer: Uint8Array, offset: number, length: number, position: number): number
  setattr(stream: Stream, attr: { size?: number }): void
  fsync?(stream: Stream): number
}
interface NodeOps {
  setattr(node: unknown, attr: { size?: number }): void
  mknod(...args: unknown[]): unknown
  rename(...args: unknown[]): void
  unlink(...args: unknown[]): void
  rmdir(...args: unknown[]): void
  symlink(...args: unknown[]): void
}
interface EmscriptenNodeFs {
  stream_ops: StreamOps
  node_ops: NodeOps
  realPath(node: unknown): string
  tryFSOperation<T>(f: () => T): T
}

const allZeros = (b: Uint8Array, offset: number, length: number) => {
  for (let i = offset, end = offset + length; i < end; i++) if (b[i] !== 0) return false
  return true
}

/** What `durableNodeFs` gives `openPglite`. */
export interface DurableNodeFs {
  /** PGlite's `fs` option. */
  fs: NodeFS
  /** PGlite's `startParams`: its defaults, with fsync on. */
  startParams: string[]
  /**
   * Resolves once everything PostgreSQL wrote to the WAL before the call is on disk. Calls that
   * arrive while a flush runs share the next one. Rejects for good after a flush failed: like
   * PostgreSQL, this does not retry an fsync, since the kernel may have dropped what it held.
   */
  sync(): Promise<void>
  /** How many writes to the WAL there were so far: a statement that changed it wrote. */
  walWrites(): number
  /** Flushes every file and directory of the data directory: for one PGlite has just created. */
  syncTree(): void
  /** Why the data can no longer be made durable (a failed fsync), or `undefined`. */
  failure(): Error | undefined
  /** Flushes what is left and closes the files kept open for it; after PGlite closed. */
  close(): void
}

/**
 * A PGlite file system on `dataDir` whose writes are made durable: PostgreSQL's fsync requests
 * are honoured, and `sync()` flushes the WAL of the transactions that committed, in groups.
 */
export function durableNodeFs(dataDir: string, io: FileSync = nodeFileSync): DurableNodeFs {
  const root = resolve(dataDir)
  let written = 0 // WAL writes so far
  let synced = 0 // WAL writes known to be on disk
  const dirty = new Set<number>() // WAL files written since their last flush began
  const flushing = new Set<number>() // WAL files in the flush that runs
  const closing = new Set<number>() // WAL files PostgreSQL closed, kept open until they are flushed
  let running = false
  let failed: Error | undefined
  const waiting: { upTo: number; resolve: () => void; reject: (e: Error) => void }[] = []

  const closeFlushed = () => {
    for (const fd of closing) {
      if (dirty.has(fd) || flushing.has(fd)) continue
      closing.delete(fd)
      closeSync(fd)
    }
  }
  const settle = () => {
    for (let i = waiting.length - 1; i >= 0; i--) {
      const w = waiting[i]!
      if (failed) w.reject(failed)
      else if (w.upTo <= synced) w.resolve()
      else continue
      waiting.splice(i, 1)
    }
  }

  // One flush at a time, of every WAL file written since the previous one began.
  const pump = () => {
    if (running || !waiting.length) return
    running = true
    const upTo = written
    for (const fd of dirty) flushing.add(fd)
    dirty.clear()
    let left = flushing.size + 1
    const done = (e: Error | null) => {
      if (e) failed ??= Object.assign(new Error(`fsync in the embedded database failed: ${e.message}`), { code: (e as { code?: string }).code ?? 'EIO' })
      if (--left) return
      flushing.clear()
      if (!failed) synced = Math.max(synced, upTo)
      running = false
      closeFlushed()
      settle()
      pump()
    }
    for (const fd of flushing) io.fdatasync(fd, done)
    done(null)
  }

  // Synchronous flushes run inside PostgreSQL's calls: a failure reaches it as an errno, and
  // after one, every change it asks for fails (it would PANIC on its own fsync failing).
  let N: EmscriptenNodeFs
  const fsyncNow = (fd: number) =>
    N.tryFSOperation(() => {
      if (failed) throw failed
      try {
        io.fsyncSync(fd)
      } catch (e) {
        failed = Object.assign(new Error(`fsync in the embedded database failed: ${(e as Error).message}`), { code: (e as { code?: string }).code ?? 'EIO' })
        throw failed
      }
    })
  // The WAL-before-data rule, called before PostgreSQL changes anything but the WAL.
  const flushWalNow = () => {
    if (failed) fsyncNow(-1) // refuses
    if (synced >= written) return
    const upTo = written
    for (const fd of new Set([...dirty, ...flushing])) fsyncNow(fd)
    dirty.clear()
    synced = upTo
    closeFlushed()
    settle()
  }

  const instrument = (nodefs: EmscriptenNodeFs) => {
    N = nodefs
    const ops = nodefs.stream_ops
    const { open, close, write, setattr } = ops
    ops.open = function (stream) {
      open.call(this, stream)
      stream.durableWal = WAL_SEGMENT.test(nodefs.realPath(stream.node))
    }
    ops.write = function (stream, buffer, offset, length, position) {
      if (!stream.durableWal && !allZeros(buffer, offset, length)) flushWalNow()
      const n = write.call(this, stream, buffer, offset, length, position)
      if (stream.durableWal) {
        written++
        dirty.add(stream.nfd)
      }
      return n
    }
    ops.close = function (stream) {
      const fd = stream.nfd
      // Closing would free the number for another file while a flush is still due on it: the
      // last close of a WAL file that awaits one leaves it open, and the flush closes it.
      if (stream.durableWal && (dirty.has(fd) || flushing.has(fd)) && stream.shared.refcount === 1) {
        stream.shared.refcount = 0
        closing.add(fd)
        return
      }
      // Not the last descriptor (refcount > 1): NODEFS only counts it down.
      close.call(this, stream)
    }
    ops.setattr = function (stream, attr) {
      if (attr.size !== undefined) flushWalNow()
      setattr.call(this, stream, attr)
    }
    ops.fsync = function (stream) {
      flushWalNow()
      fsyncNow(stream.nfd)
      return 0
    }
    const nodeOps = nodefs.node_ops
    const nodeSetattr = nodeOps.setattr
    nodeOps.setattr = function (node, attr) {
      if (attr.size !== undefined) flushWalNow()
      nodeSetattr.call(this, node, attr)
    }
    for (const name of ['mknod', 'rename', 'unlink', 'rmdir', 'symlink'] as const) {
      const op = nodeOps[name] as (...args: unknown[]) => unknown
      ;(nodeOps as unknown as Record<string, unknown>)[name] = function (this: unknown, ...args: unknown[]) {
        flushWalNow()
        return op.apply(this, args)
      }
    }
  }

  class DurableNodeFS extends NodeFS {
    override async init(pg: PGlite, options: Parameters<NodeFS['init']>[1]) {
      const { emscriptenOpts } = await super.init(pg, options)
      const preRun = emscriptenOpts.preRun ?? []
      // First, before NODEFS mounts the directory.
      return { emscriptenOpts: { ...emscriptenOpts, preRun: [(mod: { NODEFS: unknown }) => instrument(mod.NODEFS as EmscriptenNodeFs), ...preRun] } }
    }
  }

  const fsyncPath = (path: string) => {
    const fd = openSync(path, 'r')
    try {
      io.fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
  }
  const syncDir = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name)
      if (e.isDirectory()) syncDir(path)
      else if (e.isFile()) fsyncPath(path)
    }
    fsyncPath(dir)
  }

  return {
    fs: new DurableNodeFS(root),
    // wal_sync_method=fdatasync pins the commit flush on the no-op that sync() stands in for.
    startParams: [...PGlite.defaultStartParams.filter((p) => p !== '-F'), '-c', 'wal_sync_method=fdatasync'],
    sync() {
      if (failed) return Promise.reject(failed)
      const upTo = written
      if (synced >= upTo) return Promise.resolve()
      return new Promise((resolve, reject) => {
        waiting.push({ upTo, resolve, reject })
        pump()
      })
    },
    walWrites: () => written,
    syncTree() {
      syncDir(root)
      fsyncPath(dirname(root))
    },
    failure: () => failed,
    close() {
      try {
        if (!failed) for (const fd of new Set([...dirty, ...closing])) io.fsyncSync(fd)
      } finally {
        dirty.clear()
        for (const fd of closing) if (!flushing.has(fd)) closeSync(fd)
        closing.clear()
      }
    },
  }
}
