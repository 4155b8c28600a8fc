import { inject } from 'vitest'
import { startCollector } from '@touchpoint/collector'
import type { Collector, CollectorOptions } from '@touchpoint/collector'
import { openFromDump } from '../../../../collector/test/harness/pglite-templates.js'

/**
 * A reference collector on a free loopback port, on an in-memory embedded database loaded from
 * the migrated template that the global setup prepared (a fresh PGlite directory takes seconds;
 * loading the dump well under one).
 */
export async function startTestCollector(options: CollectorOptions = {}): Promise<Collector & { count(): Promise<number> }> {
  const db = await openFromDump(inject('pgDump'))
  const c = await startCollector({ port: 0, ratePerMinute: 0, answersPerMinute: 0, bytesPerMinute: 0, ...options, db })
  return {
    ...c,
    count: async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM responses'))[0]!.n,
    async close() {
      await c.close()
      await db.close()
    },
  }
}
