import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startWebhookWorker } from '../../src/webhooks/worker.js'
import { envelope, response } from '../fixtures.js'
import { post } from '../harness/http.js'
import { STORES, useCollector } from '../harness/stores.js'
import { startReceiver } from './receiver.js'
import type { Receiver } from './receiver.js'

const TOKEN = 'webhook-admin-token-0123456789abcdef'
const auth = { Authorization: `Bearer ${TOKEN}` }
const NOT_PUBLIC = 'not a public address: webhooks reach public addresses only, unless the collector runs with --allow-private-webhooks (TOUCHPOINT_ALLOW_PRIVATE_WEBHOOKS=1)'

/** A request to the admin API with the token, JSON in and out. */
const api = async (base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...auth, ...(body !== undefined && { 'Content-Type': 'application/json' }), ...headers },
    body: body === undefined || body instanceof Blob ? body : JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers }
}

describe.each(STORES)('the webhook API on %s', (store) => {
  const t = useCollector(store, { adminToken: TOKEN, allowPrivateWebhooks: true, webhookWorker: false })
  let strict: Awaited<ReturnType<typeof t.start>>
  let receiver: Receiver
  beforeAll(async () => {
    receiver = await startReceiver()
    // The same database, without --allow-private-webhooks.
    strict = await t.start({ adminToken: TOKEN, webhookWorker: false })
  })
  afterAll(() => receiver.close())
  beforeEach(async () => {
    await t.db.query('TRUNCATE webhooks CASCADE')
    receiver.received.length = 0
    receiver.behave(() => 200)
  })

  it('creates a webhook and shows its secret once', async () => {
    const created = await api(t.url, 'POST', '/v1/webhooks', { url: receiver.url(), filter: { type: 'nps', scores: [0, 6], withComment: true }, format: 'slack' })
    expect(created.status).toBe(201)
    expect(created.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      secret: expect.stringMatching(/^whsec_/),
      url: receiver.url(),
      events: ['answer'],
      filter: { type: 'nps', scores: [0, 6], withComment: true },
      format: 'slack',
      enabled: true,
      disabledReason: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      pending: 0,
      failed: 0,
    })
    expect(created.headers.get('location')).toBe(`/v1/webhooks/${created.body.id}`)
    const { secret, ...shown } = created.body
    expect((await api(t.url, 'GET', '/v1/webhooks')).body).toEqual({ webhooks: [shown] })
    expect((await api(t.url, 'GET', `/v1/webhooks/${shown.id}`)).body).toEqual(shown)
    expect(JSON.stringify((await api(t.url, 'GET', '/v1/webhooks')).body)).not.toContain(secret)
  })

  it('changes and deletes a webhook, and its deliveries with it', async () => {
    const { body: w } = await api(t.url, 'POST', '/v1/webhooks', { url: receiver.url() })
    // One answer made into a delivery, another still in the outbox.
    await post(t.url, envelope([response()]))
    expect((await api(t.url, 'GET', `/v1/webhooks/${w.id}/deliveries`)).body.deliveries).toHaveLength(1)
    await post(t.url, envelope([response()]))
    const patched = await api(t.url, 'PATCH', `/v1/webhooks/${w.id}`, { filter: { touchpoint: 'checkout' }, enabled: false })
    expect(patched).toMatchObject({ status: 200, body: { id: w.id, filter: { touchpoint: 'checkout' }, enabled: false, url: receiver.url(), format: 'json' } })
    expect(patched.body.secret).toBeUndefined()
    expect((await api(t.url, 'DELETE', `/v1/webhooks/${w.id}`)).status).toBe(204)
    expect(await t.db.query('SELECT count(*)::int AS n FROM webhook_deliveries UNION ALL SELECT count(*)::int FROM webhook_outbox')).toEqual([{ n: 0 }, { n: 0 }])
    expect(await api(t.url, 'GET', `/v1/webhooks/${w.id}`)).toMatchObject({ status: 404, body: { error: `no webhook "${w.id}"` } })
    expect((await api(t.url, 'DELETE', `/v1/webhooks/${w.id}`)).status).toBe(404)
  })

  it.each([
    ['https://127.0.0.1/hook', `127.0.0.1 is ${NOT_PUBLIC}`],
    ['https://[::1]/hook', `::1 is ${NOT_PUBLIC}`],
    ['https://10.1.2.3/hook', `10.1.2.3 is ${NOT_PUBLIC}`],
    ['https://169.254.169.254/latest/meta-data', `169.254.169.254 is ${NOT_PUBLIC}`],
    ['https://[fd00::1]/hook', `fd00::1 is ${NOT_PUBLIC}`],
    ['https://[::127.0.0.1]/hook', `::7f00:1 is ${NOT_PUBLIC}`],
    ['https://localhost/hook', `localhost resolves to 127.0.0.1, which is ${NOT_PUBLIC}`],
  ])('refuses the private target %s without --allow-private-webhooks', async (url, problem) => {
    const res = await api(strict.url, 'POST', '/v1/webhooks', { url })
    expect(res).toEqual({ status: 400, body: { error: `url: ${problem}` }, headers: expect.anything() })
    // Nor may an existing webhook be pointed there.
    const { body: w } = await api(strict.url, 'POST', '/v1/webhooks', { url: 'https://93.184.215.14/hook' })
    expect((await api(strict.url, 'PATCH', `/v1/webhooks/${w.id}`, { url })).body).toEqual({ error: `url: ${problem}` })
    expect((await api(strict.url, 'GET', `/v1/webhooks/${w.id}`)).body.url).toBe('https://93.184.215.14/hook')
  })

  it('refuses a body that is not UTF-8, rather than store a URL with U+FFFD in it', async () => {
    const body = new Blob([Buffer.from(`{ "url": "${receiver.url()}\xff" }`, 'latin1')])
    expect(await api(t.url, 'POST', '/v1/webhooks', body)).toMatchObject({ status: 400, body: { error: 'the body is not valid UTF-8: send it as UTF-8 text' } })
    expect((await api(t.url, 'GET', '/v1/webhooks')).body.webhooks).toEqual([])
  })

  it('refuses plain http without --allow-private-webhooks, and takes it with', async () => {
    expect((await api(strict.url, 'POST', '/v1/webhooks', { url: 'http://93.184.215.14/hook' })).body).toEqual({
      error: 'url must start with https:// (got http://…): http is allowed only with --allow-private-webhooks',
    })
    expect((await api(t.url, 'POST', '/v1/webhooks', { url: receiver.url() })).status).toBe(201)
  })

  it.each([
    ['POST', '/v1/webhooks', { url: 'https://93.184.215.14/', filter: { type: 'nps', scores: [0, 11] } }, 400, 'filter.scores must be [min, max], whole numbers with min ≤ max on the nps scale 0–10, e.g. [0, 6] (got [0,11])'],
    ['POST', '/v1/webhooks', { url: 'https://93.184.215.14/', id: 'mine' }, 400, 'id is not a webhook field: use url, events, filter, format, enabled'],
    ['POST', '/v1/webhooks', { url: 'https://93.184.215.14/', filter: { touchpoint: 'a\u0000' } }, 400, 'filter.touchpoint must not contain NUL (\\u0000) characters'],
    ['POST', '/v1/webhooks', { url: 'https://93.184.215.14/\u0000' }, 400, 'url must not contain NUL (\\u0000) characters'],
    ['GET', '/v1/webhooks/not-a-uuid', undefined, 404, 'no webhook "not-a-uuid"'],
    ['GET', '/v1/webhooks/00000000-0000-4000-8000-000000000000/deliveries', undefined, 404, 'no webhook "00000000-0000-4000-8000-000000000000"'],
    ['POST', '/v1/webhooks/00000000-0000-4000-8000-000000000000/test', undefined, 404, 'no webhook "00000000-0000-4000-8000-000000000000"'],
    ['PUT', '/v1/webhooks', { url: 'https://93.184.215.14/' }, 405, '/v1/webhooks takes GET, POST, HEAD, OPTIONS, not PUT'],
  ])('%s %s %j → %i %s', async (method, path, body, status, error) => {
    expect(await api(t.url, method, path, body)).toMatchObject({ status, body: { error } })
  })

  it('refuses a body that gives a key twice in one object, naming it, rather than keep the last', async () => {
    const body = '{"url": "https://93.184.215.14/", "filter": {"survey": "checkout-nps", "survey": "support-ces"}}'
    const res = await fetch(`${t.url}/v1/webhooks`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body })
    expect([res.status, await res.json()]).toEqual([400, { error: '"survey" is given twice in one object, on line 1: keep one (the other would be lost)' }])
    expect((await api(t.url, 'GET', '/v1/webhooks')).body.webhooks).toEqual([])
  })

  it('takes a JSON body only as application/json, so that no page elsewhere can post one without asking', async () => {
    const res = await fetch(`${t.url}/v1/webhooks`, { method: 'POST', headers: { ...auth, 'Content-Type': 'text/plain' }, body: JSON.stringify({ url: receiver.url() }) })
    expect(res.status).toBe(415)
    expect((await api(t.url, 'GET', '/v1/webhooks')).body.webhooks).toEqual([])
  })

  it('needs the admin token, and refuses other origins', async () => {
    const { body: w } = await api(t.url, 'POST', '/v1/webhooks', { url: receiver.url() })
    for (const [method, path] of [
      ['GET', '/v1/webhooks'], ['POST', '/v1/webhooks'], ['GET', `/v1/webhooks/${w.id}`], ['PATCH', `/v1/webhooks/${w.id}`],
      ['DELETE', `/v1/webhooks/${w.id}`], ['POST', `/v1/webhooks/${w.id}/test`], ['GET', `/v1/webhooks/${w.id}/deliveries`],
      ['POST', `/v1/webhooks/${w.id}/deliveries/${w.id}/retry`],
    ]) {
      expect((await fetch(`${t.url}${path}`, { method })).status, `${method} ${path}`).toBe(401)
      expect((await fetch(`${t.url}${path}`, { method, headers: { ...auth, Origin: 'https://evil.test' } })).status, `${method} ${path}`).toBe(403)
    }
    expect(receiver.received).toEqual([])
    expect((await api(t.url, 'GET', `/v1/webhooks/${w.id}`)).body.enabled).toBe(true)
  })

  it('sends a signed sample on test, and says how the receiver answered', async () => {
    const { body: w } = await api(t.url, 'POST', '/v1/webhooks', { url: receiver.url('/test-json') })
    receiver.secret('/test-json', w.secret)
    const ok = await api(t.url, 'POST', `/v1/webhooks/${w.id}/test`)
    expect(ok).toMatchObject({ status: 200, body: { delivered: true, status: 200, error: null, delivery: receiver.received[0]!.delivery } })
    expect(receiver.received[0]).toMatchObject({ signed: true, event: 'test', json: { event: 'test', webhook: w.id, type: 'nps', score: 3, comment: 'Payment failed twice' } })

    receiver.behave(() => 500)
    expect((await api(t.url, 'POST', `/v1/webhooks/${w.id}/test`)).body).toMatchObject({ delivered: false, status: 500, error: 'the receiver answered 500' })
    // A test is not an answer: nothing waits in the outbox.
    expect((await api(t.url, 'GET', `/v1/webhooks/${w.id}/deliveries`)).body).toEqual({ deliveries: [], next: null })
  })

  it('lists deliveries newest first, by status, a page at a time', async () => {
    const { body: w } = await api(t.url, 'POST', '/v1/webhooks', { url: receiver.url() })
    const answers = Array.from({ length: 5 }, (_, i) => response({ answeredAt: new Date(Date.UTC(2026, 10, 20, 10, i)).toISOString(), score: i }))
    await post(t.url, envelope(answers))
    receiver.behave((r) => (r.json.score === 4 ? 500 : 200))
    const worker = startWebhookWorker({ db: t.db, allowPrivate: true, pollMs: 0 })
    await worker.runDue()
    await worker.stop()
    const first = await api(t.url, 'GET', `/v1/webhooks/${w.id}/deliveries?limit=2`)
    expect(first.body.deliveries.map((d: any) => [d.answer.score, d.status])).toEqual([[4, 'pending'], [3, 'delivered']])
    expect(first.body.deliveries[0]).toMatchObject({ event: 'answer', responseId: answers[4]!.id, surveyId: 'nps-survey', attempts: 1, lastStatus: 500, nextAttemptAt: expect.any(String) })
    const second = await api(t.url, 'GET', `/v1/webhooks/${w.id}/deliveries?limit=2&before=${first.body.next}`)
    expect(second.body.deliveries.map((d: any) => d.answer.score)).toEqual([2, 1])
    const pending = await api(t.url, 'GET', `/v1/webhooks/${w.id}/deliveries?status=pending`)
    expect(pending.body).toMatchObject({ deliveries: [{ answer: { score: 4 } }], next: null })
    expect((await api(t.url, 'GET', '/v1/webhooks')).body.webhooks[0]).toMatchObject({ pending: 1, failed: 0 })
    for (const [query, error] of [
      ['status=lost', 'status must be one of pending, delivered, failed (got "lost")'],
      ['limit=1000', 'limit must be a whole number from 1 to 100 (got "1000")'],
      // Digits only, as every limit: not a hexadecimal, an exponent, a space or a decimal point.
      ['limit=0x10', 'limit must be a whole number from 1 to 100 (got "0x10")'],
      ['limit=1e1', 'limit must be a whole number from 1 to 100 (got "1e1")'],
      ['limit=%205', 'limit must be a whole number from 1 to 100 (got " 5")'],
      ['limit=5.0', 'limit must be a whole number from 1 to 100 (got "5.0")'],
      ['before=x', 'before must be the "next" value of a previous page (got "x")'],
      ['sort=asc', `unknown parameter "sort": /v1/webhooks/${w.id}/deliveries takes status, limit, before`],
      ['status=failed&status=failed', 'parameter "status" is given twice'],
    ]) {
      expect(await api(t.url, 'GET', `/v1/webhooks/${w.id}/deliveries?${query}`)).toMatchObject({ status: 400, body: { error } })
    }
  })

  it('says which delivery a waiting one waits behind (answers go in order), retried or not', async () => {
    const { body: w } = await api(t.url, 'POST', '/v1/webhooks', { url: receiver.url() })
    receiver.behave(() => 500)
    const answers = Array.from({ length: 3 }, (_, i) => response({ answeredAt: new Date(Date.UTC(2026, 10, 20, 10, i)).toISOString(), score: i }))
    await post(t.url, envelope(answers.slice(0, 2)))
    await post(t.url, envelope([response({ surveyId: 'other-survey', score: 7 })]))
    const worker = startWebhookWorker({ db: t.db, allowPrivate: true, pollMs: 0 })
    await worker.runDue()
    await worker.stop()
    await post(t.url, envelope([answers[2]!]))
    const { deliveries } = (await api(t.url, 'GET', `/v1/webhooks/${w.id}/deliveries`)).body
    const by = (score: number, survey = 'nps-survey') => deliveries.find((d: any) => d.answer.score === score && d.surveyId === survey)
    const first = by(0)
    // The first of its survey's line, tried and waiting for its retry; the others of that survey
    // wait behind it, whatever their next attempt says; another survey's line is its own.
    expect(first).toMatchObject({ status: 'pending', attempts: 1, waitingFor: null })
    expect([by(1).waitingFor, by(2).waitingFor, by(7, 'other-survey').waitingFor]).toEqual([first.id, first.id, null])
    // Retrying one behind the first asks for no wait of its own: it still goes after the first.
    const retried = await api(t.url, 'POST', `/v1/webhooks/${w.id}/deliveries/${by(2).id}/retry`)
    expect(retried).toMatchObject({ status: 200, body: { id: by(2).id, status: 'pending', waitingFor: first.id } })
  })

  it('refuses a query parameter on every endpoint that takes none, and does nothing', async () => {
    const { body: w } = await api(t.url, 'POST', '/v1/webhooks', { url: receiver.url() })
    await post(t.url, envelope([response()]))
    const [d] = (await api(t.url, 'GET', `/v1/webhooks/${w.id}/deliveries`)).body.deliveries
    const dry = (path: string) => `unknown parameter "dryRun": ${path} takes none`
    for (const [method, path, body] of [
      ['GET', `/v1/webhooks/${w.id}`],
      // A script that thinks it only tries would otherwise turn the webhook off, or delete it.
      ['PATCH', `/v1/webhooks/${w.id}`, { enabled: false }],
      ['DELETE', `/v1/webhooks/${w.id}`],
      ['POST', '/v1/webhooks', { url: receiver.url() }],
      ['POST', `/v1/webhooks/${w.id}/test`],
      ['POST', `/v1/webhooks/${w.id}/deliveries/${d.id}/retry`],
    ] as const) {
      expect(await api(t.url, method, `${path}?dryRun=1`, body)).toMatchObject({ status: 400, body: { error: dry(path) } })
    }
    expect((await api(t.url, 'GET', '/v1/webhooks')).body.webhooks).toMatchObject([{ id: w.id, enabled: true }])
    expect(receiver.received).toEqual([])
  })

  it('retries only a delivery that is not delivered, of a webhook that is on', async () => {
    const { body: w } = await api(t.url, 'POST', '/v1/webhooks', { url: receiver.url() })
    await post(t.url, envelope([response()]))
    const [d] = (await api(t.url, 'GET', `/v1/webhooks/${w.id}/deliveries`)).body.deliveries
    const other = '00000000-0000-4000-8000-000000000000'
    expect(await api(t.url, 'POST', `/v1/webhooks/${w.id}/deliveries/${other}/retry`)).toMatchObject({ status: 404, body: { error: `webhook ${w.id} has no delivery "${other}"` } })
    // Pending: retried now rather than at its next attempt.
    expect(await api(t.url, 'POST', `/v1/webhooks/${w.id}/deliveries/${d.id}/retry`)).toMatchObject({ status: 200, body: { id: d.id, status: 'pending' } })
    await api(t.url, 'PATCH', `/v1/webhooks/${w.id}`, { enabled: false })
    expect(await api(t.url, 'POST', `/v1/webhooks/${w.id}/deliveries/${d.id}/retry`)).toMatchObject({
      status: 409,
      body: { error: `webhook ${w.id} is turned off (by an admin): turn it on (PATCH { "enabled": true }), then retry` },
    })
  })
})
