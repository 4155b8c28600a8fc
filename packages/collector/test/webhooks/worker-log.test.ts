import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Database, Query } from '../../src/db/database.js'
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

describe('the webhook worker, while the outbox cannot be turned into deliveries', () => {
  it('takes less at each failed attempt, says so once a minute while the database answers otherwise, and when it works again', async () => {
    const lines: string[] = []
    vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void lines.push(a.join(' ')))
    // Every query answers, but the outbox's transaction gives up (as when it is too much for the
    // database's time bound); `asked` is how many answers each attempt would take.
    let failing = true
    const asked: number[] = []
    let firstOk = -1
    const q: Query = async <T>(sql: string, params?: unknown[]) => {
      if (sql.includes('pg_try_advisory_xact_lock')) return [{ ok: true }] as T[]
      if (sql.includes('FROM webhook_outbox ORDER BY seq LIMIT 1')) {
        asked.push(params![0] as number)
        if (!failing && firstOk < 0) firstOk = asked.length - 1
        if (failing) throw Object.assign(new Error('no answer from PostgreSQL within 10 s'), { code: 'ETIMEDOUT' })
      }
      return []
    }
    const db: Database = { kind: 'postgres', query: async () => [], transaction: (fn) => fn(q), close: async () => {} }
    let t = Date.UTC(2026, 10, 22)
    const worker = startWebhookWorker({ db, pollMs: 1, now: () => t })
    try {
      await expect.poll(() => asked.length, { timeout: 10_000, interval: 5 }).toBeGreaterThanOrEqual(10)
      // Halved at each failure, down to 100.
      expect(asked.slice(0, 10)).toEqual([5000, 2500, 1250, 625, 312, 156, 100, 100, 100, 100])
      // The first failures as any database error; from the third, what it means; then nothing for a minute.
      expect(lines).toEqual([
        '[collector] webhooks: ETIMEDOUT no answer from PostgreSQL within 10 s',
        '[collector] webhooks: answers stored in the last 0 s wait for their deliveries: turning the outbox into deliveries failed 3 times in a row, ' +
          'the last with ETIMEDOUT no answer from PostgreSQL within 10 s; the deliveries made before are still sent, and the next attempts take at most 625 answers each',
      ])
      t += 60_000
      await expect.poll(() => lines.length, { timeout: 10_000, interval: 5 }).toBe(3)
      expect(lines[2]).toMatch(
        /^\[collector\] webhooks: answers stored in the last 60 s wait for their deliveries: turning the outbox into deliveries failed \d+ times in a row, the last with ETIMEDOUT no answer from PostgreSQL within 10 s; the deliveries made before are still sent, and the next attempts take at most 100 answers each \(\d+ more like it were not logged in the last 60 s\)$/,
      )
      t += 5_000
      failing = false
      await expect.poll(() => lines.length, { timeout: 10_000, interval: 5 }).toBe(4)
      expect(lines[3]).toMatch(/^\[collector\] webhooks: the outbox is turned into deliveries again, after \d+ failed attempts over 65 s$/)
      // Back up to 5000, doubling at each attempt that works.
      await expect.poll(() => asked.length - firstOk, { timeout: 10_000, interval: 5 }).toBeGreaterThanOrEqual(8)
      expect(asked.slice(firstOk, firstOk + 8)).toEqual([100, 200, 400, 800, 1600, 3200, 5000, 5000])
      expect(lines).toHaveLength(4)
    } finally {
      await worker.stop()
    }
  })
})
