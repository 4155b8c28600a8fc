import ky from 'ky'
import { PROTOCOL_VERSION } from '@touchpoint/core'
import type { Envelope } from '@touchpoint/core'
import type { Runtime } from '../runtime.js'
import type { Delivery } from '../sdk.js'
import type { QueueRecord } from '../types.js'

const BATCH = 20

/**
 * The delivery chunk, loaded only when there is something to send. A record leaves the queue
 * only after a 2xx for the batch that carried it.
 */
export function start(ctx: Runtime): Delivery {
  let running: Promise<void> | undefined

  async function flushOnce() {
    const records = (await ctx.queue().entries<QueueRecord>()).map(([, r]) => r).sort((a, b) => a.queuedAt - b.queuedAt)
    for (let i = 0; i < records.length; i += BATCH) {
      const batch = records.slice(i, i + BATCH)
      const ids = batch.map((r) => r.id)
      const envelope: Envelope = { v: PROTOCOL_VERSION, sentAt: new Date().toISOString(), responses: batch.map((r) => r.payload) }
      const res = await ky.post(ctx.collector().url, {
        json: envelope,
        headers: { ...ctx.collector().headers, 'Idempotency-Key': ids.join(',') },
        retry: 0,
        throwHttpErrors: false,
        timeout: 10_000,
      })
      if (!res.ok) return ctx.log('delivery', 'retry', ids.length, `HTTP ${res.status}`, 0)
      await ctx.queue().delMany(ids)
      ctx.emit('delivered', { ids, status: res.status })
      ctx.log('delivery', 'sent', ids.length, res.status)
    }
  }

  return {
    flush: () => (running ??= flushOnce().finally(() => (running = undefined))),
    stop() {},
  }
}
