import { request } from 'node:http'
import type { IncomingHttpHeaders } from 'node:http'
import { connect } from 'node:net'
import type { Socket } from 'node:net'
import { describe, expect, it } from 'vitest'
import type { Collector } from '@touchpoint/collector'
import { stalledMs } from '../src/start.js'
import { envelope, response } from './fixtures.js'
import { useCollector } from './harness/stores.js'

// Two clients on one machine: the collector tells them apart by their loopback address.
const ALICE = '127.0.0.2'
const BOB = '127.0.0.3'

interface Answer {
  status: number
  headers: IncomingHttpHeaders
  body: any
}

/**
 * A POST to /v1/responses from `from`, its body sent as the test says: `length` is announced
 * (or the body is chunked when it is undefined), `head` goes out at once, `finish()` sends the
 * rest. `answer` settles when the collector answers, whatever has been sent by then.
 */
function open(url: string, { from, length, head = '' }: { from: string; length?: number; head?: string }) {
  const req = request(`${url}/v1/responses`, {
    method: 'POST',
    localAddress: from,
    agent: false,
    headers: { 'Content-Type': 'application/json', ...(length !== undefined && { 'Content-Length': length }) },
  })
  const answer = new Promise<Answer>((resolve, reject) => {
    req.on('response', (res) => {
      let text = ''
      res.on('data', (c) => (text += c))
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: JSON.parse(text) }))
    })
    req.on('error', reject)
  })
  if (head) req.write(head)
  else req.flushHeaders()
  return { req, answer, finish: (rest = '') => req.end(rest) }
}

/** A valid envelope padded with leading spaces to `size` bytes. */
const padded = (size: number, responses: unknown[] = []) => {
  const json = JSON.stringify(envelope(responses))
  return ' '.repeat(size - Buffer.byteLength(json)) + json
}

const post = (url: string, body: string, from = ALICE) => {
  const r = open(url, { from, length: Buffer.byteLength(body) })
  r.finish(body)
  return r.answer
}

/** A raw connection from `from`; `closed` resolves when the collector closes it. */
function connection(c: Collector, from: string) {
  const socket: Socket = connect({ host: '127.0.0.1', port: c.port, localAddress: from })
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()))
  const ready = new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject))
  return { socket, closed, ready }
}

describe('limits', () => {
  const t = useCollector('pglite')

  describe('body bytes in flight', () => {
    it('refuses a client whose bodies would pass its share with 503 and Retry-After, before reading, while others go on', async () => {
      const c = await t.start({ maxBytesInFlightPerClient: 100_000 })
      const stalled = open(c.url, { from: ALICE, length: 90_000, head: ' '.repeat(80_000) })
      await expect.poll(() => c.usage().bytesInFlight).toBe(80_000)
      // Not a byte of this body is sent: the answer comes from the announced length alone.
      const more = open(c.url, { from: ALICE, length: 50_000 })
      expect(await more.answer).toMatchObject({
        status: 503,
        headers: { 'retry-after': '5' },
        body: { error: 'this client is sending too many bodies at once: retry after the time in Retry-After' },
      })
      more.req.destroy()
      expect(await post(c.url, padded(50_000), BOB)).toMatchObject({ status: 200 })
      stalled.finish(padded(10_000))
      expect(await stalled.answer).toMatchObject({ status: 200 })
      expect(c.usage().bytesInFlight).toBe(0)
    })

    it('refuses every client with 503 once the collector holds its total, also mid-body', async () => {
      const c = await t.start({ maxBytesInFlight: 100_000, maxBytesInFlightPerClient: 0 })
      const stalled = open(c.url, { from: ALICE, length: 90_000, head: ' '.repeat(80_000) })
      await expect.poll(() => c.usage().bytesInFlight).toBe(80_000)
      const announced = open(c.url, { from: BOB, length: 50_000 })
      expect(await announced.answer).toMatchObject({ status: 503, body: { error: 'the collector is receiving too much at once: retry after the time in Retry-After' } })
      announced.req.destroy()
      const chunked = open(c.url, { from: BOB, head: ' '.repeat(30_000) })
      expect(await chunked.answer).toMatchObject({ status: 503, headers: { 'retry-after': '5' } })
      chunked.req.destroy()
      expect(c.usage().bytesInFlight).toBe(80_000)
      stalled.finish(padded(10_000))
      expect((await stalled.answer).status).toBe(200)
      expect(c.usage().bytesInFlight).toBe(0)
    })

    it.each<[string, (c: Collector) => Promise<unknown>]>([
      ['a client that hangs up mid-body', async (c) => {
        const r = open(c.url, { from: ALICE, length: 90_000, head: ' '.repeat(60_000) })
        r.answer.catch(() => {})
        await expect.poll(() => c.usage().bytesInFlight).toBe(60_000)
        r.req.destroy()
      }],
      ['a body over the limit', (c) => post(c.url, ' '.repeat(1024 * 1024 + 1))],
      ['a body nested too deep', (c) => post(c.url, `{"v":1,"x":${'['.repeat(1000)}`)],
      ['a body that is not JSON', (c) => post(c.url, '{'.padEnd(60_000))],
      ['a stored batch', (c) => post(c.url, JSON.stringify(envelope([response()])))],
    ])('gives the bytes back after %s', async (_, send) => {
      const c = await t.start({})
      await send(c)
      await expect.poll(() => c.usage().bytesInFlight).toBe(0)
    })
  })

  describe('rates per client', () => {
    it('limits answers a minute: a batch that passes what is left goes through, the next waits until the debt is repaid', async () => {
      let now = 0
      const c = await t.start({ answersPerMinute: 30, now: () => now })
      const batch = () => JSON.stringify(envelope(Array.from({ length: 25 }, () => response())))
      expect((await post(c.url, batch())).body).toMatchObject({ accepted: 25 })
      expect((await post(c.url, batch())).body).toMatchObject({ accepted: 25 }) // 5 were left: 20 in debt
      // Refused before a byte of the body is read.
      const refused = open(c.url, { from: ALICE, length: 100_000 })
      expect(await refused.answer).toEqual({
        status: 429,
        headers: expect.objectContaining({ 'retry-after': '42' }), // 21 answers at one every 2 s
        body: { error: 'too many answers from this client: retry after the time in Retry-After' },
      })
      refused.req.destroy()
      expect((await post(c.url, batch(), BOB)).status).toBe(200)
      now += 42_000
      expect((await post(c.url, batch())).status).toBe(200)
      expect(await t.count()).toBe(100)
    })

    it('limits body bytes a minute', async () => {
      let now = 0
      const c = await t.start({ bytesPerMinute: 10_000, now: () => now })
      expect((await post(c.url, padded(8000))).status).toBe(200)
      expect((await post(c.url, padded(8000))).status).toBe(200)
      const refused = await post(c.url, padded(8000))
      expect(refused).toMatchObject({ status: 429, headers: { 'retry-after': '37' }, body: { error: 'too many bytes from this client: retry after the time in Retry-After' } })
      expect((await post(c.url, padded(8000), BOB)).status).toBe(200)
      now += 37_000
      expect((await post(c.url, padded(8000))).status).toBe(200)
    })

    it('counts the bytes of refused bodies too', async () => {
      const c = await t.start({ bytesPerMinute: 10_000, now: () => 0 })
      const deep = `{"v":1,"pad":"${'x'.repeat(6000)}","x":${'['.repeat(40)}]}`
      expect((await post(c.url, deep)).status).toBe(400)
      expect((await post(c.url, deep)).status).toBe(400)
      expect(await post(c.url, padded(100))).toMatchObject({ status: 429, body: { error: 'too many bytes from this client: retry after the time in Retry-After' } })
    })

    it('limits requests a minute', async () => {
      const c = await t.start({ ratePerMinute: 2 })
      const statuses = []
      for (let i = 0; i < 3; i++) statuses.push((await post(c.url, padded(100))).status)
      expect(statuses).toEqual([200, 200, 429])
    })
  })

  describe('connections', () => {
    it('closes the connections of one client beyond its cap, and only those', async () => {
      const c = await t.start({ maxConnectionsPerClient: 3 })
      const held = [connection(c, ALICE), connection(c, ALICE), connection(c, ALICE)]
      await Promise.all(held.map((h) => h.ready))
      await expect.poll(() => c.usage().connections).toBe(3)
      const extra = connection(c, ALICE)
      await extra.closed
      expect((await post(c.url, padded(100), BOB)).status).toBe(200)
      for (const h of held) h.socket.destroy()
      await expect.poll(() => c.usage().connections).toBe(0)
      expect((await post(c.url, padded(100), ALICE)).status).toBe(200)
    })

    it('caps connections in all', async () => {
      const c = await t.start({ maxConnections: 2, maxConnectionsPerClient: 0 })
      const held = [connection(c, ALICE), connection(c, BOB)]
      await Promise.all(held.map((h) => h.ready))
      await expect.poll(() => c.usage().connections).toBe(2)
      await connection(c, '127.0.0.4').closed
      for (const h of held) h.socket.destroy()
      await expect.poll(() => c.usage().connections).toBe(0)
    })

    it('closes the idle connections when all are taken, so that the next one finds room', async () => {
      // Kept alive for a minute: without the closing, the two idle ones would hold the cap that long.
      const c = await t.start({ maxConnections: 2, maxConnectionsPerClient: 0, keepAliveTimeoutMs: 60_000 })
      expect(c.server.keepAliveTimeout).toBe(60_000)
      const idle = [connection(c, ALICE), connection(c, BOB)]
      await Promise.all(idle.map((h) => h.ready))
      const answered = idle.map((h) => new Promise((resolve) => h.socket.once('data', resolve)))
      for (const h of idle) h.socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')
      await Promise.all(answered)
      expect(c.usage().connections).toBe(2)
      // Turned away at the cap, it has the idle ones closed.
      await connection(c, '127.0.0.4').closed
      await Promise.all(idle.map((h) => h.closed))
      await expect.poll(() => c.usage().connections).toBe(0)
      expect((await post(c.url, padded(100), BOB)).status).toBe(200)
    })

    it("closes a client's own idle connections when it is at its cap, so that its new one is served", async () => {
      // Kept alive for a minute: without the closing, a browser's idle sockets would lock it out that long.
      const c = await t.start({ maxConnectionsPerClient: 2, keepAliveTimeoutMs: 60_000 })
      const idle = connection(c, ALICE)
      await idle.ready
      const answered = new Promise((resolve) => idle.socket.once('data', resolve))
      idle.socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')
      await answered
      // A request under way is left alone, and Bob's idle connection too.
      const busy = open(c.url, { from: ALICE, length: 200, head: ' ' })
      const bobs = connection(c, BOB)
      await bobs.ready
      await expect.poll(() => c.usage().connections).toBe(3)
      expect((await post(c.url, padded(100), ALICE)).status).toBe(200)
      await idle.closed
      busy.finish(padded(199))
      expect((await busy.answer).status).toBe(200)
      expect(bobs.socket.destroyed).toBe(false)
      bobs.socket.destroy()
    })

    it('closes the new connection of a client at its cap whose connections all have a request under way', async () => {
      const c = await t.start({ maxConnectionsPerClient: 1, maxBytesInFlightPerClient: 0 })
      const busy = open(c.url, { from: ALICE, length: 200, head: ' ' })
      await expect.poll(() => c.usage().bytesInFlight).toBe(1)
      await connection(c, ALICE).closed
      busy.finish(padded(199))
      expect((await busy.answer).status).toBe(200)
    })

    it('closes a connection whose client stops reading its answer, once nothing has moved for a minute', async () => {
      const c = await t.start({})
      // Otherwise such a connection would be held for ever: it is never idle, so no cap reclaims it.
      expect(c.server.timeout).toBe(60_000)
      c.server.timeout = 500
      // An export of about 10 MB: more than the socket buffers on both sides take.
      await t.db.query(
        `INSERT INTO responses (id, survey_id, type, scale_min, scale_max, score, comment, touchpoint, answered_at)
         SELECT gen_random_uuid(), 's', 'nps', 0, 10, 5, repeat('x', 5000), 't', '2026-01-01T00:00:00Z' FROM generate_series(1, 2000)`,
      )
      const reader = connection(c, ALICE)
      await reader.ready
      reader.socket.write('GET /v1/export HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')
      reader.socket.pause()
      await expect.poll(() => c.usage().connections).toBe(1)
      // The collector's side is closed (the paused client would not see it before reading).
      await expect.poll(() => c.usage().connections, { timeout: 20_000 }).toBe(0)
      reader.socket.destroy()
    })

    it('waits longer than a query may wait for PostgreSQL before closing a connection on which nothing moves', () => {
      // TOUCHPOINT_DATABASE_TIMEOUT can be up to 600 s: a query allowed 120 s must have its answer sent.
      expect(stalledMs()).toBe(60_000)
      expect(stalledMs(10_000)).toBe(60_000)
      expect(stalledMs(120_000)).toBeGreaterThan(120_000)
      expect(stalledMs(600_000)).toBeGreaterThan(600_000)
    })

    it('leaves a connection that is waiting for its answer open when all are taken', async () => {
      const c = await t.start({ maxConnections: 1, maxConnectionsPerClient: 0, maxBytesInFlightPerClient: 0 })
      const busy = open(c.url, { from: ALICE, length: 200, head: ' ' })
      await expect.poll(() => c.usage().bytesInFlight).toBe(1)
      await connection(c, BOB).closed
      busy.finish(padded(199))
      expect((await busy.answer).status).toBe(200)
    })

    it.each([
      [{}, 'timeout=5'],
      [{ trustProxy: true }, 'timeout=65'],
      [{ keepAliveTimeoutMs: 120_000 }, 'timeout=120'],
      [{ trustProxy: true, keepAliveTimeoutMs: 3000 }, 'timeout=3'],
    ])('keeps an idle connection as long as it says, with %j', async (options, announced) => {
      const c = await t.start(options)
      const res = await fetch(`${c.url}/health`)
      expect(res.headers.get('keep-alive')).toBe(announced)
      expect(c.server.keepAliveTimeout).toBe(Number(announced.slice(8)) * 1000)
    })

    it('leaves the per-client cap to the proxy in front when it trusts one', async () => {
      const c = await t.start({ maxConnectionsPerClient: 1, trustProxy: true })
      const held = [connection(c, ALICE), connection(c, ALICE)]
      await Promise.all(held.map((h) => h.ready))
      await expect.poll(() => c.usage().connections).toBe(2)
      for (const h of held) h.socket.destroy()
    })
  })
})
