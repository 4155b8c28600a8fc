import type { Server } from 'node:http'
import type { Socket } from 'node:net'
import { clientKey } from './client-key.js'

export interface ConnectionLimits {
  /** Open connections in all; more are closed as they arrive. 0: no cap. */
  max: number
  /** Open connections from one address (one /64 for IPv6); 0: no cap. */
  perClient: number
  /**
   * Behind a proxy every connection comes from the proxy, so the per-address cap would cap the
   * proxy: it is not applied then, and the proxy's own limits take its place.
   */
  trustProxy?: boolean
}

/**
 * Caps the connections `server` keeps open, in all and per client address, so that one client
 * cannot hold them all (or hold enough idle ones to wear the machine down). A connection over
 * a cap is closed at once, before anything is read from it: the cheapest answer there is, and
 * one that browsers and the SDK retry like any network error. Returns the count of open
 * connections.
 *
 * Every open connection counts against the caps, idle ones too (kept alive between requests),
 * so at the cap in all, the one turned away also has every idle connection closed: the next
 * connection finds room, and idle clients (which open a new one when they next send) cannot
 * keep out those with something to send. At a client's own cap, that client's idle
 * connections are closed, and its new one is kept when that makes room: a browser that keeps
 * idle sockets open does not lock itself out. Requests in flight are left alone.
 */
export function limitConnections(server: Server, { max, perClient, trustProxy = false }: ConnectionLimits): { readonly open: number } {
  if (max) {
    server.maxConnections = max
    server.on('drop', () => server.closeIdleConnections())
  }
  let open = 0
  const byClient = new Map<string, Set<Socket>>()
  // Per connection: its requests not yet answered, and the bytes it had sent when the last one
  // was (-1 before any). Idle, as for Node's closeIdleConnections: kept alive after an answer,
  // with no request under way and not a byte of the next one received. A connection that has
  // sent nothing yet is not idle: it is about to send its first request (or is cut off by the
  // headers timeout).
  const requests = new WeakMap<Socket, { pending: number; readAt: number }>()
  const idle = (s: Socket) => {
    const r = requests.get(s)
    return !!r && !r.pending && s.bytesRead === r.readAt
  }
  server.on('connection', (socket) => {
    open++
    socket.once('close', () => open--)
    if (!perClient || trustProxy) return
    const client = clientKey(socket.remoteAddress, undefined)
    const mine = byClient.get(client) ?? new Set()
    byClient.set(client, mine)
    if (mine.size >= perClient) {
      // Counted out at once (their 'close' comes later), so that the next connection sees the room.
      for (const s of mine) if (idle(s)) mine.delete(s), s.destroy()
      if (mine.size >= perClient) return void socket.destroy()
    }
    mine.add(socket)
    requests.set(socket, { pending: 0, readAt: -1 })
    socket.once('close', () => {
      mine.delete(socket)
      if (!mine.size && byClient.get(client) === mine) byClient.delete(client)
    })
  })
  if (perClient && !trustProxy) {
    server.on('request', (req, res) => {
      const r = requests.get(req.socket)
      if (!r) return
      r.pending++
      res.once('close', () => {
        r.pending--
        r.readAt = req.socket.bytesRead
      })
    })
  }
  return {
    get open() {
      return open
    },
  }
}
