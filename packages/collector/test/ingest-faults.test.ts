import { afterEach, describe, expect, it, vi } from 'vitest'
import { envelope, response } from './fixtures.js'
import { post } from './harness/http.js'
import { STORES, useCollector } from './harness/stores.js'

// A record that passes validation can still be refused by the database (a constraint, a limit
// of the store). A trigger stands in for that here: it refuses the answers of one touchpoint,
// with the SQLSTATE and a message quoting the comment, as PostgreSQL's own messages quote values.
const refuse = (code: string) => `
  CREATE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF NEW.touchpoint = 'refused' THEN
      RAISE EXCEPTION USING ERRCODE = '${code}', MESSAGE = format('cannot take "%s" from "%s"', NEW.comment, NEW.user_id),
        DETAIL = format('Failing row contains (%s, %s)', NEW.comment, NEW.page_url);
    END IF;
    RETURN NEW;
  END $$;
  CREATE TRIGGER test_refuse BEFORE INSERT ON responses FOR EACH ROW EXECUTE FUNCTION test_refuse();`

const PRIVATE = { comment: 'my secret comment', visitor: { anonymousId: 'a-1', userId: 'jane@example.com', attributes: { card: '4111-1111' } }, page: { url: 'https://shop.test/reset/TOKEN123', path: '/reset' } }

describe.each(STORES)('POST /v1/responses when the database refuses, on %s', (store) => {
  const t = useCollector(store)
  afterEach(async () => {
    vi.restoreAllMocks()
    await t.db.query('DROP TRIGGER IF EXISTS test_refuse ON responses; DROP FUNCTION IF EXISTS test_refuse(); DROP SEQUENCE IF EXISTS test_deadlocks')
  })

  it('stores a lone UTF-16 surrogate in any text as U+FFFD, attribute names included, with the rest of the batch', async () => {
    // What a page that cuts a name mid-emoji sends; JSON.stringify writes the same escapes.
    const r = response({
      comment: 'great \ud83d',
      visitor: { anonymousId: 'a-\udc00', userId: 'u-\ud83d', attributes: { name: 'Jo\ud83d', ['\ude00key']: ['x\ud83d'], ok: '\ud83d\ude00' } },
      page: { url: 'https://shop.test/\ud83d', path: '/\ud83d', referrer: 'https://shop.test/\udfff' },
      locale: 'en\ud83d',
      trigger: 'event:\ud83d',
      touchpoint: 'check\ud83dout',
    })
    const res = await post(t.url, envelope([response(), r, response()]))
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ accepted: 3, duplicates: 0, rejected: [] })
    const [row] = await t.db.query(
      'SELECT comment, touchpoint, locale, trigger, page_url, page_path, referrer, anonymous_id, user_id, attributes FROM responses WHERE id = $1',
      [r.id],
    )
    expect(row).toEqual({
      comment: 'great \ufffd', touchpoint: 'check\ufffdout', locale: 'en\ufffd', trigger: 'event:\ufffd',
      page_url: 'https://shop.test/\ufffd', page_path: '/\ufffd', referrer: 'https://shop.test/\ufffd',
      anonymous_id: 'a-\ufffd', user_id: 'u-\ufffd',
      attributes: { name: 'Jo\ufffd', '\ufffdkey': ['x\ufffd'], ok: '\ud83d\ude00' },
    })
  })

  it('stores the good records one by one when the database refuses the batch for one of them', async () => {
    await t.db.query(refuse('23514'))
    const good = [response(), response(), response()]
    const bad = response({ touchpoint: 'refused', ...PRIVATE })
    const res = await post(t.url, envelope([good[0], bad, good[1], good[2], good[0]]))
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({
      accepted: 3,
      duplicates: 1,
      rejected: [{ id: bad.id, reason: 'the database cannot store this record: cannot take "…" from "…" (SQLSTATE 23514)' }],
    })
    expect((await t.db.query<{ id: string }>('SELECT id FROM responses ORDER BY id')).map((r) => r.id)).toEqual(good.map((r) => r.id).sort())
    // The daily counts saw the three, once.
    expect((await t.db.query<{ n: number }>('SELECT sum(n)::int AS n FROM answer_counts'))[0]!.n).toBe(3)
  })

  it('answers 503 with Retry-After when the disk is full, logs it once a minute without the answers, and says so at /health', async () => {
    await t.db.query(refuse('53100'))
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    const batches = Array.from({ length: 5 }, () => [response({ touchpoint: 'refused', ...PRIVATE }), response()])
    for (const batch of batches) {
      const res = await post(t.url, envelope(batch))
      expect(res.status).toBe(503)
      expect(res.headers.get('retry-after')).toBe('30')
      expect(await res.json()).toEqual({ error: 'the database cannot store answers right now: retry later' })
    }
    expect(await t.count()).toBe(0)
    const health = await fetch(`${t.url}/health`)
    expect(health.status).toBe(503)
    expect((await health.json()).error).toMatch(/^cannot store answers: a write failed \d+ s ago: 53100 cannot take "…" from/)
    const lines = error.mock.calls.map((args) => args.join(' '))
    // One line for the failed batches, one for /health: not one per request.
    expect(lines).toHaveLength(2)
    expect(lines[0]).toMatch(/^\[collector\] POST \/v1\/responses: 503, 53100 cannot take "…" from "…"; ids /)
    const ids = batches[0]!.map((r) => r.id).sort()
    expect(lines[0]).toContain(`ids ${ids.join(', ')}`)
    for (const line of lines) {
      expect(line).not.toContain('jane@example.com')
      expect(line).not.toContain('my secret comment')
      expect(line).not.toContain('4111')
      expect(line).not.toContain('TOKEN123')
      expect(line).not.toContain('Failing row')
    }
    // A write that succeeds clears it.
    await t.db.query('DROP TRIGGER test_refuse ON responses')
    expect((await post(t.url, envelope([response()]))).status).toBe(200)
    expect((await fetch(`${t.url}/health`)).status).toBe(200)
  })

  // The first `n` statements that insert answers fail as a deadlock victim would.
  const deadlocks = (n: number) =>
    t.db.query(`CREATE SEQUENCE test_deadlocks;
      CREATE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF nextval('test_deadlocks') <= ${n} THEN RAISE EXCEPTION USING ERRCODE = '40P01', MESSAGE = 'deadlock detected'; END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER test_refuse AFTER INSERT ON responses FOR EACH STATEMENT EXECUTE FUNCTION test_refuse()`)

  it('runs a batch again after a deadlock', async () => {
    await deadlocks(4)
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    expect(await (await post(t.url, envelope([response(), response()]))).json()).toEqual({ accepted: 2, duplicates: 0, rejected: [] })
    expect(await t.count()).toBe(2)
    expect(error).not.toHaveBeenCalled()
  })

  it('answers 503 to a batch that keeps deadlocking, so that the SDK sends it again later', async () => {
    await deadlocks(5)
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const res = await post(t.url, envelope([response()]))
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe('30')
    expect(await t.count()).toBe(0)
  })

  it('logs a failed batch with its ids and the error, never the values the error carries', async () => {
    await t.db.query(refuse('XX000'))
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    const batch = [response({ touchpoint: 'refused', ...PRIVATE }), response(PRIVATE)]
    const res = await post(t.url, envelope(batch))
    expect(res.status).toBe(500)
    expect(await res.json()).toEqual({ error: 'internal error' })
    expect(error).toHaveBeenCalledTimes(1)
    const line = error.mock.calls[0]!.join(' ')
    expect(line).toBe(`[collector] POST /v1/responses: 500, XX000 cannot take "…" from "…"; ids ${batch.map((r) => r.id).sort().join(', ')}`)
    for (const value of ['my secret comment', 'jane@example.com', '4111', 'TOKEN123', 'Failing row']) expect(line).not.toContain(value)
  })
})
