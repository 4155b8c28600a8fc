import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { lockDataDir } from '../src/db/data-dir-lock.js'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tp-lock-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const lockFile = () => join(dir, 'touchpoint-collector.pid')

describe('lockDataDir', () => {
  it('claims a directory and gives it back', () => {
    const release = lockDataDir(dir)
    expect(readFileSync(lockFile(), 'utf8')).toBe(String(process.pid))
    release()
    expect(existsSync(lockFile())).toBe(false)
  })

  it('refuses a directory this process has open', () => {
    const release = lockDataDir(dir)
    expect(() => lockDataDir(dir)).toThrow(`the embedded database in ${dir} is already open in this process`)
    release()
  })

  it('refuses a directory another running process holds, saying what to do', () => {
    writeFileSync(lockFile(), String(process.ppid))
    expect(() => lockDataDir(dir)).toThrow(
      `the embedded database in ${dir} is in use by process ${process.ppid}. Run one collector per --data-dir, or several on PostgreSQL (DATABASE_URL).`,
    )
  })

  it('takes over a lock left by a process that is gone', () => {
    const gone = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' }).stdout.trim()
    writeFileSync(lockFile(), gone)
    lockDataDir(dir)()
  })
})
