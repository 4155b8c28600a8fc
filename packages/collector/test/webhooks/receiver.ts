import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import type { Database } from '../../src/db/database.js'

/** One request a test receiver got. */
export interface Received {
  path: string
  delivery: string
  event: string
  signature: string
  /** Whether the signature is right for the body with the receiver's secret for that path. */
  signed: boolean
  body: string
  json: any
  /** What the receiver answered, or `'hang'` when it never did. */
  answer: number | 'hang'
}

/** What the receiver does with a request: answer this status, or never answer. */
export type Behaviour = (r: Omit<Received, 'answer'>) => number | 'hang' | Promise<number | 'hang'>

/**
 * A local webhook receiver for the tests: verifies each request's signature, as a real one
 * does (its own HMAC code, not the collector's), answers as told, and notices a delivery
 * received twice at the same time.
 */
export async function startReceiver() {
  const received: Received[] = []
  const secrets = new Map<string, string>()
  const inFlight = new Map<string, number>()
  /** Deliveries that arrived while an earlier request for the same delivery was still open. */
  const overlaps: string[] = []
  const sockets = new Set<Socket>()
  const hanging = new Set<ServerResponse>()
  let behave: Behaviour = () => 200

  const verify = (secret: string | undefined, header: string, body: string) => {
    const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header)
    if (!secret || !m) return false
    const expected = createHmac('sha256', secret).update(`${m[1]}.${body}`).digest()
    return timingSafeEqual(expected, Buffer.from(m[2]!, 'hex'))
  }

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const body = Buffer.concat(chunks).toString('utf8')
    const path = req.url ?? '/'
    const delivery = String(req.headers['touchpoint-delivery'] ?? '')
    const open = (inFlight.get(delivery) ?? 0) + 1
    inFlight.set(delivery, open)
    if (open > 1) overlaps.push(delivery)
    res.on('close', () => inFlight.set(delivery, inFlight.get(delivery)! - 1))
    const signature = String(req.headers['touchpoint-signature'] ?? '')
    let parsed: unknown
    try {
      parsed = JSON.parse(body)
    } catch {
      parsed = undefined
    }
    const r = { path, delivery, event: String(req.headers['touchpoint-event'] ?? ''), signature, signed: verify(secrets.get(path), signature, body), body, json: parsed }
    const answer = await behave(r)
    received.push({ ...r, answer })
    if (answer === 'hang') return void hanging.add(res)
    res.writeHead(answer).end()
  }

  const server = createServer((req, res) => void handle(req, res))
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as AddressInfo
  const origin = `http://127.0.0.1:${port}`

  return {
    origin,
    port,
    received,
    overlaps,
    /** The URL of a path on this receiver, whose requests are checked against `secret` once known. */
    url: (path = '/hook') => `${origin}${path}`,
    /** Sets the secret of a path (given when the webhook is created). */
    secret(path: string, secret: string) {
      secrets.set(path, secret)
    },
    behave(b: Behaviour) {
      behave = b
    },
    /** The requests received with a 2xx answer, by path. */
    accepted: (path = '/hook') => received.filter((r) => r.path === path && typeof r.answer === 'number' && r.answer < 300),
    /** Answers the requests left hanging, with `status`. */
    release(status = 200) {
      for (const res of hanging) res.writeHead(status).end()
      hanging.clear()
    },
    /** Stops listening and drops every connection: attempts now meet a refused connection. */
    async pause() {
      hanging.clear()
      const closed = new Promise((r) => server.close(r))
      for (const s of sockets) s.destroy()
      await closed
    },
    /** Listens again on the same port. */
    resume: () => new Promise<void>((r) => server.listen(port, '127.0.0.1', r)),
    async close() {
      if (server.listening) await this.pause()
    },
  }
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>

/**
 * A collector's clock the tests move by hand: the real time plus what they added; `freeze()`
 * stops it. The worker signs with it and spaces its hourly purge by it; what is due, leased,
 * given up or old enough to purge follows the database's clock instead: see `travel`.
 */
export function testClock() {
  let offset = 0
  let frozen: number | undefined
  return {
    now: () => frozen ?? Date.now() + offset,
    advance(ms: number) {
      if (frozen === undefined) offset += ms
      else frozen += ms
    },
    freeze() {
      frozen = Date.now() + offset
    },
  }
}

/**
 * The database's clock `ms` later, as the webhook worker sees it (no test can move the clock of
 * a PostgreSQL server): every time stored with the outbox and the deliveries goes back by `ms`.
 */
export async function travel(db: Database, ms: number): Promise<void> {
  const back = (c: string) => `${c} = ${c} - $1 * interval '1 millisecond'`
  await db.query(`UPDATE webhook_outbox SET ${back('created_at')}`, [ms])
  await db.query(
    `UPDATE webhook_deliveries SET ${['created_at', 'next_attempt_at', 'last_attempt_at', 'finished_at', 'lease_until'].map(back).join(', ')}`,
    [ms],
  )
}
