import { describe, expect, it } from 'vitest'
import { copyAnswers, ingest, ingestEvents } from '@touchpoint/collector'
import { event, response } from './fixtures.js'
import { openTestDatabase } from './harness/stores.js'

// received_at to the microsecond, written in UTC: the text of a timestamptz follows the session's
// time zone, which the test server takes from the machine's.
const everything = "SELECT *, (received_at AT TIME ZONE 'UTC')::text AS received FROM responses ORDER BY id"

describe('copyAnswers', () => {
  it('moves every answer from the embedded store to PostgreSQL, field for field, and can run again', async () => {
    const [from, to] = await Promise.all([openTestDatabase('pglite'), openTestDatabase('postgres')])
    try {
      const answers = Array.from({ length: 7 }, (_, i) =>
        response({ score: i, comment: i % 2 ? `Crème ${i}` : undefined, visitor: { anonymousId: `a${i}`, attributes: { plan: 'pro', n: i } }, context: { plan: 'pro', n: i } } as never),
      )
      await ingest(from.db, answers)
      await ingestEvents(from.db, [event(), event({ kind: 'dismissed' })])
      await ingest(to.db, answers.slice(0, 2))
      const progress: number[][] = []
      expect(await copyAnswers(from.db, to.db, { pageSize: 3, onProgress: (c, s) => progress.push([c, s]) })).toEqual({ copied: 5, skipped: 2, events: { copied: 2, skipped: 0 } })
      expect(progress.at(-1)).toEqual([5, 2])
      const [source, target] = await Promise.all([from.db.query(everything), to.db.query(everything)])
      // Answers sent to both kept the target's own received_at; compare the copied ones in full.
      const copied = (rows: Record<string, unknown>[]) => rows.filter((r) => !answers.slice(0, 2).some((a) => a.id === r.id))
      expect(copied(target)).toEqual(copied(source))
      expect(target).toHaveLength(7)
      // The folded comments (a generated column) were made again, and the counts follow the copies.
      expect(await to.db.query(`SELECT comment_folded FROM responses WHERE comment IS NOT NULL ORDER BY 1 LIMIT 1`)).toEqual([{ comment_folded: 'creme 1' }])
      expect(await to.db.query(`SELECT sum(n)::int AS n FROM event_counts`)).toEqual([{ n: 2 }])
      expect(await copyAnswers(from.db, to.db)).toEqual({ copied: 0, skipped: 7, events: { copied: 0, skipped: 2 } })
    } finally {
      await Promise.all([from.close(), to.close()])
    }
  })
})
