import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { openPglite, startCollector } from '@touchpoint/collector'
import type { Collector, Database } from '@touchpoint/collector'
import { envelope, response } from './fixtures.js'

let db: Database
let c: Collector

beforeAll(async () => {
  db = await openPglite()
  c = await startCollector({ db, port: 0, allowedOrigins: ['https://shop.test'], ratePerMinute: 0 })
})
afterAll(async () => {
  await c?.close()
  await db?.close()
})
beforeEach(async () => {
  await db.query('TRUNCATE responses')
})

const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${c.url}/v1/responses`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })

describe('POST /v1/responses', () => {
  it('stores each response once, however often it is sent', async () => {
    const batch = envelope([response(), response({ score: 3 })])
    expect(await (await post(batch)).json()).toEqual({ accepted: 2, duplicates: 0, rejected: [] })
    expect(await (await post(batch)).json()).toEqual({ accepted: 0, duplicates: 2, rejected: [] })
    expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM responses'))[0]!.n).toBe(2)
  })

  it('accepts text/plain, as sendBeacon sends it', async () => {
    const res = await post(envelope([response()]), { 'Content-Type': 'text/plain;charset=UTF-8' })
    expect(await res.json()).toMatchObject({ accepted: 1 })
  })

  it('rejects a bad record but keeps the good ones of its batch', async () => {
    const bad = response({ score: 11 })
    const res = await post(envelope([response(), bad]))
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({
      accepted: 1,
      duplicates: 0,
      rejected: [{ id: bad.id, reason: 'score 11 is outside the nps scale 0–10' }],
    })
  })

  it.each([
    ['{not json', 400, 'the body is not valid JSON'],
    [JSON.stringify({ v: 2, responses: [] }), 400, 'unsupported protocol version 2 (this collector speaks v 1)'],
    [JSON.stringify({ v: 1 }), 400, 'responses must be an array'],
  ])('answers %s with %i', async (body, status, error) => {
    const res = await post(body)
    expect(res.status).toBe(status)
    expect(await res.json()).toEqual({ error })
  })

  it('refuses other content types', async () => {
    expect((await post('x', { 'Content-Type': 'application/x-www-form-urlencoded' })).status).toBe(415)
  })

  it('answers CORS preflights for allowed origins and refuses others', async () => {
    const pre = await fetch(`${c.url}/v1/responses`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://shop.test', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type,idempotency-key' },
    })
    expect(pre.status).toBe(204)
    expect(pre.headers.get('access-control-allow-origin')).toBe('https://shop.test')
    expect(pre.headers.get('access-control-allow-headers')).toBe('content-type,idempotency-key')
    const ok = await post(envelope([response()]), { Origin: 'https://shop.test' })
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://shop.test')
    const evil = await post(envelope([response()]), { Origin: 'https://evil.test' })
    expect(evil.status).toBe(403)
    expect((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM responses'))[0]!.n).toBe(1)
  })
})

describe('GET /v1/stats', () => {
  it('computes NPS from the stored answers', async () => {
    await post(envelope([10, 9, 8, 3].map((score) => response({ score }))))
    const res = await fetch(`${c.url}/v1/stats`)
    expect((await res.json()).results).toEqual([
      { type: 'nps', scale: { min: 0, max: 10 }, n: 4, score: 25, promoters: 2, passives: 1, detractors: 1 },
    ])
  })

  it('refuses an unknown grouping', async () => {
    const res = await fetch(`${c.url}/v1/stats?groupBy=month`)
    expect(res.status).toBe(400)
    expect((await res.json()).error).toMatch(/^groupBy must be/)
  })
})
