import { describeError, isWriteFailure } from './database-error.js'

/** How long a write that failed for the disk's sake keeps /health at 503, unless a write succeeds sooner. */
export const FAILED_WRITE_MS = 30_000

const WRITE = /^\s*(INSERT|UPDATE|DELETE|TRUNCATE|COPY|CREATE|ALTER|DROP)\b/i

/** Whether `sql` is a statement that writes (a transaction, `undefined`, counts as one). */
export const isWrite = (sql: string | undefined) => sql === undefined || WRITE.test(sql)

/**
 * Remembers the last statement that failed because nothing could be written (a full disk, a
 * read-only database), until a write succeeds or `FAILED_WRITE_MS` pass: what a database
 * server's disk does is seen only through the statements it refuses.
 */
export function failedWrites(now: () => number = Date.now) {
  let last: { at: number; what: string } | undefined
  return {
    /** Runs one statement (`sql`) or a transaction (no `sql`: a write), watching how it ends. */
    async watch<T>(sql: string | undefined, run: () => Promise<T>): Promise<T> {
      const started = now()
      try {
        const result = await run()
        if (last && last.at <= started && isWrite(sql)) last = undefined
        return result
      } catch (e) {
        if (isWriteFailure(e)) last = { at: now(), what: describeError(e) }
        throw e
      }
    },
    /** Why the last write failed, while it is recent and nothing was written since, or `undefined`. */
    problem(): string | undefined {
      if (last && now() - last.at < FAILED_WRITE_MS) return `a write failed ${Math.round((now() - last.at) / 1000)} s ago: ${last.what}`
    },
  }
}
