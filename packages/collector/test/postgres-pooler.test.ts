import { connect, createServer } from 'node:net'
import type { AddressInfo, Socket } from 'node:net'
import { describe, expect, it, vi } from 'vitest'
import { openPostgres, startCollector } from '@touchpoint/collector'
import { envelope, response } from './fixtures.js'
import { openTestDatabase } from './harness/stores.js'

const SSL_REQUEST = 80877103

/** A FATAL ErrorResponse with SQLSTATE `code` and `message`, as PgBouncer sends one before closing. */
function fatal(code: string, message: string): Buffer {
  const fields = Buffer.concat([...['SFATAL', 'VFATAL', `C${code}`, `M${message}`].map((f) => Buffer.from(`${f}\0`)), Buffer.from([0])])
  const head = Buffer.alloc(5)
  head.write('E')
  head.writeInt32BE(4 + fields.length, 1)
  return Buffer.concat([head, fields])
}

/** The key/value pairs of a StartupMessage (int32 length, int32 protocol, then key\0value\0 … \0). */
function startupParameters(message: Buffer): Map<string, string> {
  const parts = message.subarray(8).toString('utf8').split('\0')
  const pairs = new Map<string, string>()
  for (let i = 0; i + 1 < parts.length && parts[i]; i += 2) pairs.set(parts[i]!, parts[i + 1]!)
  return pairs
}

/**
 * A pooler on loopback in front of the PostgreSQL at `url`, as PgBouncer behaves without
 * `ignore_startup_parameters`: it reads each client's StartupMessage, refuses it with
 * `refusal(parameters)` when that gives an ErrorResponse, and otherwise passes everything on
 * both ways.
 */
async function pickyPooler(url: string, refusal: (parameters: Map<string, string>) => Buffer | undefined) {
  const target = new URL(url)
  const sockets = new Set<Socket>()
  let refused = 0
  const server = createServer((down) => {
    sockets.add(down)
    down.on('error', () => {})
    down.on('close', () => sockets.delete(down))
    let pending = Buffer.alloc(0)
    const read = (d: Buffer) => {
      pending = Buffer.concat([pending, d])
      while (pending.length >= 8 && pending.length >= pending.readInt32BE(0)) {
        const message = pending.subarray(0, pending.readInt32BE(0))
        pending = pending.subarray(message.length)
        if (message.readInt32BE(4) === SSL_REQUEST) {
          down.write('N')
          continue
        }
        down.off('data', read)
        const error = refusal(startupParameters(message))
        if (error) {
          refused++
          down.end(error)
          return
        }
        const up = connect(Number(target.port), target.hostname)
        sockets.add(up)
        up.on('error', () => {})
        up.on('close', () => (sockets.delete(up), down.destroy()))
        down.on('close', () => up.destroy())
        up.write(Buffer.concat([message, pending]))
        down.on('data', (d) => up.write(d))
        up.on('data', (d) => down.write(d))
        return
      }
    }
    down.on('data', read)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const proxied = Object.assign(new URL(url), { host: `127.0.0.1:${(server.address() as AddressInfo).port}` })
  return {
    url: proxied.href,
    /** How many connections it refused. */
    refused: () => refused,
    close: () => (sockets.forEach((s) => s.destroy()), new Promise((r) => server.close(r))),
  }
}

const unsupported = (parameters: Map<string, string>) =>
  parameters.has('statement_timeout') ? fatal('08P01', 'unsupported startup parameter: statement_timeout') : undefined

const request = (url: string, init: RequestInit = {}) => fetch(url, { ...init, signal: AbortSignal.timeout(15_000) })

describe('PostgreSQL behind a pooler that refuses unknown startup parameters (PgBouncer)', () => {
  it('connects without the server-side timeouts, stores answers, and says so once', { timeout: 30_000 }, async () => {
    const { url, close } = await openTestDatabase('postgres')
    const pooler = await pickyPooler(url!, unsupported)
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      const db = await openPostgres(pooler.url, 2, 2000)
      const c = await startCollector({ db, port: 0, ratePerMinute: 0, answersPerMinute: 0, bytesPerMinute: 0, webhookWorker: false })
      try {
        const post = () =>
          request(`${c.url}/v1/responses`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(envelope([response(), response()])) })
        for (let i = 0; i < 3; i++) expect((await post()).status).toBe(200)
        expect(await db.query('SELECT count(*)::int AS n FROM responses')).toEqual([{ n: 6 }])
        expect((await request(`${c.url}/v1/stats`)).status).toBe(200)
        // Migrations' transactions still run (their SET LOCAL is a statement, not a startup parameter).
        expect(await db.transaction((q) => q('SELECT 1 AS ok'), { unbounded: true })).toEqual([{ ok: 1 }])
      } finally {
        await c.close()
        await db.close()
      }
      // Refused once, at the start check; the pool's connections never asked again.
      expect(pooler.refused()).toBe(1)
      expect(warn).toHaveBeenCalledTimes(1)
      const line = String(warn.mock.calls[0]![0])
      expect(line).not.toContain('\n')
      expect(line).toMatch(/unsupported startup parameter: statement_timeout/)
      expect(line).toMatch(/server-side timeouts are off/)
      expect(line).toMatch(/own 2 s bound/)
      expect(line).toMatch(/ALTER ROLE/)
      expect(line).not.toContain(new URL(pooler.url).host)
      const password = new URL(url!).password
      if (password) expect(line).not.toContain(password)
    } finally {
      warn.mockRestore()
      await pooler.close()
      await close()
    }
  })

  it('fails the start as before, without the warning, when the pooler refuses the connection for another reason', { timeout: 30_000 }, async () => {
    const { url, close } = await openTestDatabase('postgres')
    const pooler = await pickyPooler(url!, () => fatal('08P01', 'no such database: tp_nowhere'))
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      await expect(openPostgres(pooler.url, 1, 2000)).rejects.toMatchObject({ code: '08P01', message: 'no such database: tp_nowhere' })
      expect(warn).not.toHaveBeenCalled()
    } finally {
      warn.mockRestore()
      await pooler.close()
      await close()
    }
  })
})
