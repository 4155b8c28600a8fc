import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inject } from 'vitest'
import { openPglite, startCollector } from '@touchpoint/collector'
import type { Collector, CollectorOptions } from '@touchpoint/collector'

/**
 * A reference collector on a free loopback port, on a copy of an embedded database that the
 * global setup initialised once (a fresh PGlite directory takes seconds; a copy opens in < 1 s).
 */
export async function startTestCollector(options: CollectorOptions = {}): Promise<Collector & { count(): Promise<number> }> {
  const dir = mkdtempSync(join(tmpdir(), 'tp-collector-'))
  cpSync(inject('pgTemplate'), dir, { recursive: true })
  const db = await openPglite(dir)
  const c = await startCollector({ port: 0, ratePerMinute: 0, ...options, db })
  return {
    ...c,
    count: async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM responses'))[0]!.n,
    async close() {
      await c.close()
      await db.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
