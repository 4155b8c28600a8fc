import { describe, expect, it } from 'vitest'
import { ingest, stats } from '@touchpoint/collector'
import type { Filter, Group } from '@touchpoint/collector'
import { CES5, response } from './fixtures.js'
import { STORES, useCollector } from './harness/stores.js'

/** Answers of every type and scale over two months, some without a stage, at every hour of the (UTC) day. */
function answers(count: number, seed = 1) {
  const random = (k: number) => ((seed = (seed * 16807) % 2147483647) % k)
  const kinds = [{ type: 'nps' as const }, { type: 'csat' as const }, { type: 'ces' as const }, { type: 'ces' as const, scale: CES5 }]
  return Array.from({ length: count }, () => {
    const kind = kinds[random(4)]!
    const max = kind.type === 'nps' ? 10 : kind.scale ? 5 : kind.type === 'ces' ? 7 : 5
    const min = kind.type === 'nps' ? 0 : 1
    const t = Date.UTC(2026, 8, 1) + random(61 * 24 * 60) * 60_000
    return response({
      ...kind,
      score: min + random(max - min + 1),
      touchpoint: ['checkout', 'search', 'delivery'][random(3)]!,
      stage: (['purchase', 'consideration', undefined] as const)[random(3)],
      surveyId: `s${random(3)}`,
      answeredAt: new Date(t).toISOString(),
    })
  })
}

const FILTERS: Filter[] = [
  {},
  { from: '2026-09-15' },
  { to: '2026-10-01' },
  { from: '2026-09-30', to: '2026-09-30' },
  { touchpoint: 'checkout', stage: 'purchase' },
  { survey: 's1', from: '2026-10-01', to: '2026-10-31' },
]
const GROUPINGS: Group[][] = [[], ['stage'], ['touchpoint', 'stage'], ['day'], ['week'], ['month', 'survey'], ['stage', 'week']]

describe.each(STORES)('the daily answer counts on %s', (store) => {
  const t = useCollector(store)
  const counted = (f: Filter, g: Group[]) => stats(t.db, f, g, { distribution: true, source: 'answer_counts' })
  const scanned = (f: Filter, g: Group[]) => stats(t.db, f, g, { distribution: true, source: 'responses' })

  it('give the same stats as counting every answer, for every filter and grouping', async () => {
    await ingest(t.db, answers(600), Date.UTC(2026, 10, 23))
    for (const f of FILTERS) for (const g of GROUPINGS) expect(await counted(f, g), JSON.stringify([f, g])).toEqual(await scanned(f, g))
    expect((await counted({}, []))[0]!.n).toBeGreaterThan(100)
  })

  it('count a duplicate once', async () => {
    const batch = answers(50, 7)
    await ingest(t.db, batch, Date.UTC(2026, 10, 23))
    await ingest(t.db, batch, Date.UTC(2026, 10, 23))
    expect(await counted({}, ['day'])).toEqual(await scanned({}, ['day']))
    const total = (rows: { n: number }[]) => rows.reduce((s, r) => s + r.n, 0)
    expect(total(await counted({}, []))).toBe(50)
  })

  it('follow answers changed or deleted by hand, and a TRUNCATE', async () => {
    await ingest(t.db, answers(300, 3), Date.UTC(2026, 10, 23))
    await t.db.query(`UPDATE responses SET score = scale_min WHERE type = 'nps' AND score > 8`)
    await t.db.query(`UPDATE responses SET stage = NULL, answered_at = answered_at + interval '3 days' WHERE touchpoint = 'search'`)
    await t.db.query(`DELETE FROM responses WHERE type = 'csat'`)
    for (const g of GROUPINGS) expect(await counted({}, g)).toEqual(await scanned({}, g))
    expect((await counted({}, [])).map((r) => r.type)).not.toContain('csat')
    await t.db.query('TRUNCATE responses')
    expect(await t.db.query('SELECT * FROM answer_counts')).toEqual([])
  })
})
