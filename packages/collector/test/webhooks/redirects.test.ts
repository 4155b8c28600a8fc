import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startWebhookWorker } from '../../src/webhooks/worker.js'
import type { WebhookWorker } from '../../src/webhooks/worker.js'
import { envelope, response } from '../fixtures.js'
import { post } from '../harness/http.js'
import { STORES, useCollector } from '../harness/stores.js'
import { startReceiver, travel } from './receiver.js'
import type { Receiver } from './receiver.js'

const HOUR = 3600e3

describe.each(STORES)('webhook redirects on %s', (store) => {
  const t = useCollector(store, { allowPrivateWebhooks: true, webhookWorker: false })
  // Where the redirects point: a receiver that would take anything, and must see nothing.
  let elsewhere: Receiver
  // The webhook's own address, which answers every POST with a redirect to `elsewhere`.
  let redirector: { url: string; status: number; hits: number; close(): Promise<void> }
  let workers: WebhookWorker[]

  beforeAll(async () => {
    elsewhere = await startReceiver()
    const server = createServer((req, res) => {
      redirector.hits++
      req.resume().on('end', () => res.writeHead(redirector.status, { Location: elsewhere.url('/final') }).end())
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    redirector = {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/moved`,
      status: 301,
      hits: 0,
      close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
    }
  })
  afterAll(async () => {
    await elsewhere.close()
    await redirector.close()
  })
  beforeEach(async () => {
    await t.db.query('TRUNCATE webhooks CASCADE')
    elsewhere.received.length = 0
    redirector.hits = 0
    workers = []
  })
  afterEach(() => Promise.all(workers.map((w) => w.stop())))

  it.each([301, 302, 307, 308])('does not follow a %i: the other URL gets nothing, the attempt fails with the status, and it gives up after 24 hours', async (status) => {
    redirector.status = status
    const created = await fetch(`${t.url}/v1/webhooks`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ url: redirector.url, events: ['answer'] }) })
    expect(created.status).toBe(201)
    const { id } = (await created.json()) as { id: string }
    expect(await (await post(t.url, envelope([response()]))).json()).toMatchObject({ accepted: 1 })
    const worker = startWebhookWorker({ db: t.db, allowPrivate: true, pollMs: 0, random: () => 0.5 })
    workers.push(worker)
    const deliveries = async () => (await (await fetch(`${t.url}/v1/webhooks/${id}/deliveries`)).json()).deliveries

    await worker.runDue()
    expect(redirector.hits).toBe(1)
    expect(elsewhere.received).toEqual([])
    let [d] = await deliveries()
    expect(d).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastStatus: status,
      lastError: `the receiver answered ${status}: redirects are not followed, point the webhook at the final URL`,
    })

    // Retried like any other failure, never sent on, until it is given up as failed.
    for (let i = 0; i < 100 && d.status === 'pending'; i++) {
      await travel(t.db, HOUR)
      await worker.runDue()
      ;[d] = await deliveries()
    }
    expect(d).toMatchObject({ status: 'failed', lastStatus: status, nextAttemptAt: null })
    expect(redirector.hits).toBe(d.attempts)
    expect(elsewhere.received).toEqual([])
  })

  it('says after Send a test, as in the deliveries, that a redirect is not followed', async () => {
    redirector.status = 308
    const created = await fetch(`${t.url}/v1/webhooks`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ url: redirector.url }) })
    const { id } = (await created.json()) as { id: string }
    const tested = await (await fetch(`${t.url}/v1/webhooks/${id}/test`, { method: 'POST' })).json()
    expect(tested).toMatchObject({ delivered: false, status: 308, error: 'the receiver answered 308: redirects are not followed, point the webhook at the final URL' })
    expect(redirector.hits).toBe(1)
    expect(elsewhere.received).toEqual([])
  })
})
