import { accessSync, constants, statfsSync } from 'node:fs'
import { errorCode } from './database-error.js'

/**
 * Free space below which the embedded database counts as unable to write: PostgreSQL adds to
 * its log 16 MiB at a time, and a table grows between two of those.
 */
export const MIN_FREE_BYTES = 32 * 1024 * 1024

/** Why the embedded database cannot write in `dir`, and what to do about it. */
export interface DataDirProblem {
  /** `EROFS`, `EACCES`, `ENOSPC`… */
  code: string
  /** Without the directory's name: /health says it to anyone. */
  problem: string
  fix: string
}

const MiB = (bytes: number) => `${Math.floor(bytes / 1024 / 1024)} MiB`

/** What stops the embedded database writing in `dir` (read-only, not writable, full), or `undefined`. */
export function dataDirProblem(dir: string): DataDirProblem | undefined {
  try {
    accessSync(dir, constants.W_OK)
  } catch (e) {
    const code = errorCode(e) ?? 'EIO'
    if (code === 'EROFS') return { code, problem: 'the data directory is on a read-only file system (EROFS)', fix: 'mount it read-write, or choose another --data-dir' }
    if (code === 'EACCES' || code === 'EPERM') {
      return { code, problem: `the collector's user may not write in the data directory (${code})`, fix: 'give that user write access to it (chown, chmod), or choose another --data-dir' }
    }
    return { code, problem: `the data directory cannot be used (${code})`, fix: 'check that it exists and is a directory, or choose another --data-dir' }
  }
  const { bavail, bsize } = statfsSync(dir)
  const free = bavail * bsize
  if (free < MIN_FREE_BYTES) {
    return {
      code: 'ENOSPC',
      problem: `the disk of the data directory is full (${MiB(free)} free; the embedded database needs at least ${MiB(MIN_FREE_BYTES)})`,
      fix: 'free some space on it, or choose another --data-dir',
    }
  }
}
