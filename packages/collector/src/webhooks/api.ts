import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Database } from '../db/database.js'
import { describeError } from '../db/database-error.js'
import { HttpError } from '../http-error.js'
import { json } from '../json-answer.js'
import type { Access } from '../origin-policy.js'
import { quote } from '../quote.js'
import { parseJson, readParams, whole } from '../request-input.js'
import { deliveryBody, sampleAnswer } from './formats.js'
import { targetProblem } from './safe-target.js'
import type { Resolve } from './safe-target.js'
import { createSender, statusError } from './sender.js'
import { newSecret, signatureHeader } from './signature.js'
import { deleteWebhook, expandOutbox, getWebhook, insertWebhook, listDeliveries, listWebhooks, retryDelivery, updateWebhook, webhookTarget } from './store.js'
import { DELIVERY_STATUSES } from './webhook.js'
import type { DeliveryStatus, WebhookInput } from './webhook.js'
import { readWebhookInput } from './webhook-input.js'

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> | void
type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE'
/** A route as server.ts routes them. */
export interface WebhookRoute {
  access: Access
  methods: Partial<Record<Method, Handler>>
}

export interface WebhookApiOptions {
  db: Database
  /** Throws the 401 (or 429) when the request lacks the admin token: server.ts's own check. */
  requireAdmin(req: IncomingMessage): void
  /** Reads a request body as text within the collector's limits, and `max` bytes. */
  readText(req: IncomingMessage, max: number): Promise<string>
  /** `--allow-private-webhooks`: loopback and private targets, and http, are allowed. */
  allowPrivate?: boolean
  /** Tells this collector's worker that a retry was asked for. */
  wake?(): void
  /** The resolver for checking targets (tests). */
  resolve?: Resolve
  /** The clock, in ms. */
  now?(): number
}

const UUID = /^[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i
const MAX_BODY = 64 * 1024
const MAX_DELIVERIES_LIMIT = 100

/** The JSON body of a POST or PATCH. Only application/json: a page elsewhere cannot send that without a preflight. */
async function readJson(req: IncomingMessage, readText: WebhookApiOptions['readText']): Promise<unknown> {
  const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
  if (type !== 'application/json') throw new HttpError(415, `send the body as application/json (got ${type ? quote(type) : 'no Content-Type'})`)
  return parseJson(await readText(req, MAX_BODY))
}

/**
 * The webhook admin API, all behind the admin token: `/v1/webhooks` (list, create),
 * `/v1/webhooks/:id` (read, change, delete), `/v1/webhooks/:id/test`,
 * `/v1/webhooks/:id/deliveries` and `/v1/webhooks/:id/deliveries/:delivery/retry`.
 * Returns the route of a path, or `undefined` when the path is not one of these.
 */
export function webhookRoutes(o: WebhookApiOptions): (pathname: string) => WebhookRoute | undefined {
  const { db } = o
  const allowPrivate = o.allowPrivate ?? false
  const now = o.now ?? Date.now
  const sender = createSender({ allowPrivate, resolve: o.resolve, keepAlive: false })

  const read = (body: unknown, partial: boolean) => {
    const r = readWebhookInput(body, { partial, allowPrivate })
    if ('problem' in r) throw new HttpError(400, r.problem)
    return r.input
  }
  const checkTarget = async (url: string | undefined) => {
    const problem = url === undefined ? undefined : await targetProblem(new URL(url), allowPrivate, o.resolve)
    if (problem) throw new HttpError(400, `url: ${problem}`)
  }
  // What was stored a moment ago shows at once, rather than at the worker's next round. Only a
  // convenience, one bounded round: should it fail (the worker may be at it), or a backlog hold
  // more, the listing shows what is there.
  const expand = () => expandOutbox(db, { rounds: 1 }).catch((e: unknown) => console.error(`[collector] webhooks: ${describeError(e)}`))
  const found = async (id: string) => {
    const w = await getWebhook(db, id)
    if (!w) throw new HttpError(404, `no webhook ${quote(id)}`)
    return w
  }

  const list: Handler = async (req, res, url) => {
    o.requireAdmin(req)
    readParams(url, [])
    await expand()
    json(res, 200, { webhooks: await listWebhooks(db) })
  }

  const create: Handler = async (req, res, url) => {
    o.requireAdmin(req)
    readParams(url, [])
    const input = read(await readJson(req, o.readText), false) as WebhookInput
    await checkTarget(input.url)
    const id = randomUUID()
    const secret = newSecret()
    const w = await insertWebhook(db, id, secret, input)
    // The only time the secret is shown.
    json(res, 201, { ...w, secret }, { Location: `/v1/webhooks/${id}` })
  }

  const one = (id: string): WebhookRoute => ({
    access: 'read',
    methods: {
      async GET(req, res, url) {
        o.requireAdmin(req)
        readParams(url, [])
        await expand()
        json(res, 200, await found(id))
      },
      async PATCH(req, res, url) {
        o.requireAdmin(req)
        readParams(url, [])
        const input = read(await readJson(req, o.readText), true)
        await found(id)
        await checkTarget(input.url)
        const w = await updateWebhook(db, id, input)
        if (!w) throw new HttpError(404, `no webhook ${quote(id)}`)
        json(res, 200, w)
      },
      async DELETE(req, res, url) {
        o.requireAdmin(req)
        readParams(url, [])
        if (!(await deleteWebhook(db, id))) throw new HttpError(404, `no webhook ${quote(id)}`)
        res.writeHead(204, { 'Cache-Control': 'no-store' }).end()
      },
    },
  })

  const test = (id: string): WebhookRoute => ({
    access: 'read',
    methods: {
      async POST(req, res, url) {
        o.requireAdmin(req)
        readParams(url, [])
        const target = await webhookTarget(db, id)
        if (!target) throw new HttpError(404, `no webhook ${quote(id)}`)
        const delivery = randomUUID()
        const body = deliveryBody(target.format, { event: 'test', webhook: id, delivery }, sampleAnswer(randomUUID(), now()))
        const r = await sender.send(target.url, body, {
          'Touchpoint-Delivery': delivery,
          'Touchpoint-Event': 'test',
          'Touchpoint-Signature': signatureHeader(target.secret, body, now() / 1000),
        })
        const delivered = r.status !== undefined && r.status >= 200 && r.status < 300
        json(res, 200, { delivered, delivery, status: r.status ?? null, error: delivered ? null : (r.status !== undefined ? statusError(r.status) : r.error) })
      },
    },
  })

  const deliveries = (id: string): WebhookRoute => ({
    access: 'read',
    methods: {
      async GET(req, res, url) {
        o.requireAdmin(req)
        const p = readParams(url, ['status', 'limit', 'before'])
        const status = p.get('status') || undefined
        if (status && !DELIVERY_STATUSES.includes(status as DeliveryStatus)) {
          throw new HttpError(400, `status must be one of ${DELIVERY_STATUSES.join(', ')} (got ${quote(status)})`)
        }
        const limit = whole(p, 'limit', 1, MAX_DELIVERIES_LIMIT, 50)!
        const before = p.get('before') || undefined
        if (before && !/^\d{1,18}$/.test(before)) throw new HttpError(400, `before must be the "next" value of a previous page (got ${quote(before)})`)
        await found(id)
        await expand()
        json(res, 200, await listDeliveries(db, id, { status: status as DeliveryStatus | undefined, limit, before }))
      },
    },
  })

  const retry = (id: string, deliveryId: string): WebhookRoute => ({
    access: 'read',
    methods: {
      async POST(req, res, url) {
        o.requireAdmin(req)
        readParams(url, [])
        const w = await found(id)
        if (!w.enabled) throw new HttpError(409, `webhook ${id} is turned off (${w.disabledReason ?? 'by an admin'}): turn it on (PATCH { "enabled": true }), then retry`)
        const d = await retryDelivery(db, id, deliveryId)
        if (d === undefined) throw new HttpError(404, `webhook ${id} has no delivery ${quote(deliveryId)}`)
        if (typeof d === 'string') throw new HttpError(409, `delivery ${deliveryId} was delivered already: there is nothing to retry`)
        o.wake?.()
        json(res, 200, d)
      },
    },
  })

  const collection: WebhookRoute = { access: 'read', methods: { GET: list, POST: create } }

  return (pathname) => {
    if (pathname === '/v1/webhooks') return collection
    const m = /^\/v1\/webhooks\/([^/]+)(?:\/(test|deliveries)(?:\/([^/]+)\/(retry))?)?$/.exec(pathname)
    if (!m) return
    const [, id, sub, deliveryId, action] = m as unknown as [string, string, string | undefined, string | undefined, string | undefined]
    // An id that is not a UUID names no webhook: 404 rather than a database error.
    const missing: WebhookRoute = { access: 'read', methods: {} }
    if (!UUID.test(id) || (deliveryId !== undefined && !UUID.test(deliveryId))) {
      const notFound: Handler = (req) => {
        o.requireAdmin(req)
        throw new HttpError(404, `no webhook ${quote(id)}${deliveryId ? ` or delivery ${quote(deliveryId)}` : ''}`)
      }
      for (const k of ['GET', 'POST', 'PATCH', 'DELETE'] as const) missing.methods[k] = notFound
      return missing
    }
    if (!sub) return one(id.toLowerCase())
    if (sub === 'test') return deliveryId ? undefined : test(id.toLowerCase())
    return action ? retry(id.toLowerCase(), deliveryId!.toLowerCase()) : deliveries(id.toLowerCase())
  }
}
