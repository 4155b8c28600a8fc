import { describe, expect, it } from 'vitest'
import { response } from './fixtures.js'
import { seed } from './harness/http.js'
import { STORES, useCollector } from './harness/stores.js'

// Each read endpoint with a period, and how many of the two answers below its answer lists.
const ENDPOINTS: [string, (body: string) => number][] = [
  ['/v1/stats?groupBy=day', (body) => JSON.parse(body).results.reduce((n: number, r: { n: number }) => n + r.n, 0)],
  ['/v1/comments?limit=10', (body) => JSON.parse(body).comments.length],
  ['/v1/export', (body) => body.trim().split('\n').length - 1],
]

describe.each(STORES)('dates in the period of the read endpoints, on %s', (store) => {
  const t = useCollector(store)
  const answers = () => seed(t.url, [response({ answeredAt: '2026-11-20T10:00:00.000Z', comment: 'a' }), response({ answeredAt: '2026-11-21T10:00:00.000Z', comment: 'b' })])

  // The far dates of the calendar are periods like any other: no 500, no false 400.
  it.each(ENDPOINTS.flatMap(([path, count]) =>
    [
      ['from=0000-01-01', 2],
      ['to=9999-12-31', 2],
      ['from=0000-01-01&to=9999-12-31', 2],
      ['from=2026-11-21T00:00:00Z&to=9999-12-31', 1], // a time of day with a date: counted from the answers
      ['from=0000-01-01T00:00:00Z&to=9999-12-31T23:59:59.999Z', 2],
      ['from=0000-01-01&to=2026-11-20', 1],
      ['to=2026-11-20T10:00:00Z', 1], // inclusive
      ['from=9999-12-31', 0],
    ].map(([query, n]) => [`${path}${path.includes('?') ? '&' : '?'}${query}`, n as number, count] as const),
  ))('%s answers 200 with %i answers', async (path, n, count) => {
    await answers()
    const res = await fetch(`${t.url}${path}`)
    const body = await res.text()
    expect(res.status, body).toBe(200)
    expect(count(body)).toBe(n)
  })

  it.each(ENDPOINTS.flatMap(([path]) =>
    [
      ['from=2026-02-31', 'from', '2026-02-31'],
      ['to=2026-02-29', 'to', '2026-02-29'],
      ['from=2026-11-01&to=2026-04-31', 'to', '2026-04-31'],
      ['from=10000-01-01', 'from', '10000-01-01'],
      ['to=2026-11-01T24:00:00Z', 'to', '2026-11-01T24:00:00Z'],
      ['from=-000001-01-01', 'from', '-000001-01-01'],
    ].map(([query, param, value]) => [`${path}${path.includes('?') ? '&' : '?'}${query}`, param!, value!] as const),
  ))('%s answers 400 naming %s', async (path, param, value) => {
    const res = await fetch(`${t.url}${path}`)
    expect(res.status).toBe(400)
    expect((await res.json()).error).toBe(
      `${param} must be a real date like 2026-11-01 or an ISO 8601 date-time like 2026-11-01T09:00:00Z, in the years 0000–9999 (got "${value}")`,
    )
  })
})
