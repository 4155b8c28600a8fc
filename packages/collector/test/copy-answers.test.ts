import { describe, expect, it } from 'vitest'
import { copyAnswers, ingest } from '@touchpoint/collector'
import { response } from './fixtures.js'
import { openTestDatabase } from './harness/stores.js'

// received_at to the microsecond, written in UTC: the text of a timestamptz follows the session's
// time zone, which the test server takes from the machine's.
const everything = "SELECT *, (received_at AT TIME ZONE 'UTC')::text AS received FROM responses ORDER BY id"

describe('copyAnswers', () => {
  it('moves every answer from the embedded store to PostgreSQL, field for field, and can run again', async () => {
    const [from, to] = await Promise.all([openTestDatabase('pglite'), openTestDatabase('postgres')])
    try {
      const answers = Array.from({ length: 7 }, (_, i) =>
        response({ score: i, comment: i % 2 ? `comment ${i}` : undefined, visitor: { anonymousId: `a${i}`, attributes: { plan: 'pro', n: i } } }),
      )
      await ingest(from.db, answers)
      await ingest(to.db, answers.slice(0, 2))
      const progress: number[][] = []
      expect(await copyAnswers(from.db, to.db, { pageSize: 3, onProgress: (c, s) => progress.push([c, s]) })).toEqual({ copied: 5, skipped: 2 })
      expect(progress.at(-1)).toEqual([5, 2])
      const [source, target] = await Promise.all([from.db.query(everything), to.db.query(everything)])
      // Answers sent to both kept the target's own received_at; compare the copied ones in full.
      const copied = (rows: Record<string, unknown>[]) => rows.filter((r) => !answers.slice(0, 2).some((a) => a.id === r.id))
      expect(copied(target)).toEqual(copied(source))
      expect(target).toHaveLength(7)
      expect(await copyAnswers(from.db, to.db)).toEqual({ copied: 0, skipped: 7 })
    } finally {
      await Promise.all([from.close(), to.close()])
    }
  })
})
