import { describe, expect, it } from 'vitest'
import { response } from './fixtures.js'
import { getJson, seed } from './harness/http.js'
import { STORES, useCollector } from './harness/stores.js'

const at = (day: number, hour = 10) => `2026-11-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`

describe.each(STORES)('GET /v1/comments on %s', (store) => {
  const t = useCollector(store)

  it('lists the latest comments first, with what the dashboard shows beside them', async () => {
    const old = response({ comment: 'Slow delivery', answeredAt: at(10), type: 'csat', score: 2, touchpoint: 'delivery', stage: 'retention' })
    const recent = response({ comment: 'Fast checkout', answeredAt: at(20), locale: 'it-IT', device: 'mobile' })
    await seed(t.url, [old, recent, response({ answeredAt: at(22) })])
    const { status, body } = await getJson(t.url, '/v1/comments')
    expect(status).toBe(200)
    expect(body).toEqual({
      filter: {},
      comments: [
        {
          id: recent.id, surveyId: 'nps-survey', type: 'nps', scale: { min: 0, max: 10 }, score: 9, comment: 'Fast checkout',
          touchpoint: 'checkout', stage: 'purchase', answeredAt: at(20), locale: 'it-IT', device: 'mobile', context: null,
        },
        {
          id: old.id, surveyId: 'csat-survey', type: 'csat', scale: { min: 1, max: 5 }, score: 2, comment: 'Slow delivery',
          touchpoint: 'delivery', stage: 'retention', answeredAt: at(10), locale: 'en-US', device: 'desktop', context: null,
        },
      ],
      next: null,
    })
  })

  it('pages through comments that share a timestamp without skipping or repeating one', async () => {
    const all = Array.from({ length: 7 }, (_, i) => response({ comment: `c${i}`, answeredAt: at(i < 4 ? 12 : 11) }))
    await seed(t.url, all)
    const seen: string[] = []
    let next: string | null = null
    let pages = 0
    do {
      const { body }: { body: { comments: { comment: string }[]; next: string | null } } = await getJson(t.url, `/v1/comments?limit=3${next ? `&before=${next}` : ''}`)
      seen.push(...body.comments.map((c) => c.comment))
      next = body.next
      pages++
    } while (next)
    expect(pages).toBe(3)
    expect(seen.slice(0, 4).sort()).toEqual(['c0', 'c1', 'c2', 'c3'])
    expect(seen.slice(4).sort()).toEqual(['c4', 'c5', 'c6'])
  })

  it('filters like the stats do', async () => {
    await seed(t.url, [
      response({ comment: 'in', touchpoint: 'checkout', answeredAt: at(15) }),
      response({ comment: 'other touchpoint', touchpoint: 'search', answeredAt: at(15) }),
      response({ comment: 'too early', touchpoint: 'checkout', answeredAt: at(1) }),
    ])
    const { body } = await getJson(t.url, '/v1/comments?touchpoint=checkout&from=2026-11-10&to=2026-11-30')
    expect(body.comments.map((c: { comment: string }) => c.comment)).toEqual(['in'])
  })

  it('returns comments verbatim, markup and all: showing them as text is the reader’s job', async () => {
    const comment = '<script>alert(1)</script> & "quotes"'
    await seed(t.url, [response({ comment })])
    const res = await fetch(`${t.url}/v1/comments`)
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect((await res.json()).comments[0].comment).toBe(comment)
  })

  it.each([
    ['?limit=0', 'limit must be a whole number from 1 to 100 (got "0")'],
    ['?limit=101', 'limit must be a whole number from 1 to 100 (got "101")'],
    ['?limit=ten', 'limit must be a whole number from 1 to 100 (got "ten")'],
    ['?limit=1e1', 'limit must be a whole number from 1 to 100 (got "1e1")'],
    ['?limit=%205', 'limit must be a whole number from 1 to 100 (got " 5")'],
    ['?before=1%27%20OR%201=1', `before must be the "next" value of a previous page (got "1' OR 1=1")`],
    ['?groupBy=day', 'unknown parameter "groupBy": /v1/comments takes survey, touchpoint, stage, from, to, device, locale, limit, before, q, context.<key>'],
  ])('answers %s with 400', async (query, error) => {
    const { status, body } = await getJson(t.url, `/v1/comments${query}`)
    expect(status).toBe(400)
    expect(body).toEqual({ error })
  })
})
