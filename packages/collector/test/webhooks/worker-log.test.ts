import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Database } from '../../src/db/database.js'
import { startWebhookWorker } from '../../src/webhooks/worker.js'

afterEach(() => {
  vi.restoreAllMocks()
})

describe('the webhook worker, while the database is down', () => {
  it('logs one line a minute, not one per poll', async () => {
    const lines: string[] = []
    vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void lines.push(a.join(' ')))
    let tries = 0
    const down = () => {
      tries++
      return Promise.reject(Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { code: 'ECONNREFUSED' }))
    }
    const db: Database = { kind: 'postgres', query: down, transaction: down, close: async () => {} }
    let t = Date.UTC(2026, 10, 22)
    const worker = startWebhookWorker({ db, pollMs: 1, now: () => t })
    try {
      await expect.poll(() => tries, { timeout: 10_000, interval: 5 }).toBeGreaterThanOrEqual(5)
      expect(lines).toEqual(['[collector] webhooks: ECONNREFUSED connect ECONNREFUSED 10.0.0.5:5432'])
      // A minute later, one more line, saying how many it held back.
      t += 60_000
      const before = tries
      await expect.poll(() => tries, { timeout: 10_000, interval: 5 }).toBeGreaterThan(before + 1)
      expect(lines).toHaveLength(2)
      expect(lines[1]).toMatch(/^\[collector\] webhooks: ECONNREFUSED connect ECONNREFUSED 10\.0\.0\.5:5432 \(\d+ more like it were not logged in the last 60 s\)$/)
    } finally {
      await worker.stop()
    }
  })
})
