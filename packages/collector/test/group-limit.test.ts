import { describe, expect, it } from 'vitest'
import { MAX_GROUPS, reach, statsResult } from '@touchpoint/collector'
import { envelope, event, response } from './fixtures.js'
import { getJson, post, seed } from './harness/http.js'
import { STORES, useCollector } from './harness/stores.js'

const order = (i: number) => `A-${String(i).padStart(5, '0')}`

describe.each(STORES)('the groups of GET /v1/stats on %s', (store) => {
  const t = useCollector(store)

  // A key whose values are unique per answer (an order id) makes one group per answer: the
  // answer stops at MAX_GROUPS groups, those with the most answers, and says it stopped.
  it.each([
    ['the daily counts', ''],
    ['the answers themselves', '&from=2026-01-01T00:00:00Z'],
  ])('returns at most MAX_GROUPS groups, those with the most answers, and says so (%s)', async (_, period) => {
    const answers = Array.from({ length: MAX_GROUPS + 1 }, (_, i) => response({ context: { orderId: order(i) } }))
    // Order 3 and the last have two answers each: they are kept, whatever their place in the group order.
    answers.push(response({ context: { orderId: order(3) } }), response({ context: { orderId: order(MAX_GROUPS) } }))
    await seed(t.url, answers)
    const { status, body } = await getJson(t.url, `/v1/stats?groupBy=context.orderId${period}`)
    expect(status).toBe(200)
    expect(body.truncated).toBe(true)
    expect(body.results).toHaveLength(MAX_GROUPS)
    const ids = body.results.map((r: Record<string, string>) => r['context.orderId'])
    // Still in group order; of the groups of one answer, the first in that order are kept.
    expect(ids).toEqual([...ids].sort())
    expect(ids.at(-1)).toBe(order(MAX_GROUPS))
    expect(ids).not.toContain(order(MAX_GROUPS - 1))
    expect(body.results.filter((r: { n: number }) => r.n === 2).map((r: Record<string, string>) => r['context.orderId'])).toEqual([order(3), order(MAX_GROUPS)])
  })

  it('gives no counts of prompts past the cap, rather than listing a group left out as never answered', async () => {
    const last = `t-${order(MAX_GROUPS)}`
    await seed(t.url, Array.from({ length: MAX_GROUPS + 1 }, (_, i) => response({ touchpoint: `t-${order(i)}` })))
    expect((await post(t.url, envelope([], [event({ touchpoint: last }), event({ touchpoint: 't-A-00000' })]))).status).toBe(200)
    const { body } = await getJson(t.url, '/v1/stats?groupBy=touchpoint')
    expect(body.truncated).toBe(true)
    expect(body.results.map((r: { touchpoint: string }) => r.touchpoint)).not.toContain(last)
    expect(body.unanswered).toEqual([])
    expect(body.results[0]).toMatchObject({ touchpoint: 't-A-00000', shown: null, dismissed: null, responseRate: null })
  })

  it('says truncated: false when every group is there', async () => {
    await seed(t.url, Array.from({ length: MAX_GROUPS }, (_, i) => response({ context: { orderId: order(i) } })))
    const { body } = await getJson(t.url, '/v1/stats?groupBy=context.orderId')
    expect(body.results).toHaveLength(MAX_GROUPS)
    expect(body.truncated).toBe(false)
    expect((await getJson(t.url, '/v1/stats')).body.truncated).toBe(false)
  })

  it('counts a group by all its rows, a folded group as one, and keeps the rows of the groups kept whole', async () => {
    await seed(t.url, [
      ...['a', 'a', 'b', 'c'].map((plan) => response({ context: { plan } })),
      ...[4, 5].map((score) => response({ type: 'csat', score, context: { plan: 'b' } })),
      ...[5, 6].map((score) => response({ type: 'ces', score, context: { plan: 'c' } })),
      ...['d', 'e', 'f', 'g'].map((plan) => response({ context: { plan } })),
      response(),
    ])
    // b and c: 3 answers each on two rows; a: 2 on one row; d, e, f, g and no plan: 1 each.
    const plans = async (maxGroups: number, minAnswers = 0) => {
      const { rows, truncated } = await statsResult(t.db, {}, ['context.plan'], { maxGroups, minAnswers })
      return { rows: rows.map((r) => [r['context.plan'], r.folded?.['context.plan'] ?? '', r.type, r.n]), truncated }
    }
    expect(await plans(2)).toEqual({ rows: [['b', '', 'nps', 1], ['b', '', 'csat', 2], ['c', '', 'nps', 1], ['c', '', 'ces', 2]], truncated: true })
    expect(await plans(8)).toMatchObject({ truncated: false })
    expect((await plans(8)).rows).toHaveLength(10)
    expect(await plans(7)).toMatchObject({ truncated: true })
    // With minAnswers=2, d, e, f and g are one group of 4 answers ("other"), ahead of b and c.
    expect(await plans(2, 2)).toEqual({ rows: [['b', '', 'nps', 1], ['b', '', 'csat', 2], ['other', 4, 'nps', 4]], truncated: true })
  })

  it('leaves reach out (null), rather than partial, when the prompts come in more groups than that', async () => {
    await seed(t.url, [response({ touchpoint: 'checkout' })])
    const shown = ['checkout', 'checkout', 'search', 'cart'].map((touchpoint) => event({ touchpoint }))
    expect((await post(t.url, envelope([], shown))).status).toBe(200)
    expect(await reach(t.db, {}, ['touchpoint'], 2)).toEqual({ truncated: true })
    const all = await reach(t.db, {}, ['touchpoint'], 3)
    expect(all.truncated).toBe(false)
    expect(all.counts?.map((c) => [c.groups.touchpoint, c.shown])).toEqual(expect.arrayContaining([['checkout', 2], ['search', 1], ['cart', 1]]))
    const { body } = await getJson(t.url, '/v1/stats?groupBy=touchpoint')
    expect(body).toMatchObject({ truncated: false, results: [{ touchpoint: 'checkout', n: 1, shown: 2 }] })
  })
})
