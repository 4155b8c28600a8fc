import type { Server } from 'node:http'
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
 * Idle connections (kept alive between requests, or open with no request sent yet) count
 * against the caps too, so at the cap in all, the one turned away also has every idle
 * connection closed: the next connection finds room, and idle clients (which open a new one
 * when they next send) cannot keep out those with something to send. Requests in flight are
 * left alone.
 */
export function limitConnections(server: Server, { max, perClient, trustProxy = false }: ConnectionLimits): { readonly open: number } {
  if (max) {
    server.maxConnections = max
    server.on('drop', () => server.closeIdleConnections())
  }
  let open = 0
  const byClient = new Map<string, number>()
  server.on('connection', (socket) => {
    open++
    socket.once('close', () => open--)
    if (!perClient || trustProxy) return
    const client = clientKey(socket.remoteAddress, undefined)
    const n = (byClient.get(client) ?? 0) + 1
    byClient.set(client, n)
    socket.once('close', () => {
      const left = byClient.get(client)! - 1
      if (left) byClient.set(client, left)
      else byClient.delete(client)
    })
    if (n > perClient) socket.destroy()
  })
  return {
    get open() {
      return open
    },
  }
}
