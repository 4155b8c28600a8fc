import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { StartupError } from '../startup-error.js'

const LOCK = 'touchpoint-collector.pid'
const held = new Set<string>()

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Claims an embedded database directory for this process; returns the release. PGlite does not
 * lock its directory, and two processes writing one directory corrupt it, so a second collector
 * on the same --data-dir is refused. A lock left by a process that is gone is taken over.
 */
export function lockDataDir(dir: string): () => void {
  const file = join(resolve(dir), LOCK)
  if (held.has(file)) throw new StartupError(`the embedded database in ${dir} is already open in this process`)
  let owner = NaN
  try {
    owner = Number(readFileSync(file, 'utf8'))
  } catch {
    // No lock file: the directory is free.
  }
  // Our own pid in the file is a previous run of a process that got the same pid (a container restart).
  if (owner && owner !== process.pid && alive(owner)) {
    throw new StartupError(
      `the embedded database in ${dir} is in use by process ${owner}. Run one collector per --data-dir, ` +
        `or several on PostgreSQL (DATABASE_URL). If no collector is running, delete ${file}.`,
    )
  }
  writeFileSync(file, String(process.pid))
  held.add(file)
  return () => {
    held.delete(file)
    rmSync(file, { force: true })
  }
}
