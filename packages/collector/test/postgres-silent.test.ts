import { connect, createServer } from 'node:net'
import type { AddressInfo, Socket } from 'node:net'
import { describe, expect, it } from 'vitest'
import { openPostgres, startCollector } from '@touchpoint/collector'
import { cliOptions } from '../src/cli-options.js'
import { envelope, response } from './fixtures.js'
import { openTestDatabase } from './harness/stores.js'

/**
 * A TCP proxy on loopback in front of the PostgreSQL at `url`. `freeze()` stops passing on what
 * the server says (its answers wait, unread, as behind a frozen server or a network cut) while
 * what the collector sends still reaches it; `thaw()` passes them on again.
 */
async function silenceableProxy(url: string) {
  const target = new URL(url)
  const upstreams = new Set<Socket>()
  let frozen = false
  const server = createServer((down) => {
    const up = connect(Number(target.port), target.hostname)
    upstreams.add(up)
    if (frozen) up.pause()
    down.on('error', () => {})
    up.on('error', () => {})
    down.on('close', () => up.destroy())
    up.on('close', () => (upstreams.delete(up), down.destroy()))
    down.on('data', (d) => up.write(d))
    up.on('data', (d) => down.write(d))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const proxied = Object.assign(new URL(url), { host: `127.0.0.1:${(server.address() as AddressInfo).port}` })
  return {
    url: proxied.href,
    /** The collector's connections to the server that are open now. */
    open: () => upstreams.size,
    freeze: () => ((frozen = true), upstreams.forEach((s) => s.pause())),
    thaw: () => ((frozen = false), upstreams.forEach((s) => s.resume())),
    close: () => (upstreams.forEach((s) => s.destroy()), new Promise((r) => server.close(r))),
  }
}

// The old collector waited for ever: each request gets 15 s, then fails instead of hanging.
const request = (url: string, init: RequestInit = {}) => fetch(url, { ...init, signal: AbortSignal.timeout(15_000) })

describe('a PostgreSQL server that goes silent while the collector runs', () => {
  it('answers 503 with Retry-After within the bound, drops the stuck connections, and serves again once the server answers', { timeout: 60_000 }, async () => {
    const { db: direct, url, close } = await openTestDatabase('postgres')
    const proxy = await silenceableProxy(url!)
    // Statements get 2 s, a connection from the pool as long; one connection in the pool.
    const db = await openPostgres(proxy.url, 1, 2000)
    const c = await startCollector({ db, port: 0, ratePerMinute: 0, answersPerMinute: 0, bytesPerMinute: 0, webhookWorker: false })
    const post = (body: unknown) => request(`${c.url}/v1/responses`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
    const put = () => request(`${c.url}/v1/config`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ surveys: [] }) })
    try {
      expect((await post(envelope([response()]))).status).toBe(200)
      proxy.freeze()
      // The server stores this batch, but its answer never comes: the collector cannot know
      // that it committed, and must not answer 200.
      const batch = envelope([response()])
      const stored = await post(batch)
      expect(stored.status).toBe(503)
      expect(stored.headers.get('Retry-After')).toBe('30')
      await expect.poll(() => direct.query('SELECT count(*)::int AS n FROM responses')).toEqual([{ n: 2 }])
      const answers = await Promise.all([request(`${c.url}/v1/config`), request(`${c.url}/v1/stats`), put(), request(`${c.url}/health`)])
      for (const res of answers) {
        expect(res.status).toBe(503)
        expect(Number(res.headers.get('Retry-After'))).toBeGreaterThan(0)
      }
      // The stuck connections were dropped, not kept for later requests; nothing is held.
      await expect.poll(() => proxy.open(), { timeout: 10_000 }).toBe(0)
      expect(c.usage().bytesInFlight).toBe(0)
      // Still silent: still 503, and still no connection left open.
      expect((await post(batch)).status).toBe(503)
      await expect.poll(() => proxy.open(), { timeout: 10_000 }).toBe(0)

      proxy.thaw()
      // The SDK sends the batch again: it was stored once, and is acknowledged now.
      const again = await post(batch)
      expect(again.status).toBe(200)
      expect(await again.json()).toMatchObject({ accepted: 0, duplicates: 1 })
      expect((await put()).status).toBe(200)
      expect((await request(`${c.url}/v1/config`)).status).toBe(200)
      expect((await request(`${c.url}/v1/stats`)).status).toBe(200)
      expect((await request(`${c.url}/health`)).status).toBe(200)
      expect(await direct.query('SELECT count(*)::int AS n FROM responses')).toEqual([{ n: 2 }])
    } finally {
      await c.close()
      await db.close()
      await proxy.close()
      await close()
    }
  })

  it('waits as long as TOUCHPOINT_DATABASE_TIMEOUT says, on both sides', async () => {
    const { url, close } = await openTestDatabase('postgres')
    const proxy = await silenceableProxy(url!)
    const cli = cliOptions([], { DATABASE_URL: proxy.url, TOUCHPOINT_DATABASE_TIMEOUT: '1' })
    if (cli.help) throw new Error('help')
    const c = await startCollector({ ...cli.options, port: 0, webhookWorker: false })
    try {
      expect(await c.db.query('SHOW statement_timeout')).toEqual([{ statement_timeout: '1s' }])
      expect(await c.db.query('SHOW idle_in_transaction_session_timeout')).toEqual([{ idle_in_transaction_session_timeout: '1s' }])
      proxy.freeze()
      // The pool's idle connection gets the statement: the collector gives up on it after 1 s, not 10.
      await expect(c.db.query('SELECT 1')).rejects.toMatchObject({ code: 'ETIMEDOUT', message: 'no answer from PostgreSQL within 1 s' })
      const res = await request(`${c.url}/v1/responses`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(envelope([response()])) })
      expect(res.status).toBe(503)
      expect(res.headers.get('Retry-After')).toBe('30')
    } finally {
      proxy.thaw()
      await c.close()
      await proxy.close()
      await close()
    }
  })

  it('gives a query one deadline for its connection and its statement together, not one for each', async () => {
    const { url, close } = await openTestDatabase('postgres')
    const proxy = await silenceableProxy(url!)
    const bound = 4000
    const hold = 2000
    // One connection in the pool, open already, then held by a statement for half the bound.
    const db = await openPostgres(proxy.url, 1, bound)
    try {
      await db.query('SELECT 1')
      const held = db.query(`SELECT pg_sleep(${hold / 1000})`)
      const start = performance.now()
      const waiting = db.query('SELECT 1').then(
        () => undefined,
        (e: unknown) => e,
      )
      await held
      // The connection goes to the waiting query, whose answer then never comes.
      proxy.freeze()
      const e = await waiting
      const waited = performance.now() - start
      expect(e).toMatchObject({ code: 'ETIMEDOUT', message: 'no answer from PostgreSQL within 4 s' })
      // With a bound of its own for the statement, it would have waited the hold and the whole bound again.
      expect(waited).toBeLessThan(hold + bound - 100)
    } finally {
      proxy.thaw()
      await db.close()
      await proxy.close()
      await close()
    }
  })

  it('gives the first query at start one deadline for the connection and the query together', async () => {
    const { url, close } = await openTestDatabase('postgres')
    const target = new URL(url!)
    const bound = 4000
    const hold = 2000
    // A server slow to let a connection in (its first answer comes after `hold`), then silent once
    // the connection is ready (after its first ReadyForQuery, 'Z').
    const sockets = new Set<Socket>()
    const slow = createServer((down) => {
      const up = connect(Number(target.port), target.hostname)
      sockets.add(down).add(up)
      down.on('error', () => {})
      up.on('error', () => {})
      down.on('close', () => up.destroy())
      up.on('close', () => down.destroy())
      down.on('data', (d) => up.write(d))
      let held: Buffer[] | undefined = []
      let ready = false
      setTimeout(() => (down.write(Buffer.concat(held!)), (ready = held!.some((b) => b.includes('Z\0\0\0\x05'))), (held = undefined)), hold)
      up.on('data', (d: Buffer) => {
        if (held) return void held.push(d)
        if (ready) return
        down.write(d)
        ready = d.includes('Z\0\0\0\x05')
      })
    })
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r))
    const slowUrl = Object.assign(new URL(url!), { host: `127.0.0.1:${(slow.address() as AddressInfo).port}` }).href
    try {
      const start = performance.now()
      await expect(openPostgres(slowUrl, 1, bound)).rejects.toThrow(/^no answer within 4 s$/)
      // With a bound of its own for the query, the start would have waited the hold and the whole bound again.
      expect(performance.now() - start).toBeLessThan(hold + bound - 100)
    } finally {
      for (const s of sockets) s.destroy()
      await new Promise((r) => slow.close(r))
      await close()
    }
  })

  it('has PostgreSQL end a statement or a transaction left waiting as long, except in migrations', async () => {
    const { url, close } = await openTestDatabase('postgres')
    const db = await openPostgres(url!, 1, 1500)
    try {
      expect(await db.query('SHOW statement_timeout')).toEqual([{ statement_timeout: '1500ms' }])
      expect(await db.query('SHOW idle_in_transaction_session_timeout')).toEqual([{ idle_in_transaction_session_timeout: '1500ms' }])
      // A statement still running past the bound is cancelled by the server (57014), not left holding its locks.
      await expect(db.query('SELECT pg_sleep(30)')).rejects.toMatchObject({ code: expect.stringMatching(/^(57014|ETIMEDOUT)$/) })
      expect(await db.query('SELECT 1 AS ok')).toEqual([{ ok: 1 }])
      // Migrations may take minutes: they are not cut off.
      const settings = await db.transaction(
        (q) => q<{ s: string; i: string }>(`SELECT current_setting('statement_timeout') AS s, current_setting('idle_in_transaction_session_timeout') AS i`),
        { unbounded: true },
      )
      expect(settings).toEqual([{ s: '0', i: '0' }])
    } finally {
      await db.close()
      await close()
    }
  })
})
