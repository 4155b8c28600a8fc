import { spawnSync } from 'node:child_process'
import { closeSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs'
import { hostname } from 'node:os'
import { join, resolve } from 'node:path'
import { StartupError } from '../startup-error.js'
import { errorCode } from './database-error.js'

const LOCK = 'touchpoint-collector.lock'

/** The directory is locked by another process: another collector runs on it. A `StartupError`, by name too. */
export class DataDirInUse extends StartupError {
  /** What the lock file says of that process (`process 1 on host since …`), or ''. */
  readonly holder: string

  constructor(dir: string, holder: string) {
    super(
      `the embedded database in ${dir} is in use by another collector${holder ? ` (${holder})` : ''}. ` +
        'Run one collector per --data-dir, or several on PostgreSQL (DATABASE_URL).',
    )
    this.holder = holder
  }
}
const held = new Set<string>()

/**
 * A command that takes flock(2) on its file descriptor 3 without waiting: exits 0 when it holds
 * the lock, 1 when another process does. Node has no flock; these take it for us on a file
 * description this process opened and keeps (see `lockDataDir`).
 */
export interface LockTool {
  command: string
  args: string[]
}

/** util-linux's flock(1) (Debian, most Linux, busybox), else Perl (macOS, Debian's perl-base). */
export const LOCK_TOOLS: readonly LockTool[] = [
  { command: 'flock', args: ['-n', '-x', '3'] },
  { command: 'perl', args: ['-MFcntl=:flock', '-e', 'open(my $f, "+<&=", 3) or exit 2; flock($f, LOCK_EX | LOCK_NB) or exit 1'] },
]

/**
 * Claims an embedded database directory for the life of this process; returns the release.
 * PGlite does not lock its directory, and two processes writing one directory corrupt it, so a
 * second collector on the same --data-dir is refused.
 *
 * The claim is an OS lock, flock(2), on `touchpoint-collector.lock`: the file is opened here and
 * kept open, and a short-lived `flock` (or `perl`) takes the lock on that same open file,
 * handed to it as descriptor 3. The lock belongs to the open file, not to a process id: it
 * holds while this process lives, whichever PID namespace or container it runs in, and the
 * kernel drops it when the process ends, however it ends (`kill -9` included). No PID is
 * trusted, and nothing is left behind to clean up.
 */
export function lockDataDir(dir: string, tools: readonly LockTool[] = LOCK_TOOLS): () => void {
  const file = join(resolve(dir), LOCK)
  if (held.has(file)) throw new StartupError(`the embedded database in ${dir} is already open in this process`)
  let fd: number
  try {
    // Read and write, created if missing, never truncated before the lock is ours.
    fd = openSync(file, 'a+')
  } catch (e) {
    throw new StartupError(`cannot open the embedded database in ${dir}: ${file} cannot be written (${errorCode(e) ?? (e as Error).message})`, { cause: e })
  }
  let missing = 0
  for (const tool of tools) {
    const r = spawnSync(tool.command, tool.args, { stdio: ['ignore', 'ignore', 'pipe', fd], encoding: 'utf8' })
    if (errorCode(r.error) === 'ENOENT') {
      missing++
      continue
    }
    if (r.status === 0) {
      // Who holds it, for the message a second collector prints: information, never trusted.
      ftruncateSync(fd, 0)
      writeSync(fd, `process ${process.pid} on ${hostname()} since ${new Date().toISOString()}\n`)
      held.add(file)
      return () => {
        if (!held.delete(file)) return
        // The last descriptor of the open file closes: the kernel drops the lock.
        closeSync(fd)
      }
    }
    closeSync(fd)
    if (r.status === 1 && !r.stderr) {
      let holder = ''
      try {
        holder = readFileSync(file, 'utf8').trim().slice(0, 200)
      } catch {
        // The message does without it.
      }
      throw new DataDirInUse(dir, holder)
    }
    throw new StartupError(`cannot lock the embedded database in ${dir}: ${tool.command} failed (${r.error?.message ?? r.stderr?.trim() ?? `exit ${r.status}`})`)
  }
  closeSync(fd)
  throw new StartupError(
    `cannot lock the embedded database in ${dir}: ${missing === tools.length ? `none of ${tools.map((t) => t.command).join(', ')} is installed (flock comes with util-linux)` : 'no lock tool worked'}`,
  )
}
