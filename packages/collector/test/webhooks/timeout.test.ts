import { readFileSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import { createServer } from 'node:http'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createSender, RECEIVER_TIMEOUT_MS } from '../../src/webhooks/sender.js'
import { startWebhookWorker } from '../../src/webhooks/worker.js'
import type { WebhookWorker } from '../../src/webhooks/worker.js'
import { envelope, response } from '../fixtures.js'
import { post } from '../harness/http.js'
import { useCollector } from '../harness/stores.js'

// A receiver gets 10 s per attempt. The tests move the timers by hand: nothing waits 10 s.

const DOCS = readFileSync(new URL('../../../../docs/webhooks.md', import.meta.url), 'utf8')

describe('the receiver timeout', () => {
  let server: Server
  let url: string
  /** Resolves when the silent receiver has a request (and leaves it unanswered). */
  let got: Promise<void>
  let gotOne: () => void
  const expectRequest = () => (got = new Promise((r) => (gotOne = r)))

  beforeAll(async () => {
    server = createServer((req) => req.resume().on('end', () => gotOne()))
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`
  })
  afterAll(() => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))))
  afterEach(() => vi.useRealTimers())

  it('is 10 s by default, as docs/webhooks.md says', () => {
    expect(RECEIVER_TIMEOUT_MS).toBe(10_000)
    expect(DOCS).toContain(`A receiver has ${RECEIVER_TIMEOUT_MS / 1000} seconds per\nattempt`)
    expect(DOCS).toContain(`does not answer within ${RECEIVER_TIMEOUT_MS / 1000} s`)
  })

  it('cuts off a receiver that is silent for the default time, not a moment before', async () => {
    // Only the sender's own timers are faked: the sockets run for real.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const sender = createSender({ allowPrivate: true, keepAlive: false })
    expectRequest()
    let result: unknown
    const sent = sender.send(url, '{}', {}).then((r) => (result = r))
    await got
    await vi.advanceTimersByTimeAsync(RECEIVER_TIMEOUT_MS - 1)
    expect(result).toBeUndefined()
    await vi.advanceTimersByTimeAsync(1)
    await sent
    expect(result).toEqual({ error: 'no answer within 10 s' })
    sender.close()
  })

  describe('in the worker, when not told otherwise', () => {
    const t = useCollector('pglite', { allowPrivateWebhooks: true, webhookWorker: false })
    let worker: WebhookWorker | undefined
    afterEach(() => {
      vi.useRealTimers()
      return worker?.stop()
    })

    it('gives a receiver the default time, and records the attempt as failed by it', async () => {
      const created = await fetch(`${t.url}/v1/webhooks`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ url, events: ['answer'] }) })
      const { id } = (await created.json()) as { id: string }
      expect(await (await post(t.url, envelope([response()]))).json()).toMatchObject({ accepted: 1 })

      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
      worker = startWebhookWorker({ db: t.db, allowPrivate: true, pollMs: 0 })
      expectRequest()
      let done = false
      const run = worker.runDue().then(() => (done = true))
      await got
      await vi.advanceTimersByTimeAsync(RECEIVER_TIMEOUT_MS - 1)
      expect(done).toBe(false)
      await vi.advanceTimersByTimeAsync(1)
      // The attempt is recorded in the database, for real: bounded, so that a longer default fails rather than hangs.
      await Promise.race([run, sleep(20_000)])
      vi.useRealTimers()
      expect(done).toBe(true)
      const [d] = (await (await fetch(`${t.url}/v1/webhooks/${id}/deliveries`)).json()).deliveries
      expect(d).toMatchObject({ status: 'pending', attempts: 1, lastStatus: null, lastError: 'no answer within 10 s' })
    })
  })
})
