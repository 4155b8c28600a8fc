import { Agent as HttpAgent, request as httpRequest } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import { isIP } from 'node:net'
import { safeLookup, targetProblem } from './safe-target.js'
import type { Resolve } from './safe-target.js'

/** How one POST to a receiver ended: its HTTP status, or why there was none. */
export interface SendResult {
  status?: number
  error?: string
}

export interface SenderOptions {
  /** Let webhooks reach loopback and private addresses, and use plain http. */
  allowPrivate?: boolean
  /** How long a receiver has for the whole exchange, connection included. Default `RECEIVER_TIMEOUT_MS` (10 s). */
  timeoutMs?: number
  /** The resolver (tests give their own names). Default: the system's. */
  resolve?: Resolve
  /** Keep connections open between sends (the worker); default true. */
  keepAlive?: boolean
}

/** Why an answer with a status that is not 2xx is not a delivery, in words: the same in the deliveries and after Send a test. */
export const statusError = (s: number) =>
  s >= 300 && s < 400 ? `the receiver answered ${s}: redirects are not followed, point the webhook at the final URL` : `the receiver answered ${s}`

/** How long a receiver has for one attempt, connection included, unless told otherwise. */
export const RECEIVER_TIMEOUT_MS = 10_000

const REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'the connection was reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name could not be resolved (DNS did not answer)',
}

/**
 * POSTs webhook bodies: to the address the name resolves to once checked (see `safeLookup`),
 * with no redirect followed (a 3xx is an answer like any other), within the time limit, over
 * kept-alive connections. Never throws: every failure is a `SendResult` with its reason.
 */
export function createSender(o: SenderOptions = {}) {
  const allowPrivate = o.allowPrivate ?? false
  const timeoutMs = o.timeoutMs ?? RECEIVER_TIMEOUT_MS
  const lookup = safeLookup(allowPrivate, o.resolve)
  const keepAlive = o.keepAlive ?? true
  const agents = { 'http:': new HttpAgent({ keepAlive }), 'https:': new HttpsAgent({ keepAlive }) }

  async function send(target: string, body: string, headers: Record<string, string>, signal?: AbortSignal): Promise<SendResult> {
    const url = new URL(target)
    if (url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:')) return { error: `${url.protocol} URLs are not allowed: use https` }
    // A literal address never goes through the lookup: check it here.
    if (isIP(url.hostname.replace(/^\[|\]$/g, ''))) {
      const problem = await targetProblem(url, allowPrivate)
      if (problem) return { error: problem }
    }
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest
    return new Promise<SendResult>((resolve) => {
      let settled = false
      const done = (r: SendResult) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        signal?.removeEventListener('abort', abort)
        resolve(r)
      }
      const req = request(url, {
        method: 'POST',
        agent: agents[url.protocol as 'http:' | 'https:'],
        lookup,
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), 'User-Agent': 'Touchpoint-Webhooks/1', ...headers },
      })
      const timer = setTimeout(() => {
        done({ error: `no answer within ${timeoutMs / 1000} s` })
        req.destroy()
      }, timeoutMs)
      const abort = () => {
        done({ error: 'the collector stopped during the attempt' })
        req.destroy()
      }
      signal?.addEventListener('abort', abort)
      req.on('response', (res) => {
        done({ status: res.statusCode })
        // The status is the answer. The body is read and dropped, so that the connection can be
        // reused, for as long as the receiver had left; then the connection is cut.
        const drain = setTimeout(() => req.destroy(), Math.max(1000, timeoutMs))
        res.on('close', () => clearTimeout(drain))
        res.resume()
      })
      req.on('error', (e: NodeJS.ErrnoException) => done({ error: (e.code && REASONS[e.code]) ?? e.message }))
      req.end(body)
    })
  }

  return {
    send,
    /** Closes the kept-alive connections. */
    close() {
      agents['http:'].destroy()
      agents['https:'].destroy()
    },
  }
}

export type Sender = ReturnType<typeof createSender>
