import { afterEach, describe, expect, it } from 'vitest'
import { envelope, event, response } from './fixtures.js'
import { post } from './harness/http.js'
import { STORES, useCollector } from './harness/stores.js'

describe.each(STORES)('POST /v1/responses on %s', (store) => {
  const t = useCollector(store, { allowedOrigins: ['https://shop.test'] })

  it('stores each response once, however often it is sent', async () => {
    const batch = envelope([response(), response({ score: 3 })])
    expect(await (await post(t.url, batch)).json()).toEqual({ accepted: 2, duplicates: 0, rejected: [] })
    expect(await (await post(t.url, batch)).json()).toEqual({ accepted: 0, duplicates: 2, rejected: [] })
    expect(await t.count()).toBe(2)
  })

  it('counts an id sent twice in one batch once', async () => {
    const r = response()
    expect(await (await post(t.url, envelope([r, { ...r, score: 0 }]))).json()).toEqual({ accepted: 1, duplicates: 1, rejected: [] })
    const [row] = await t.db.query<{ score: number }>('SELECT score FROM responses')
    expect(row!.score).toBe(r.score)
  })

  it('stores each answer once when two collectors on one database receive the same batch at once', async () => {
    const other = await t.start({})
    const batch = envelope(Array.from({ length: 20 }, () => response()))
    const answers = await Promise.all([post(t.url, batch), post(other.url, batch), post(t.url, batch)].map(async (r) => (await r).json()))
    expect(answers.reduce((sum, a) => sum + a.accepted, 0)).toBe(20)
    expect(answers.reduce((sum, a) => sum + a.duplicates, 0)).toBe(40)
    expect(await t.count()).toBe(20)
  })

  it('accepts text/plain, as sendBeacon sends it', async () => {
    const res = await post(t.url, envelope([response()]), { 'Content-Type': 'text/plain;charset=UTF-8' })
    expect(await res.json()).toMatchObject({ accepted: 1 })
  })

  it('stores every field of the protocol', async () => {
    const r = response({
      comment: 'Fast checkout',
      locale: 'it-IT',
      page: { url: 'https://shop.test/checkout?step=2', path: '/checkout', referrer: 'https://shop.test/cart' },
      visitor: { anonymousId: 'anon-7', userId: 'u-42', attributes: { plan: 'pro', seats: 3 } },
      device: 'mobile',
      answeredAt: '2026-11-20T11:00:00.000+01:00',
    })
    await post(t.url, envelope([r]))
    const rows = await t.db.query(
      `SELECT id, survey_id, type, scale_min, scale_max, score, comment, touchpoint, stage, locale, trigger, page_url, page_path,
         referrer, anonymous_id, user_id, attributes, device, answered_at = '2026-11-20T10:00:00Z' AS utc_instant FROM responses`,
    )
    expect(rows).toEqual([
      {
        id: r.id, survey_id: 'nps-survey', type: 'nps', scale_min: 0, scale_max: 10, score: 9, comment: 'Fast checkout',
        touchpoint: 'checkout', stage: 'purchase', locale: 'it-IT', trigger: 'event:checkout_completed',
        page_url: 'https://shop.test/checkout?step=2', page_path: '/checkout', referrer: 'https://shop.test/cart',
        anonymous_id: 'anon-7', user_id: 'u-42', attributes: { plan: 'pro', seats: 3 }, device: 'mobile', utc_instant: true,
      },
    ])
  })

  it('keeps the fields it does not know out of the way', async () => {
    const res = await post(t.url, envelope([{ ...response(), experiment: 'b' }]))
    expect(await res.json()).toEqual({ accepted: 1, duplicates: 0, rejected: [] })
  })

  it('reads an optional field sent as null as one left out, in answers and events alike', async () => {
    const nulls = {
      comment: null, stage: null, locale: null, trigger: null, device: null, context: null,
      page: { url: null, path: null, referrer: null }, visitor: { anonymousId: null, userId: null, attributes: null },
    }
    const r = { ...response(), ...nulls }
    const e = { ...event(), ...nulls, comment: undefined }
    const res = await post(t.url, envelope([r, response()], [e, event()]))
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ accepted: 2, duplicates: 0, rejected: [], events: { accepted: 2, duplicates: 0, rejected: [] } })
    expect(await t.db.query('SELECT comment, stage, locale, trigger, device, context, page_url, page_path, referrer, anonymous_id, user_id, attributes FROM responses WHERE id = $1', [r.id]))
      .toEqual([{ comment: null, stage: null, locale: null, trigger: null, device: null, context: null, page_url: null, page_path: null, referrer: null, anonymous_id: null, user_id: null, attributes: null }])
    expect(await t.db.query('SELECT stage, locale, trigger, device, page_url, anonymous_id, user_id, attributes FROM events WHERE id = $1', [e.id]))
      .toEqual([{ stage: null, locale: null, trigger: null, device: null, page_url: null, anonymous_id: null, user_id: null, attributes: null }])
  })

  it('stores a blank comment as no comment', async () => {
    await post(t.url, envelope([response({ comment: '  \n ' })]))
    expect(await t.db.query('SELECT comment FROM responses')).toEqual([{ comment: null }])
  })

  it('answers an empty batch with zeros', async () => {
    expect(await (await post(t.url, envelope([]))).json()).toEqual({ accepted: 0, duplicates: 0, rejected: [] })
  })

  describe('bad input', () => {
    // Whatever came before, the collector still answers, and still stores.
    afterEach(async () => {
      expect((await fetch(`${t.url}/health`)).status).toBe(200)
      expect((await post(t.url, envelope([response()]))).status).toBe(200)
    })

    it('rejects a bad record and keeps the good ones of its batch', async () => {
      const bad = response({ score: 11 })
      const res = await post(t.url, envelope([response(), bad]))
      expect(res.status).toBe(200)
      expect(await res.json()).toEqual({ accepted: 1, duplicates: 0, rejected: [{ id: bad.id, reason: 'score 11 is outside the nps scale 0–10' }] })
      expect(await t.db.query('SELECT score FROM responses')).toEqual([{ score: 9 }])
    })

    it.each([
      ['an NPS of -1', { score: -1 }, 'score -1 is outside the nps scale 0–10'],
      ['a CSAT of 0', { type: 'csat', score: 0 }, 'score 0 is outside the csat scale 1–5'],
      ['a CSAT of 6', { type: 'csat', score: 6 }, 'score 6 is outside the csat scale 1–5'],
      ['a CES-7 of 8', { type: 'ces', score: 8 }, 'score 8 is outside the ces scale 1–7'],
      ['a CES-5 of 6', { type: 'ces', scale: { min: 1, max: 5 }, score: 6 }, 'score 6 is outside the ces scale 1–5'],
      ['a score as text', { score: '9' }, 'score must be a whole number on the nps scale 0–10 (got "9")'],
      ['a fractional score', { score: 8.5 }, 'score must be a whole number on the nps scale 0–10 (got 8.5)'],
      ['an unknown type', { type: 'ces2' }, 'type must be nps, csat or ces (got "ces2")'],
      ['an NPS on the CSAT scale', { scale: { min: 1, max: 5 } }, 'scale must be { "min": 0, "max": 10 } for nps (got {"min":1,"max":5})'],
      ['a comment as a number', { comment: 42 }, 'comment must be a text of at most 5000 characters (got 42)'],
      ['a comment that is too long', { comment: 'x'.repeat(5001) }, 'comment must be a text of at most 5000 characters (got a text of 5001 characters)'],
      ['a missing touchpoint', { touchpoint: undefined }, 'touchpoint must be a text of 1–64 characters (got nothing)'],
      ['an unknown stage', { stage: 'checkout' }, 'stage must be one of awareness, consideration, purchase, retention, advocacy (got "checkout")'],
      ['a date that is not ISO 8601', { answeredAt: 'Fri Nov 20 2026' }, 'answeredAt must be an ISO 8601 date-time on a real calendar day, such as 2026-11-22T09:59:58.120Z (got "Fri Nov 20 2026")'],
      ['a day that does not exist', { answeredAt: '2026-02-30T10:00:00.000Z' }, 'answeredAt must be an ISO 8601 date-time on a real calendar day, such as 2026-11-22T09:59:58.120Z (got "2026-02-30T10:00:00.000Z")'],
      ['a date without a time', { answeredAt: '2026-02-28' }, 'answeredAt must be an ISO 8601 date-time on a real calendar day, such as 2026-11-22T09:59:58.120Z (got "2026-02-28")'],
      ['a date from a reset clock', { answeredAt: '1970-01-01T00:00:00.000Z' }, "answeredAt 1970-01-01T00:00:00.000Z is before the year 2000: the device's clock is wrong"],
      ['an id that is not a UUID', { id: "1' OR '1'='1" }, `id must be a UUID (got "1' OR '1'='1")`],
      ['a NUL in a comment', { comment: 'a\u0000b' }, 'texts must not contain NUL (\\u0000) characters'],
      ['a NUL in an attribute name', { visitor: { anonymousId: 'a', attributes: { 'x\u0000': 1 } } }, 'texts must not contain NUL (\\u0000) characters'],
      ['an unknown device', { device: 'tv' }, 'device must be one of mobile, tablet, desktop (got "tv")'],
    ])('rejects %s, naming the field', async (_, patch, reason) => {
      const r = response(patch as never)
      const res = await post(t.url, envelope([r]))
      expect(await res.json()).toEqual({ accepted: 0, duplicates: 0, rejected: [{ id: typeof r.id === 'string' ? r.id : null, reason }] })
      expect(await t.count()).toBe(0)
    })

    it('names a score too large for a number (1e400) rather than saying it got null', async () => {
      const r = response()
      const res = await post(t.url, JSON.stringify(envelope([r])).replace('"score":9', '"score":1e400'))
      expect((await res.json()).rejected).toEqual([{ id: r.id, reason: 'score must be a whole number on the nps scale 0–10 (got a number too large to hold (beyond ±1.8e308))' }])
    })

    it("rejects visitor attributes holding a number too large to hold (1e400), naming it, rather than storing null", async () => {
      const r = response({ visitor: { anonymousId: 'a-1', attributes: { plan: 'pro', ltv: 1 } } } as never)
      const ok = response()
      const res = await post(t.url, JSON.stringify(envelope([r, ok])).replace('"ltv":1', '"ltv":{"by":[2,-1e400]}'))
      expect(await res.json()).toEqual({ accepted: 1, duplicates: 0, rejected: [{ id: r.id, reason: 'visitor.attributes.ltv.by[1] is a number too large to hold (beyond ±1.8e308)' }] })
    })

    it('rejects a record that is not an object without an id', async () => {
      const res = await post(t.url, envelope(['nps 9', null]))
      expect((await res.json()).rejected).toEqual([
        { id: null, reason: 'a response must be an object (got "nps 9")' },
        { id: null, reason: 'a response must be an object (got null)' },
      ])
    })

    it.each([
      ['malformed JSON', '{"v": 1, "responses": [', /^the body is not valid JSON: /],
      ['a key given twice in the envelope', `{"v":1,"responses":[${JSON.stringify(response())}],\n"responses":[]}`, /^"responses" is given twice in one object, on line 2, outside the records: give it once$/],
      ['a key given twice in a field outside the records', `{"v":1,"responses":[${JSON.stringify(response())}],"meta":{"a":1,"a":2}}`, /^"a" is given twice in one object, on line 1, outside the records: give it once$/],
      ['a JSON array', '[]', /^the body must be a JSON object/],
      ['another protocol version', JSON.stringify({ v: 2, responses: [] }), /^unsupported protocol version 2 \(this collector speaks "v": 1\)$/],
      ['a protocol version too large to hold', '{"v":1e400,"responses":[]}', /^unsupported protocol version a number too large to hold \(beyond ±1\.8e308\) \(this collector speaks "v": 1\)$/],
      ['no responses', JSON.stringify({ v: 1 }), /^responses must be an array of responses$/],
      ['too many responses', JSON.stringify(envelope(Array(1001).fill({}))), /^at most 1000 responses per request \(got 1001\)/],
    ])('answers %s with 400 and stores nothing', async (_, body, error) => {
      const res = await post(t.url, body)
      expect(res.status).toBe(400)
      expect((await res.json()).error).toMatch(error)
      expect(await t.count()).toBe(0)
    })

    const nest = (n: number) => '['.repeat(n) + ']'.repeat(n)
    const TOO_DEEP = 'the record nests arrays and objects more than 32 levels deep, counting the envelope: it was not read'

    it.each([
      ['an unknown field, one level too deep', `{"v":1,"responses":[],"x":${nest(32)}}`],
      ['an unknown field, 500,000 levels deep', `{"v":1,"responses":[],"x":${nest(500_000)}}`],
      ['an unknown field before responses', `{"v":1,"x":{"y":${nest(500_000)}},"responses":[${JSON.stringify(response())}]}`],
      ['the body itself', nest(500_000)],
    ])('answers nesting too deep in %s with 400 and stores nothing', async (_, body) => {
      const res = await post(t.url, body)
      expect(res.status).toBe(400)
      expect(await res.json()).toEqual({ error: 'the body nests arrays and objects more than 32 levels deep' })
      expect(await t.count()).toBe(0)
    })

    it.each([
      ['an unknown field', (r: object) => ({ ...r, x: '@' })],
      ['visitor.attributes', (r: object) => ({ ...r, visitor: { anonymousId: 'a', attributes: { plan: '@' } } })],
      ['a record that is all nesting', () => '@'],
    ])('rejects a record nested too deep in %s, and keeps the others of its batch', async (_, make) => {
      const [good1, bad, good2] = [response(), response(), response()]
      for (const depth of [31, 500_000]) {
        const deep = JSON.stringify(make(bad)).replace('"@"', nest(depth))
        const body = `{"v":1,"responses":[${JSON.stringify({ ...good1, id: crypto.randomUUID() })},${deep},${JSON.stringify({ ...good2, id: crypto.randomUUID() })}]}`
        const res = await post(t.url, body)
        expect(res.status).toBe(200)
        expect(await res.json()).toEqual({
          accepted: 2,
          duplicates: 0,
          rejected: [{ id: typeof make(bad) === 'string' ? null : bad.id, reason: TOO_DEEP }],
        })
      }
      expect(await t.count()).toBe(4)
    })

    it('takes a record nested up to the limit', async () => {
      // The envelope, responses, the record, visitor, attributes: 5 levels; 27 more are allowed.
      const r = response({ visitor: { anonymousId: 'a', attributes: { plan: '@' } } })
      const body = JSON.stringify(envelope([r])).replace('"@"', nest(27))
      expect(await (await post(t.url, body)).json()).toEqual({ accepted: 1, duplicates: 0, rejected: [] })
    })

    it('rejects a record or an event that gives a key twice, and keeps the others of its batch', async () => {
      const [good, bad] = [response(), response()]
      const [goodEvent, badEvent] = [event(), event()]
      // JSON.parse would store the last score (10) and lose the first without a word.
      const twice = (r: object, key: string, value: unknown) => JSON.stringify(r).replace('{', `{${JSON.stringify(key)}:${JSON.stringify(value)},`)
      const body = `{"v":1,"responses":[${JSON.stringify(good)},${twice(bad, 'score', 0)}],"events":[${twice(badEvent, 'kind', 'dismissed')},${JSON.stringify(goodEvent)}]}`
      const res = await post(t.url, body)
      expect(res.status).toBe(200)
      const reason = (key: string) => `"${key}" is given twice in one object: the record was not stored, since JSON keeps one of the two and loses the other`
      expect(await res.json()).toEqual({
        accepted: 1,
        duplicates: 0,
        rejected: [{ id: bad.id, reason: reason('score') }],
        events: { accepted: 1, duplicates: 0, rejected: [{ id: badEvent.id, reason: reason('kind') }] },
      })
      expect(await t.count()).toBe(1)
    })

    it('rejects a record that gives a key twice in an object inside it, named once, escaped', async () => {
      const bad = response({ visitor: { anonymousId: 'a', attributes: { plan: 'pro' } } })
      const key = '\u202eplan'
      const body = JSON.stringify(envelope([bad])).replace('"plan":"pro"', `${JSON.stringify(key)}:1,${JSON.stringify(key)}:2,"plan":"pro","plan":"free"`)
      const res = await post(t.url, body)
      expect((await res.json()).rejected).toEqual([
        { id: bad.id, reason: '"\\u202eplan" is given twice in one object: the record was not stored, since JSON keeps one of the two and loses the other' },
      ])
    })

    it('writes the characters a log would act on as escapes in a JSON syntax error', async () => {
      const res = await post(t.url, 'x\u202e\u0085evil\u2028')
      expect(res.status).toBe(400)
      const { error } = await res.json()
      expect(error).toMatch(/^the body is not valid JSON: /)
      expect(error).not.toMatch(/[\u202e\u0085\u2028]/)
      expect(error).toContain('\\u202e')
    })

    it('refuses a 2 MB body with 413 and stores nothing of it', async () => {
      const big = envelope(Array.from({ length: 400 }, () => response({ comment: 'x'.repeat(5000) })))
      const res = await post(t.url, big)
      expect(res.status).toBe(413)
      expect((await res.json()).error).toBe('the body is larger than 1048576 bytes: send fewer responses per request')
      expect(await t.count()).toBe(0)
    })

    it('refuses a streamed body with no length once it passes the limit', async () => {
      const chunk = new TextEncoder().encode('x'.repeat(64 * 1024))
      let sent = 0
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if ((sent += chunk.length) > 4 * 1024 * 1024) controller.close()
          else controller.enqueue(chunk)
        },
      })
      const res = await fetch(`${t.url}/v1/responses`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body, duplex: 'half' } as RequestInit)
      expect(res.status).toBe(413)
    })

    it.each([
      ['a form', { 'Content-Type': 'application/x-www-form-urlencoded' }, 'send the body as application/json or text/plain (got "application/x-www-form-urlencoded")'],
      ['a gzipped body', { 'Content-Encoding': 'gzip' }, 'send the body uncompressed (got Content-Encoding "gzip")'],
    ])('refuses %s with 415', async (_, headers, error) => {
      const res = await post(t.url, envelope([response()]), headers)
      expect(res.status).toBe(415)
      expect(await res.json()).toEqual({ error })
      expect(await t.count()).toBe(0)
    })

    it('stores SQL and HTML in comments as the text they are', async () => {
      const texts = ["'); DROP TABLE responses; --", 'Robert\'); DELETE FROM responses WHERE (\'1\'=\'1', '<script>alert(1)</script><img src=x onerror=alert(2)>']
      const res = await post(t.url, envelope(texts.map((comment) => response({ comment, touchpoint: "x' OR 1=1 --" }))))
      expect(await res.json()).toMatchObject({ accepted: 3 })
      const rows = await t.db.query<{ comment: string; touchpoint: string }>('SELECT comment, touchpoint FROM responses ORDER BY comment')
      expect(rows.map((r) => r.comment)).toEqual([...texts].sort())
      expect(new Set(rows.map((r) => r.touchpoint))).toEqual(new Set(["x' OR 1=1 --"]))
    })

    it('answers a page on an origin it does not know with 403 and stores nothing', async () => {
      const res = await post(t.url, envelope([response()]), { Origin: 'https://evil.test' })
      expect(res.status).toBe(403)
      expect(res.headers.get('access-control-allow-origin')).toBeNull()
      expect(await res.json()).toEqual({ error: 'origin https://evil.test is not in TOUCHPOINT_ALLOWED_ORIGINS' })
      expect(await t.count()).toBe(0)
    })
  })

  it('answers CORS preflights for allowed origins and refuses others', async () => {
    const preflight = (origin: string) =>
      fetch(`${t.url}/v1/responses`, {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type,idempotency-key' },
      })
    const ok = await preflight('https://shop.test')
    expect(ok.status).toBe(204)
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://shop.test')
    expect(ok.headers.get('access-control-allow-methods')).toBe('POST, OPTIONS')
    expect(ok.headers.get('access-control-allow-headers')).toBe('content-type,idempotency-key')
    expect((await preflight('https://evil.test')).status).toBe(403)
    const sent = await post(t.url, envelope([response()]), { Origin: 'https://shop.test' })
    expect(sent.headers.get('access-control-allow-origin')).toBe('https://shop.test')
    expect(sent.headers.get('vary')).toBe('Origin')
  })

  it('takes answers from any page when the allowlist is *', async () => {
    const open = await t.start({ allowedOrigins: '*' })
    const res = await post(open.url, envelope([response()]), { Origin: 'https://anywhere.test' })
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBe('https://anywhere.test')
  })

  it('slows down a client that sends too often, saying when to retry', async () => {
    const limited = await t.start({ ratePerMinute: 2 })
    const statuses = []
    for (let i = 0; i < 3; i++) statuses.push((await post(limited.url, envelope([response()]))).status)
    expect(statuses).toEqual([200, 200, 429])
    const res = await post(limited.url, envelope([response()]))
    expect(res.status).toBe(429)
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    expect(Number(res.headers.get('retry-after'))).toBeLessThanOrEqual(30)
    expect(await t.count()).toBe(2)
  })
})
