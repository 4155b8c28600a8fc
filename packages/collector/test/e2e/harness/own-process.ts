import { fork } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { inject } from 'vitest'
import type { CollectorOptions } from '@touchpoint/collector'
import { openFromDump } from '../../harness/pglite-templates.js'

/** What the collector process reports (see collector-process.mjs). */
export interface ProcessUsage {
  connections: number
  bytesInFlight: number
  rss: number
  heapUsed: number
  arrayBuffers: number
}

/**
 * The built collector in a process of its own, on an embedded database written from the test
 * template: for the tests that load it, so that the load and the measuring do not share its CPU.
 */
export async function collectorInOwnProcess(options: Omit<CollectorOptions, 'db' | 'dataDir'> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'tp-own-process-'))
  await (await openFromDump(inject('pgDump'), dataDir)).close()
  const child = fork(fileURLToPath(new URL('collector-process.mjs', import.meta.url)), [JSON.stringify({ ...options, dataDir })], {
    execArgv: ['--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (m: { url: string }) => resolve(m.url))
    child.once('exit', (code) => reject(new Error(`the collector exited with ${code}`)))
  })
  let asked = 0
  const pending = new Map<number, (u: ProcessUsage) => void>()
  child.on('message', (m: { id?: number; usage?: ProcessUsage }) => {
    pending.get(m.id!)?.(m.usage!)
    pending.delete(m.id!)
  })
  return {
    url,
    /** Connections, body bytes held and memory: as they are, or after a full garbage collection ('settled'). */
    usage: (kind: 'usage' | 'settled' = 'usage') =>
      new Promise<ProcessUsage>((resolve, reject) => {
        if (!child.connected) return reject(new Error('the collector is gone'))
        pending.set(++asked, resolve)
        child.send({ id: asked, kind })
      }),
    async stop() {
      if (child.connected) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.disconnect()
        await exited
      }
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
