import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { startCollector, StartupError } from '@touchpoint/collector'
import { CHECKED_HEADER, VERSION } from '@touchpoint/core'
import type { Survey, SurveyConfig } from '@touchpoint/core'
import { envelope, response } from './fixtures.js'
import { post } from './harness/http.js'
import { openTestDatabase, STORES, useCollector } from './harness/stores.js'

const TOKEN = 'config-admin-token-0123456789abcdef'
const SHOP = 'https://shop.test'
const AUTH = { Authorization: `Bearer ${TOKEN}` }
const DAY = 86_400_000

const survey = (id: string, patch: Partial<Survey> = {}): Survey => ({ id, type: 'nps', touchpoint: id, triggers: [{ on: 'event', event: `${id}_done` }], ...patch })
const CONFIG: SurveyConfig = { surveys: [survey('checkout-nps'), survey('support-ces', { type: 'ces' })], globalCooldownDays: 7 }

const dir = mkdtempSync(join(tmpdir(), 'tp-config-api-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let files = 0
/** A config file with `config` in it. */
const file = (config: unknown) => {
  const f = join(dir, `touchpoint-${++files}.json`)
  writeFileSync(f, typeof config === 'string' ? config : JSON.stringify(config, null, 2))
  return f
}

describe.each(STORES)('the config API on %s', (store) => {
  const t = useCollector(store, { adminToken: TOKEN, allowedOrigins: [SHOP] })

  beforeEach(async () => {
    await t.db.query('TRUNCATE config_versions')
  })

  /** PUT /v1/config. */
  const put = (body: unknown, headers: Record<string, string> = {}, query = '') =>
    fetch(`${t.url}/v1/config${query}`, {
      method: 'PUT',
      headers: { ...AUTH, 'Content-Type': 'application/json', ...headers },
      body: typeof body === 'string' || body instanceof Blob ? body : JSON.stringify(body),
    })
  const publish = async (config: unknown, query = '') => {
    const res = await put(config, {}, query)
    expect(res.status, await res.clone().text()).toBe(200)
    return (await res.json()).version as number
  }
  const served = async (headers: Record<string, string> = {}) => {
    const res = await fetch(`${t.url}/v1/config`, { headers })
    return { status: res.status, etag: res.headers.get('etag'), cache: res.headers.get('cache-control'), body: res.status === 200 ? await res.json() : undefined }
  }
  const servedIds = async () => ((await served()).body as SurveyConfig).surveys.map((s) => s.id)
  const admin = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${t.url}${path}`, { ...init, headers: { ...AUTH, ...init.headers } })
    return { status: res.status, etag: res.headers.get('etag'), body: await res.json() }
  }
  /** POST /v1/config/rollback. */
  const rollback = (body: unknown, headers: Record<string, string> = {}) =>
    admin('/v1/config/rollback', { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) })

  describe('PUT /v1/config', () => {
    it('publishes at once: the next GET serves the new config', async () => {
      expect((await served()).status).toBe(404)
      const res = await put(CONFIG)
      expect(res.status).toBe(200)
      expect(await res.json()).toEqual({ version: 1 })
      expect(res.headers.get('etag')).toBe('"v1"')
      expect((await served()).body).toEqual(CONFIG)
      const next = { ...CONFIG, surveys: [survey('checkout-nps', { question: 'How likely are you to recommend us?' })] }
      expect(await publish(next)).toBe(2)
      expect((await served()).body).toEqual(next)
    })

    it('lists every problem of an invalid config with its path, and changes nothing', async () => {
      await publish(CONFIG)
      const before = await served()
      const res = await put({
        surveys: [survey('ok'), { ...survey('broken'), type: 'nsp', triggers: [{ on: 'scroll', percent: 150 }], status: 'stopped' }, survey('ok')],
        globalCooldownDays: -1,
      })
      expect(res.status).toBe(400)
      expect(await res.json()).toEqual({
        error: 'the config has 5 problems: nothing was published',
        problems: [
          { path: 'globalCooldownDays', message: 'globalCooldownDays must be a number ≥ 0 (got -1)' },
          { path: 'surveys[1].type', message: 'type must be one of nps, csat, ces (got "nsp")' },
          { path: 'surveys[1].triggers[0].percent', message: 'triggers[0].percent must be a number from 1 to 100 (got 150)' },
          { path: 'surveys[1].status', message: 'status must be one of live, paused, draft (got "stopped")' },
          { path: 'surveys[2].id', message: 'id is used by an earlier survey' },
        ],
      })
      expect(await served()).toEqual(before)
      expect((await admin('/v1/config/versions')).body.versions).toHaveLength(1)
    })

    it.each([
      ['not JSON', '{ "surveys": [', /^the body is not valid JSON: /],
      // \xff is no UTF-8: read as text it would become U+FFFD, published without a word.
      ['not UTF-8', new Blob([Buffer.from('{ "surveys": [], "note": "\xff" }', 'latin1')]), /^the body is not valid UTF-8: send it as UTF-8 text$/],
      ['giving a key twice', '{\n  "surveys": [],\n  "surveys": [{ "id": "x" }]\n}', /^"surveys" is given twice in one object, on line 3: keep one \(the other would be lost\)$/],
      ['not a config', '[1, 2]', /^the config has to be an object: \{ "surveys": \[ … \] \} \(got an array\)/],
      ['nested without end', `{"surveys":[{"id":"x","type":"nps","triggers":[{"on":"pageview","url":${'{"not":'.repeat(1000)}{}${'}'.repeat(1000)}}]}]}`, /nests arrays and objects more than 32 levels deep/],
    ])('refuses a body that is %s with 400 and its problem', async (_, body, message) => {
      const res = await put(body)
      expect(res.status).toBe(400)
      const answer = await res.json()
      expect(answer.problems).toHaveLength(1)
      expect(answer.problems[0].message).toMatch(message)
      expect((await served()).status).toBe(404)
    })

    it('refuses a body that is not sent as JSON', async () => {
      const res = await put(CONFIG, { 'Content-Type': 'text/plain' })
      expect(res.status).toBe(415)
      expect((await served()).status).toBe(404)
    })

    it('keeps the latest version when the config is the same, without a new one', async () => {
      await publish(CONFIG)
      expect(await publish(CONFIG)).toBe(1)
      expect((await admin('/v1/config/versions')).body.versions).toHaveLength(1)
    })

    it('keeps a note with the version', async () => {
      await publish(CONFIG, `?note=${encodeURIComponent('Checkout NPS for the winter sale ❄')}`)
      expect((await admin('/v1/config/versions/1')).body.note).toBe('Checkout NPS for the winter sale ❄')
      expect((await put(CONFIG, {}, `?note=${'x'.repeat(1001)}`)).status).toBe(400)
      expect((await put(CONFIG, {}, '?nope=1')).status).toBe(400)
    })

    it('refuses a number too large to hold (1e400) anywhere in the config, naming where, rather than publishing it as null', async () => {
      const text = JSON.stringify({ surveys: [survey('a', { triggers: [{ on: 'event', event: 'a_done', delaySeconds: 1 }] })] })
      for (const [huge, path] of [['1e400', 'surveys[0].triggers[0].delaySeconds'], ['-1e400', 'surveys[0].triggers[0].delaySeconds']]) {
        const res = await put(text.replace('"delaySeconds":1', `"delaySeconds":${huge}`))
        const problem = `${path} is a number too large to hold (beyond ±1.8e308)`
        expect([res.status, await res.json()]).toEqual([400, { error: problem, problems: [{ path, message: problem }] }])
      }
      // In a member the config does not know (refused by the checker anyway) and at the top.
      expect((await (await put('{"surveys":[],"x":[1e400]}')).json()).problems).toEqual([{ path: 'x[0]', message: 'x[0] is a number too large to hold (beyond ±1.8e308)' }])
      expect((await (await put('1e400')).json()).error).toBe('the body is a number too large to hold (beyond ±1.8e308)')
      expect((await served()).status).toBe(404)
    })

    it('refuses a NUL anywhere in the config or its note, naming where; stores half an emoji as U+FFFD, readable again', async () => {
      const nul = { surveys: [survey('a', { question: 'Hello\u0000world' })] }
      const res = await put(nul)
      expect(res.status).toBe(400)
      const problem = 'surveys[0].question must not contain NUL (\\u0000) characters'
      expect(await res.json()).toEqual({ error: problem, problems: [{ path: 'surveys[0].question', message: problem }] })
      expect(await (await put(CONFIG, {}, '?note=%00')).json()).toEqual({ error: 'parameter "note" must not contain NUL (\\u0000) characters' })
      expect((await served()).status).toBe(404)

      await publish({ surveys: [survey('a', { question: 'Cut mid-emoji \ud83d' })] })
      const latest = await admin('/v1/config/versions/latest')
      expect(latest.status).toBe(200)
      expect(latest.body.config.surveys[0].question).toBe('Cut mid-emoji \ufffd')
      expect((await admin('/v1/config/versions')).status).toBe(200)
      expect((await served()).body.surveys[0].question).toBe('Cut mid-emoji \ufffd')
    })

    it('says a config too large is too large, without the advice meant for answers', async () => {
      const res = await put({ surveys: [survey('a', { question: 'x'.repeat(1_100_000) })] })
      expect(res.status).toBe(413)
      expect((await res.json()).error).toBe('the body is larger than 1048576 bytes')
    })
  })

  describe('the checked header', () => {
    const checkedHeader = async (headers: Record<string, string> = {}) => {
      const res = await fetch(`${t.url}/v1/config`, { headers })
      return { checked: res.headers.get(CHECKED_HEADER), exposed: res.headers.get('access-control-expose-headers') }
    }

    it('vouches for a config that passes every check of the SDK, naming the version of the rules, readable cross-origin', async () => {
      await publish(CONFIG)
      expect(await checkedHeader({ Origin: SHOP })).toEqual({ checked: VERSION, exposed: expect.stringContaining(CHECKED_HEADER) })
      // On a 304 too, which the browser merges into the copy it keeps.
      const { etag } = await served()
      const res = await fetch(`${t.url}/v1/config`, { headers: { 'If-None-Match': etag! } })
      expect([res.status, res.headers.get(CHECKED_HEADER)]).toEqual([304, VERSION])
    })

    it('does not vouch for a click trigger, whose CSS selector only a browser can check', async () => {
      await publish({ surveys: [survey('help-ces', { type: 'ces', triggers: [{ on: 'click', selector: '#help' }] })] })
      expect((await checkedHeader()).checked).toBeNull()
    })

    it('does not vouch for a version that the rules of this collector refuse (published before them)', async () => {
      const old = { surveys: [{ ...survey('old-nps'), retired: true }] }
      await t.db.query("INSERT INTO config_versions (version, config, published_by) VALUES (1, $1, 'admin')", [JSON.stringify(old)])
      const res = await fetch(`${t.url}/v1/config`)
      expect(res.status).toBe(200)
      expect((await res.json()).surveys.map((s: Survey) => s.id)).toEqual(['old-nps'])
      expect(res.headers.get(CHECKED_HEADER)).toBeNull()
    })
  })

  describe('ETags', () => {
    it('answers 304 while the served config is the same, and a new ETag once it changes', async () => {
      await publish(CONFIG)
      const first = await served()
      expect(first.etag).toMatch(/^"v1-[\w-]{27}"$/)
      expect(first.cache).toBe('no-cache')
      expect((await served({ 'If-None-Match': first.etag! })).status).toBe(304)
      // A query string (a site busting its cache) is no different.
      expect((await fetch(`${t.url}/v1/config?v=3`, { headers: { 'If-None-Match': first.etag! } })).status).toBe(304)
      expect((await served({ 'If-None-Match': `"x", W/${first.etag}` })).status).toBe(304)
      await publish({ ...CONFIG, globalCooldownDays: 3 })
      const second = await served({ 'If-None-Match': first.etag! })
      expect(second.status).toBe(200)
      expect(second.etag).toMatch(/^"v2-/)
    })

    it('refuses a publish with 412 when someone published meanwhile (If-Match), changing nothing', async () => {
      await publish(CONFIG)
      const seen = (await served()).etag!
      // Someone else publishes version 2 …
      await publish({ ...CONFIG, globalCooldownDays: 1 })
      // … so a publish made on top of version 1 must not overwrite it.
      for (const tag of [seen, '"v1"']) {
        const res = await put({ ...CONFIG, globalCooldownDays: 30 }, { 'If-Match': tag })
        expect(res.status).toBe(412)
        const body = await res.json()
        expect(body.error).toMatch(/^version 2 was published meanwhile \(by admin, \d{4}-.+\): load it and make your change on top of it$/)
        expect(body.latest).toMatchObject({ version: 2, publishedBy: 'admin' })
      }
      expect((await served()).body.globalCooldownDays).toBe(1)
      // Made on top of the latest version, it goes through; a weak tag never matches.
      expect((await put({ ...CONFIG, globalCooldownDays: 30 }, { 'If-Match': 'W/"v2"' })).status).toBe(412)
      expect((await put({ ...CONFIG, globalCooldownDays: 30 }, { 'If-Match': '"v2"' })).status).toBe(200)
      expect((await served()).body.globalCooldownDays).toBe(30)
    })

    it('refuses an If-Match that is not a list of ETags with 400, before reading the body, and says so when it names no version published here', async () => {
      await publish(CONFIG)
      for (const header of ['v1', '"v1"junk', '"v1', 'W/v1']) {
        const res = await put({ ...CONFIG, globalCooldownDays: 30 }, { 'If-Match': header })
        expect(res.status).toBe(400)
        expect((await res.json()).error).toBe(`If-Match must be * or ETags in double quotes, e.g. "v7" (got ${JSON.stringify(header)})`)
        const back = await rollback({ version: 1 }, { 'If-Match': header })
        expect(back.status).toBe(400)
      }
      // The header is read before the body: its problem is the one named.
      expect((await (await put('not json', { 'If-Match': 'v1' })).json()).error).toMatch(/^If-Match must be/)
      // Entity tags, but none a version published here: 412, saying so rather than "published meanwhile".
      for (const header of ['"7"', 'W/"v1"', '"v2"', '"x", "v9"']) {
        const res = await put({ ...CONFIG, globalCooldownDays: 30 }, { 'If-Match': header })
        expect(res.status).toBe(412)
        const body = await res.json()
        expect(body.error).toBe('If-Match names no version published here: the latest is version 1 (ETag "v1"); load it and make your change on top of it')
        expect(body.latest).toMatchObject({ version: 1 })
      }
      expect((await served()).body.globalCooldownDays).toBe(CONFIG.globalCooldownDays)
      expect((await put({ ...CONFIG, globalCooldownDays: 30 }, { 'If-Match': '"x" , "v1"' })).status).toBe(200)
    })

    it('takes If-Match: * only when a version exists', async () => {
      expect((await put(CONFIG, { 'If-Match': '*' })).status).toBe(412)
      await publish(CONFIG)
      expect((await put({ ...CONFIG, globalCooldownDays: 2 }, { 'If-Match': '*' })).status).toBe(200)
    })

    it('takes If-None-Match: * only while no version exists: a first publish does not replace one made meanwhile', async () => {
      expect((await put(CONFIG, { 'If-None-Match': '*' })).status).toBe(200)
      // Someone else, who also found nothing published, publishes next: refused, naming version 1.
      const res = await put({ ...CONFIG, globalCooldownDays: 30 }, { 'If-None-Match': '*' })
      expect(res.status).toBe(412)
      const body = await res.json()
      expect(body.error).toMatch(/^version 1 was published meanwhile \(by admin, \d{4}-.+\): load it and make your change on top of it$/)
      expect(body.latest).toMatchObject({ version: 1, publishedBy: 'admin' })
      // The same config as the latest is no exception: something is published.
      expect((await put(CONFIG, { 'If-None-Match': '*' })).status).toBe(412)
      expect((await served()).body.globalCooldownDays).toBe(CONFIG.globalCooldownDays)
    })
  })

  describe('history', () => {
    it('lists versions newest first, with who, when and the note, a page at a time', async () => {
      await publish(CONFIG, '?note=first')
      await publish({ surveys: [survey('a')] })
      await publish({ surveys: [survey('a'), survey('b')] }, '?note=third')
      const { body } = await admin('/v1/config/versions')
      expect(body.next).toBeNull()
      expect(body.versions).toEqual([
        { version: 3, publishedAt: expect.stringMatching(/Z$/), publishedBy: 'admin', note: 'third', rollbackOf: null, surveys: ['a', 'b'] },
        { version: 2, publishedAt: expect.stringMatching(/Z$/), publishedBy: 'admin', note: null, rollbackOf: null, surveys: ['a'] },
        { version: 1, publishedAt: expect.stringMatching(/Z$/), publishedBy: 'admin', note: 'first', rollbackOf: null, surveys: ['checkout-nps', 'support-ces'] },
      ])
      const page = await admin('/v1/config/versions?limit=2')
      expect(page.body.versions.map((v: { version: number }) => v.version)).toEqual([3, 2])
      expect(page.body.next).toBe(2)
      const rest = await admin('/v1/config/versions?limit=2&before=2')
      expect(rest.body.versions.map((v: { version: number }) => v.version)).toEqual([1])
      expect((await admin('/v1/config/versions?limit=0')).status).toBe(400)
    })

    it('gives one version, or the latest, with its config and ETag', async () => {
      await publish(CONFIG)
      await publish({ surveys: [survey('a')] })
      const one = await admin('/v1/config/versions/1')
      expect(one.status).toBe(200)
      expect(one.etag).toBe('"v1"')
      expect(one.body).toMatchObject({ version: 1, publishedBy: 'admin', config: CONFIG })
      // The key order of the config is kept as published.
      expect(Object.keys(one.body.config.surveys[0])).toEqual(['id', 'type', 'touchpoint', 'triggers'])
      expect((await admin('/v1/config/versions/latest')).body).toMatchObject({ version: 2, config: { surveys: [survey('a')] } })
      for (const path of ['/v1/config/versions/3', '/v1/config/versions/0', '/v1/config/versions/x', '/v1/config/versions/1/2']) {
        expect((await admin(path)).status, path).toBe(404)
      }
    })
  })

  describe('POST /v1/config/rollback', () => {
    it('publishes a copy of an earlier version as a new one', async () => {
      await publish(CONFIG)
      await publish({ surveys: [survey('a')] })
      expect(await rollback({ version: 1 })).toMatchObject({ status: 200, body: { version: 3 }, etag: '"v3"' })
      expect((await served()).body).toEqual(CONFIG)
      expect((await admin('/v1/config/versions/3')).body).toMatchObject({ rollbackOf: 1, note: 'Rolled back to version 1', config: CONFIG })
      expect((await rollback({ version: 2, note: 'a is back' })).body).toEqual({ version: 4 })
      expect((await admin('/v1/config/versions/4')).body).toMatchObject({ rollbackOf: 2, note: 'a is back' })
      // The versions in between stay in the history.
      expect((await admin('/v1/config/versions')).body.versions.map((v: { version: number }) => v.version)).toEqual([4, 3, 2, 1])
    })

    it('honours If-Match, and refuses what is not a published version', async () => {
      await publish(CONFIG)
      await publish({ surveys: [survey('a')] })
      expect((await rollback({ version: 1 }, { 'If-Match': '"v1"' })).status).toBe(412)
      expect((await rollback({ version: 9 })).status).toBe(404)
      for (const body of [{}, { version: '1' }, { version: 0 }, { version: 1.5 }, { version: 1, why: 'x' }, [1], { version: 1, note: 'a\u0000b' }]) {
        expect((await rollback(body)).status, JSON.stringify(body)).toBe(400)
      }
      // Beyond the version column's integer (PostgreSQL would fail the query): refused as the
      // history's ?before= is, not answered with a 500.
      for (const version of [2 ** 31, 3_000_000_000, 1_000_000_000]) {
        expect(await rollback({ version }), String(version)).toEqual({
          status: 400,
          etag: null,
          body: { error: `version must be a whole number from 1 to 999999999 (got ${version})` },
        })
      }
      // Too large for a double: named, not shown as the Infinity JSON.parse makes of it.
      const huge = await admin('/v1/config/rollback', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"version":1e400}' })
      expect(huge).toMatchObject({ status: 400, body: { error: 'version is a number too large to hold (beyond ±1.8e308)' } })
      expect(await rollback({ version: 999_999_999 })).toMatchObject({ status: 404, body: { error: 'no version 999999999 is published' } })
      expect((await served()).body).toEqual({ surveys: [survey('a')] })
    })
  })

  describe('survey lifecycle', () => {
    const now = Date.now()
    const iso = (ms: number) => new Date(ms).toISOString()

    it.each<[string, Partial<Survey>]>([
      ['paused', { status: 'paused' }],
      ['a draft', { status: 'draft' }],
      ['before its startsAt', { startsAt: iso(now + DAY) }],
      ['after its endsAt', { endsAt: iso(now - DAY) }],
    ])('leaves a survey out of what is served while it is %s', async (_, patch) => {
      await publish({ surveys: [survey('always'), survey('held', patch)] })
      expect(await servedIds()).toEqual(['always'])
      // The versions keep the survey as published, for the dashboard.
      expect((await admin('/v1/config/versions/latest')).body.config.surveys[1]).toMatchObject(patch)
    })

    it('serves a live survey inside its dates, with them, so that devices stop it on time', async () => {
      const held = survey('dated', { status: 'live', startsAt: iso(now - DAY), endsAt: iso(now + DAY) })
      await publish({ surveys: [held] })
      expect((await served()).body.surveys).toEqual([held])
    })

    it('stops serving a survey, with a new ETag, the moment real answers reach its cap', async () => {
      await publish({ surveys: [survey('capped', { maxResponses: 3 }), survey('other')] })
      const answer = () => response({ surveyId: 'capped', touchpoint: 'capped' })
      await post(t.url, envelope([answer(), answer(), response({ surveyId: 'other' })]))
      const under = await served()
      expect(under.body.surveys.map((s: Survey) => s.id)).toEqual(['capped', 'other'])
      // A duplicate is not an answer more.
      const third = answer()
      await post(t.url, envelope([third]))
      await post(t.url, envelope([third]))
      const full = await served({ 'If-None-Match': under.etag! })
      expect(full.status).toBe(200)
      expect(full.etag).not.toBe(under.etag)
      expect(full.body.surveys.map((s: Survey) => s.id)).toEqual(['other'])
      // Raising the cap serves it again.
      await publish({ surveys: [survey('capped', { maxResponses: 4 }), survey('other')] })
      expect(await servedIds()).toEqual(['capped', 'other'])
    })

    it('is served at once by every collector on the database', async () => {
      const other = await t.start({ adminToken: TOKEN })
      await publish({ surveys: [survey('one')] })
      expect(((await (await fetch(`${other.url}/v1/config`)).json()) as SurveyConfig).surveys.map((s) => s.id)).toEqual(['one'])
      await publish({ surveys: [survey('one', { status: 'paused' })] })
      expect(((await (await fetch(`${other.url}/v1/config`)).json()) as SurveyConfig).surveys).toEqual([])
    })
  })

  describe('who may publish', () => {
    it.each([
      ['PUT', '/v1/config'],
      ['GET', '/v1/config/versions'],
      ['GET', '/v1/config/versions/1'],
      ['POST', '/v1/config/rollback'],
    ])('%s %s needs the admin token', async (method, path) => {
      await publish(CONFIG)
      const res = await fetch(`${t.url}${path}`, { method, headers: { 'Content-Type': 'application/json' }, body: method === 'GET' ? undefined : JSON.stringify(method === 'PUT' ? {} : { version: 1 }) })
      expect(res.status).toBe(401)
      expect((await served()).body).toEqual(CONFIG)
    })

    it('refuses a publish from a page that may only send, even with *, but serves it the config', async () => {
      await publish(CONFIG)
      const open = await t.start({ adminToken: TOKEN, allowedOrigins: '*' })
      const res = await fetch(`${open.url}/v1/config`, {
        method: 'PUT',
        headers: { ...AUTH, 'Content-Type': 'application/json', Origin: 'https://evil.test' },
        body: JSON.stringify({ surveys: [] }),
      })
      expect(res.status).toBe(403)
      expect((await res.json()).error).toBe('origin https://evil.test may not publish to this collector: list it by name in TOUCHPOINT_ALLOWED_ORIGINS')
      const rollback = await fetch(`${open.url}/v1/config/rollback`, { method: 'POST', headers: { ...AUTH, 'Content-Type': 'text/plain', Origin: 'https://evil.test' }, body: '{"version":1}' })
      expect(rollback.status).toBe(403)
      const get = await fetch(`${open.url}/v1/config`, { headers: { Origin: 'https://evil.test' } })
      expect(get.status).toBe(200)
      expect(get.headers.get('access-control-allow-origin')).toBe('https://evil.test')
      expect((await served()).body).toEqual(CONFIG)
    })

    it('lets a listed origin publish, and says so to the preflight', async () => {
      const preflight = await fetch(`${t.url}/v1/config`, {
        method: 'OPTIONS',
        headers: { Origin: SHOP, 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'authorization, content-type, if-match' },
      })
      expect(preflight.status).toBe(204)
      expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, PUT, HEAD, OPTIONS')
      expect((await put(CONFIG, { Origin: SHOP })).status).toBe(200)
    })
  })

  describe('GET /v1/config/schema', () => {
    it('serves the JSON Schema of the config, to anyone', async () => {
      const res = await fetch(`${t.url}/v1/config/schema`)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('application/schema+json; charset=utf-8')
      expect((await res.json()).title).toBe('Touchpoint survey config')
    })
  })
})

describe.each(STORES)('a config file at start, on %s', (store) => {
  const open = async () => {
    const handle = await openTestDatabase(store)
    const started: { close(): Promise<void> }[] = []
    const start = async (o: Parameters<typeof startCollector>[0]) => {
      const c = await startCollector({ port: 0, ratePerMinute: 0, ...o, db: handle.db })
      started.push(c)
      return c
    }
    const versions = async () => (await handle.db.query<{ version: number; published_by: string }>('SELECT version, published_by FROM config_versions ORDER BY version')).map((r) => `${r.version} ${r.published_by}`)
    const close = async () => {
      await Promise.all(started.map((c) => c.close()))
      await handle.close()
    }
    return { start, versions, close }
  }
  const servedBy = async (url: string) => (await (await fetch(`${url}/v1/config`)).json()) as SurveyConfig

  it('--config FILE: the file becomes a new version when it differs from the latest one', async () => {
    const db = await open()
    try {
      const f = file(CONFIG)
      const first = await db.start({ configFile: f })
      expect(first.config).toEqual({ file: f, version: 1, created: true })
      expect(await servedBy(first.url)).toEqual(CONFIG)
      // The same file again: nothing new.
      expect((await db.start({ configFile: f })).config).toEqual({ file: f, version: 1, created: false })
      // Someone publishes from the dashboard; a restart with the file serves the file again.
      const edited = { surveys: [survey('from-the-studio')] }
      await fetch(`${first.url}/v1/config`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(edited) })
      const again = await db.start({ configFile: f })
      expect(again.config).toMatchObject({ version: 3, created: true })
      expect(await servedBy(again.url)).toEqual(CONFIG)
      expect(await db.versions()).toEqual([`1 --config ${f.split('/').at(-1)}`, '2 admin', `3 --config ${f.split('/').at(-1)}`])
    } finally {
      await db.close()
    }
  })

  it('--seed-config FILE: the file is published only into a database without a config', async () => {
    const db = await open()
    try {
      const first = await db.start({ seedConfigFile: file(CONFIG) })
      expect(first.config).toMatchObject({ version: 1, created: true })
      const edited = { surveys: [survey('from-the-studio')] }
      await fetch(`${first.url}/v1/config`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(edited) })
      const restarted = await db.start({ seedConfigFile: file({ surveys: [survey('other')] }) })
      expect(restarted.config).toMatchObject({ version: 2, created: false })
      expect(await servedBy(restarted.url)).toEqual(edited)
    } finally {
      await db.close()
    }
  })

  it('stops the start when the file is invalid, listing every problem, and publishes nothing', async () => {
    const db = await open()
    try {
      const bad = file({ surveys: [{ id: 'x', type: 'nps', triggers: [{ on: 'hover' }], status: 'off' }] })
      const start = db.start({ configFile: bad })
      await expect(start).rejects.toThrow(StartupError)
      await expect(start).rejects.toThrow(
        `--config ${bad} is not a valid survey config:\n  survey "x": triggers[0].on must be one of pageview, event, click, exit_intent, scroll, dwell, idle, visit (got "hover"); status must be one of live, paused, draft (got "off")`,
      )
      // A misspelt field, which the browser would only warn about, stops the start here, with the field meant.
      const typo = file({ surveys: [{ ...survey('typo'), folowUp: true }] })
      await expect(db.start({ configFile: typo })).rejects.toThrow(
        `--config ${typo} is not a valid survey config:\n  survey "typo": folowUp is not a known field (did you mean followUp?)`,
      )
      await expect(db.start({ seedConfigFile: file('{ "surveys": [') })).rejects.toThrow(/^--seed-config .+: /)
      // A key given twice: JSON.parse would keep the later one, and the first would be lost without a word.
      const twice = file(JSON.stringify({ surveys: [survey('a')] }, null, 2).replace('"id": "a",', '"id": "a",\n      "type": "csat",'))
      await expect(db.start({ configFile: twice })).rejects.toThrow(`--config ${twice}: "type" is given twice in one object, on line 6: keep one (the other would be lost)`)
      const nul = file({ surveys: [survey('a', { touchpoint: 'a\u0000' })] })
      await expect(db.start({ configFile: nul })).rejects.toThrow(`--config ${nul}: surveys[0].touchpoint must not contain NUL (\\u0000) characters`)
      const huge = file(JSON.stringify({ surveys: [survey('a', { triggers: [{ on: 'event', event: 'a_done', delaySeconds: 1 }] })] }).replace('"delaySeconds":1', '"delaySeconds":1e999'))
      await expect(db.start({ configFile: huge })).rejects.toThrow(`--config ${huge}: surveys[0].triggers[0].delaySeconds is a number too large to hold (beyond ±1.8e308)`)
      await expect(db.start({ configFile: file(CONFIG), seedConfigFile: file(CONFIG) })).rejects.toThrow('--config and --seed-config both give the survey config: use one')
      expect(await db.versions()).toEqual([])
    } finally {
      await db.close()
    }
  })

  it('keeps its promise on the storefront demo: the four surveys, from the file', async () => {
    const db = await open()
    try {
      const demo = new URL('../../../examples/storefront/touchpoint.json', import.meta.url)
      const c = await db.start({ seedConfigFile: demo.pathname })
      expect((await servedBy(c.url)).surveys.map((s) => s.id)).toEqual(
        (JSON.parse(readFileSync(demo, 'utf8')) as SurveyConfig).surveys.map((s) => s.id),
      )
      // The file's $schema is a path beside it; served, it leads to this collector's schema.
      const { $schema } = (await servedBy(c.url)) as { $schema?: string }
      const schema = await fetch(new URL($schema!, `${c.url}/v1/config`))
      expect([schema.status, schema.headers.get('content-type')]).toEqual([200, 'application/schema+json; charset=utf-8'])
      expect(await schema.json()).toMatchObject({ title: 'Touchpoint survey config' })
      // The history keeps the file as published.
      expect((await (await fetch(`${c.url}/v1/config/versions/latest`)).json()).config.$schema).toBe('../../packages/core/touchpoint.schema.json')
    } finally {
      await db.close()
    }
  })
})
