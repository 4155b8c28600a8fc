import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { LOCK_TOOLS, lockDataDir } from '../src/db/data-dir-lock.js'

let dir: string
const others: ChildProcess[] = []
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tp-lock-'))
})
afterEach(() => {
  // The holder's whole process group: flock and the command it runs.
  for (const p of others.splice(0)) if (p.exitCode === null && p.signalCode === null) process.kill(-p.pid!, 'SIGKILL')
  rmSync(dir, { recursive: true, force: true })
})

const lockFile = () => join(dir, 'touchpoint-collector.lock')

/** Another process that holds flock(2) on the lock file, as another collector would (its command, -o, does not); resolves once it does. */
async function otherHolder() {
  writeFileSync(lockFile(), 'process 1 on elsewhere since 2026-01-01T00:00:00.000Z\n')
  const p = spawn('flock', ['-o', '-x', lockFile(), '-c', 'echo locked; exec sleep 60 >/dev/null'], { stdio: ['ignore', 'pipe', 'inherit'], detached: true })
  others.push(p)
  await new Promise((resolve) => p.stdout!.once('data', resolve))
  return p
}

describe.each(LOCK_TOOLS.map((t) => [t.command, t] as const))('lockDataDir with %s', (_, tool) => {
  it('claims a directory, says by whom, and gives it back', () => {
    const release = lockDataDir(dir, [tool])
    expect(readFileSync(lockFile(), 'utf8')).toMatch(new RegExp(`^process ${process.pid} on ${hostname()} since \\d{4}-`))
    release()
    lockDataDir(dir, [tool])()
  })

  it('refuses a directory this process has open', () => {
    const release = lockDataDir(dir, [tool])
    expect(() => lockDataDir(dir, [tool])).toThrow(`the embedded database in ${dir} is already open in this process`)
    release()
  })

  it('refuses a directory another process holds, whatever its pid, and takes it once that process is killed', async () => {
    const other = await otherHolder()
    expect(() => lockDataDir(dir, [tool])).toThrow(
      `the embedded database in ${dir} is in use by another collector (process 1 on elsewhere since 2026-01-01T00:00:00.000Z). ` +
        'Run one collector per --data-dir, or several on PostgreSQL (DATABASE_URL).',
    )
    // What --copy-from-data-dir words its own way; npm start knows it by name, as any StartupError.
    expect(() => lockDataDir(dir, [tool])).toThrow(expect.objectContaining({ name: 'StartupError', holder: 'process 1 on elsewhere since 2026-01-01T00:00:00.000Z' }))
    const gone = new Promise((resolve) => other.once('exit', resolve))
    process.kill(-other.pid!, 'SIGKILL')
    await gone
    lockDataDir(dir, [tool])()
  })

  it('takes no notice of a lock file whose process is gone, or names this very process', () => {
    writeFileSync(lockFile(), `process ${process.pid} on ${hostname()} since 2026-01-01T00:00:00.000Z\n`)
    lockDataDir(dir, [tool])()
  })
})

describe('lockDataDir', () => {
  it('says what to install when no lock tool is there', () => {
    expect(() => lockDataDir(dir, [{ command: 'no-such-flock', args: [] }])).toThrow(
      `cannot lock the embedded database in ${dir}: none of no-such-flock is installed (flock comes with util-linux)`,
    )
  })

  it('tries the next tool when one is not installed', () => {
    lockDataDir(dir, [{ command: 'no-such-flock', args: [] }, LOCK_TOOLS[0]!])()
  })
})
