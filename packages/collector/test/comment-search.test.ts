import { describe, expect, it } from 'vitest'
import { envelope, response } from './fixtures.js'
import { getJson, post } from './harness/http.js'
import { STORES, useCollector } from './harness/stores.js'

const COMMENTS = [
  'Crème brûlée was GREAT',
  'creme fraiche, please',
  'Great service',
  '100% sure_thing',
  'Ça marche très bien',
  'nothing to see',
]

describe.each(STORES)('GET /v1/comments?q= on %s', (store) => {
  const t = useCollector(store)
  const search = async (q: string) => {
    const { status, body } = await getJson(t.url, `/v1/comments?q=${encodeURIComponent(q)}`)
    expect(status, JSON.stringify(body)).toBe(200)
    return body.comments.map((c: { comment: string }) => c.comment).sort()
  }
  const seedComments = () =>
    post(t.url, envelope(COMMENTS.map((comment, i) => response({ comment, answeredAt: `2026-11-20T10:00:0${i}.000Z`, context: { plan: 'pro' } } as never))))

  it.each([
    ['creme', ['Crème brûlée was GREAT', 'creme fraiche, please']],
    ['CRÈME', ['Crème brûlée was GREAT', 'creme fraiche, please']],
    ['great crème', ['Crème brûlée was GREAT']],
    ['grea', ['Crème brûlée was GREAT', 'Great service']],
    ['ca tres', ['Ça marche très bien']],
    ['100%', ['100% sure_thing']],
    ['s_r', []], // _ is no wildcard: "sur" is not found
    ['%', ['100% sure_thing']],
    // Full-width signs fold to % _ \ (unaccent's rules): literal there too, not wildcards.
    ['％', ['100% sure_thing']],
    ['s＿r', []],
    ['＿', ['100% sure_thing']],
    ['＼', []],
    ['  ', COMMENTS],
    ['pizza', []],
  ])('finds %j, whatever the case and accents', async (q, expected) => {
    await seedComments()
    expect(await search(q)).toEqual([...expected].sort())
  })

  it('names the words it searched for, and shows each comment with its context', async () => {
    await seedComments()
    const { body } = await getJson(t.url, '/v1/comments?q=great%20%20service&limit=1')
    expect([body.q, body.words, body.comments.length, body.next]).toEqual(['great  service', ['great', 'service'], 1, null])
    expect(body.comments[0]).toMatchObject({ comment: 'Great service', context: { plan: 'pro' } })
  })

  it('combines with the filter and pages like the latest comments', async () => {
    await seedComments()
    await post(t.url, envelope([response({ comment: 'great too', touchpoint: 'delivery' })]))
    const { body } = await getJson(t.url, '/v1/comments?q=great&touchpoint=checkout&limit=1')
    expect(body.comments.map((c: { comment: string }) => c.comment)).toEqual(['Great service'])
    const next = await getJson(t.url, `/v1/comments?q=great&touchpoint=checkout&limit=1&before=${body.next}`)
    expect(next.body.comments.map((c: { comment: string }) => c.comment)).toEqual(['Crème brûlée was GREAT'])
  })

  it.each([
    ['x'.repeat(201), 'q must be at most 200 characters (got 201)'],
    [Array.from({ length: 11 }, (_, i) => `w${i}`).join(' '), 'q must have at most 10 words (got 11)'],
  ])('answers a search too long with 400', async (q, error) => {
    expect(await getJson(t.url, `/v1/comments?q=${encodeURIComponent(q)}`).then((r) => [r.status, r.body])).toEqual([400, { error }])
  })
})
