import { createServer } from 'node:http'
import type { IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'

/** What the proxy does with the next ingest request instead of forwarding it. */
export type Fault =
  | { status: number; headers?: Record<string, string> }
  /** Held until `release()`: then the connection is closed without an answer, or answered `status`. */
  | { hold: true; status?: number }

/**
 * A collector in front of the reference collector that fails on demand: each POST takes the
 * next fault from `faults` (none left: forward). It counts, per answer or event id, how many
 * times the id arrived, and how many fetch requests (not beacons) were in flight at once, so that tests
 * can check retries, duplicates and "one tab flushes".
 */
export async function startFlakyProxy(target: string) {
  const faults: Fault[] = []
  const arrivals = new Map<string, number>()
  const bodies: string[] = []
  const held: (() => void)[] = []
  const log: { type: string; ids: string[]; status: number | 'held' | 'forwarding'; at: number }[] = []
  let inFlight = 0
  let maxInFlight = 0

  const cors = (h: IncomingHttpHeaders) => ({
    'Access-Control-Allow-Origin': h.origin ?? '*',
    'Access-Control-Allow-Headers': h['access-control-request-headers'] ?? '*',
    'Access-Control-Allow-Methods': 'POST, OPTIONS',
    'Access-Control-Expose-Headers': 'Retry-After',
  })

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const body = Buffer.concat(chunks).toString()
    if (req.method === 'OPTIONS') return void res.writeHead(204, cors(req.headers)).end()
    const type = String(req.headers['content-type'] ?? '')
    let ids: string[] = []
    try {
      const envelope = JSON.parse(body) as { responses: { id: string }[]; events?: { id: string }[] }
      ids = [...envelope.responses, ...(envelope.events ?? [])].map((r) => r.id)
    } catch {}
    for (const id of ids) arrivals.set(id, (arrivals.get(id) ?? 0) + 1)
    bodies.push(body)
    // Beacons are counted but not faulted (a page that is going away gets one chance), and
    // not counted as flushes: any tab may send them as it is hidden.
    const beacon = type.startsWith('text/plain')
    const fault = beacon ? undefined : proxy.down ? { status: 503 } : faults.shift()
    if (!beacon) maxInFlight = Math.max(maxInFlight, ++inFlight)
    try {
      if (fault && 'hold' in fault) {
        const entry: (typeof log)[number] = { type, ids, status: 'held', at: Date.now() }
        log.push(entry)
        await new Promise<void>((r) => held.push(r))
        if (!fault.status) return void res.destroy()
        entry.status = fault.status
        return void res.writeHead(fault.status, { ...cors(req.headers), 'Content-Type': 'application/json' }).end('{}')
      }
      if (fault) {
        log.push({ type, ids, status: fault.status, at: Date.now() })
        return void res.writeHead(fault.status, { ...cors(req.headers), ...fault.headers, 'Content-Type': 'application/json' }).end('{}')
      }
      // Logged before forwarding: the collector may store the answers before this proxy answers.
      const entry: (typeof log)[number] = { type, ids, status: 'forwarding', at: Date.now() }
      log.push(entry)
      if (proxy.latencyMs) await new Promise((r) => setTimeout(r, proxy.latencyMs))
      const sent = proxy.rewrite && !beacon ? JSON.stringify(proxy.rewrite(JSON.parse(body))) : body
      const forwarded = await fetch(target, { method: 'POST', body: sent, headers: { 'Content-Type': type || 'application/json' } })
      entry.status = forwarded.status
      res.writeHead(forwarded.status, { ...cors(req.headers), 'Content-Type': 'application/json' }).end(await forwarded.text())
    } finally {
      if (!beacon) inFlight--
    }
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const proxy = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/responses`,
    /** While true, every fetch gets 503 (the collector is down). */
    down: false,
    /** Added before forwarding, so that overlapping requests would show in `maxInFlight`. */
    latencyMs: 0,
    /** Changes each fetch's envelope on its way to the collector (e.g. to make one answer invalid). */
    rewrite: undefined as ((envelope: { responses: Record<string, unknown>[] }) => unknown) | undefined,
    faults,
    arrivals,
    /** Every POST body, as it arrived (fetches and beacons). */
    bodies,
    log,
    get maxInFlight() {
      return maxInFlight
    },
    /** Lets held requests go (their connections are closed without an answer). */
    release: () => held.splice(0).forEach((r) => r()),
    close: () => {
      held.splice(0).forEach((r) => r())
      return new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r())))
    },
  }
  return proxy
}
