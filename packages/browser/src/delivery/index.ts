// The delivery chunk, loaded only when there is something to send. It owns the queue's
// retries: a record leaves the queue only after a 2xx for the batch that carried it (or when a
// 4xx refuses it, the collector's answer lists it as rejected, or a limit evicts it, each
// reported through `dropped` and on the console).
import type { Runtime } from '../runtime.js'
import type { Delivery } from '../sdk.js'
import { tabLock } from '../tab-lock.js'
import { current, isOld } from '../types.js'
import type { QueueRecord } from '../types.js'
import { backoff, BACKOFF_CAP_MS } from './backoff.js'
import { beaconChunks } from './beacon-chunks.js'
import type { Dropped } from './messages.js'
import { LONGEST_WAIT, plan } from './plan.js'
import { bodyOf, send } from './send.js'

// Console lines carry log.ts's prefix, written out here: importing log.ts would make the
// always-loaded runtime export it to this chunk, and every byte there counts.
/** Wakes the tab that holds the flush lock. */
const CHANNEL = 'touchpoint'
/** Failed attempts of one answer after which a collector "keeps failing" and the console says so. */
const WARN_AFTER = 3
/** Whether this page load has warned about a failing collector: once is enough. */
let warned = false

/**
 * Prints a delivery problem, worded by messages.ts: a chunk of its own, loaded only when answers
 * are dropped or a collector keeps failing, so that every page that sends does not carry the
 * wording. Where even that chunk cannot be loaded (offline), the bare facts are printed.
 */
async function say(level: 'error' | 'warn', word: (m: typeof import('./messages.js')) => string, facts: string) {
  // Offline, or the chunk is gone: the facts alone.
  console[level]('[touchpoint]', await import('./messages.js').then(word).catch(() => facts))
}

export function start(rt: Runtime): Delivery {
  let running: Promise<void> | undefined
  let again = false
  /** Whether the next pass sends what waits out a backoff too: a flush(true) asked for it. */
  let forced = false
  let timer: ReturnType<typeof setTimeout> | undefined
  // No options: destroy() came while this chunk loaded. Nothing is sent, and its stop() follows.
  let stopped = !rt.options()
  /** Until when the collector asked (Retry-After) not to be called. */
  let pausedUntil = 0
  /**
   * Whether that pause lasts: not once it ends further off than any Retry-After lasts, which
   * only a clock gone back since can do (else no answer would leave for as long as it went back).
   */
  const paused = (now = Date.now()) => now < pausedUntil && pausedUntil <= now + LONGEST_WAIT
  /** Records believed pending, for beacons: a page being hidden cannot wait for IndexedDB. */
  let pending: QueueRecord[] = []
  const opts = rt.options() ?? {}
  let batchSize = opts.batchSize ?? 20
  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : undefined

  const limits = { maxAgeDays: opts.maxQueueAge ?? 30, maxSize: opts.maxQueueSize ?? 500 }
  /** What leaves the page: the payloads as queued (trimmed and redacted when they were made). */
  const body = (records: QueueRecord[]) => bodyOf(rt.collector(), records.map((r) => r.payload))

  /**
   * Reads the queue, upgrading records written by an older SDK in place. Their answers were not
   * trimmed or redacted when made: the code that upgrades them is a chunk of its own
   * (migrate.ts, which imports outgoing.ts), loaded for them alone, so that this chunk does not carry it.
   */
  async function read(): Promise<QueueRecord[]> {
    const out: QueueRecord[] = []
    const entries = await rt.queue().entries()
    const up = entries.some(([, s]) => isOld(s)) ? (await import('./migrate.js')).upgrade(opts) : current
    for (const [, stored] of entries) {
      const r = up(stored)
      if (!r) continue
      if (r !== stored) await rt.queue().set(r.id, r)
      out.push(r)
    }
    return (pending = out)
  }

  /**
   * Flushes at `at`, or after the longest wait there is at the latest: a longer one (a
   * clock gone back during a Retry-After pause) would overflow setTimeout, which then fires at
   * once, again and again. A delay below 0 is 0.
   */
  function schedule(at: number | undefined) {
    clearTimeout(timer)
    timer = at === undefined ? undefined : setTimeout(() => void flush(), Math.min(LONGEST_WAIT, at - Date.now()))
  }

  /** Deletes records from the queue (and from what beacons would send). */
  const remove = async (ids: string[]) => {
    await rt.queue().delMany(ids)
    pending = pending.filter((r) => !ids.includes(r.id))
  }

  /** Gives records up: deleted, reported by `dropped`, and always on the console, once per call. */
  const drop = async (records: QueueRecord[], reason: Dropped['reason'], status?: number, reasons?: Record<string, string>) => {
    const ids = records.map((r) => r.id)
    const events = records.filter((r) => 'kind' in r.payload).length
    await remove(ids)
    rt.emit('dropped', { ids, reason, status, reasons })
    const d: Dropped = { count: ids.length - events, events, reason, status, reasons, lastError: records[0]!.lastError, url: rt.collector().url, ...limits }
    await say('error', (m) => m.droppedMessage(d), `${ids} dropped: ${reason}`)
  }

  /** One pass: evict, then send what is due, batch after batch, until done or a batch must wait. */
  async function pass(force: boolean) {
    const now = Date.now()
    const p = plan(await read(), now, limits, force)
    if (p.expired.length) await drop(p.expired, 'expired')
    if (p.full.length) await drop(p.full, 'queue full')
    const due = paused(now) ? [] : p.due
    let next = paused(now) ? pausedUntil : p.nextAt
    const collector = rt.collector()
    // Stopped (destroy, consent denied) during a send: no batch after it leaves the page.
    while (due.length && !stopped) {
      const batch = due.splice(0, batchSize)
      const ids = batch.map((r) => r.id)
      let sending: string
      try {
        sending = body(batch)
      } catch (e) {
        // A throwing transform is a bug in the page: keep the answers and retry after backoff.
        rt.report(e, 'collector.transform threw: ')
        next = await later(batch, 'transform threw')
        break
      }
      const sent = await send(collector, sending, ids, opts.timeout ?? 10_000)
      if (sent.outcome === 'delivered') {
        // Only what the collector took is delivered; what it rejected (a 2xx can carry some) is dropped.
        const reasons = sent.rejected ?? {}
        const rejected = batch.filter((r) => Object.hasOwn(reasons, r.id))
        const taken = ids.filter((id) => !Object.hasOwn(reasons, id))
        await remove(taken)
        if (taken.length) {
          rt.emit('delivered', { ids: taken, status: sent.status! })
          rt.log('delivery', 'sent', taken.length, sent.status!)
        }
        if (rejected.length) await drop(rejected, 'rejected', sent.status, Object.fromEntries(rejected.map((r) => [r.id, reasons[r.id]!])))
      } else if (sent.status === 413 && batch.length > 1) {
        // Too large for this collector: try again at once in halves (of 2 or more: 1 or more).
        batchSize = batch.length >> 1
        due.unshift(...batch)
      } else if (sent.outcome === 'drop') {
        await drop(batch, 'rejected', sent.status)
      } else {
        if (sent.retryAfterMs !== undefined) pausedUntil = Date.now() + sent.retryAfterMs
        next = await later(batch, sent.error!, sent.retryAfterMs)
        break
      }
    }
    schedule(next)
  }

  /** Records a failed attempt: attempts + 1, backoff (at least what Retry-After asked). Returns when to try again. */
  async function later(batch: QueueRecord[], error: string, retryAfterMs = 0): Promise<number> {
    const now = Date.now()
    let first = Infinity
    let most = 0
    for (const r of batch) {
      const attempts = r.attempts + 1
      const nextAttemptAt = now + Math.max(backoff(attempts), retryAfterMs)
      first = Math.min(first, nextAttemptAt)
      most = Math.max(most, attempts)
      await rt.queue().tx<[QueueRecord?]>([r.id], ([cur]) => [cur && { ...cur, attempts, nextAttemptAt, lastError: error }])
    }
    rt.log('delivery', 'retry', batch.length, error, first - now)
    if (most >= WARN_AFTER && !warned) {
      warned = true
      // Not awaited: the next attempt is scheduled whether or not the wording has arrived.
      void say('warn', (m) => m.failingMessage(rt.collector().url, most, error), error)
    }
    return first
  }

  /**
   * Flushes now: in this tab if it gets the flush lock, else by waking the tab that has it. A
   * tab `woken` so does not wake the others in turn: the tab that has the lock heard it too, and
   * tabs passing it on to each other would do so until the lock is free. (A call that joins a
   * woken attempt is not passed on either: that attempt is a few ms old, the tab that has the
   * lock was woken at its start, and flushes again after its current pass.)
   */
  function flush(force = false, woken?: boolean): Promise<void> {
    // Stopped (destroy, consent denied): a send already under way ends, and nothing follows it.
    if (stopped) return Promise.resolve()
    if (running) {
      again = true
      forced ||= force
      return running
    }
    // A new run: nothing carries over from one that failed before its joined calls had their pass.
    forced = force
    running = (async () => {
      // The flush lock: taken once, and kept for the passes of the calls that join meanwhile (a
      // lock let go and taken again at once may still be held for a moment, even by this tab,
      // and their pass would be lost). `undefined` while the queue is in memory: it is this
      // tab's alone, until consent given meanwhile moves it to disk. `null`: another tab has it.
      let release: (() => void) | null | undefined
      try {
        do {
          if (!release && !rt.queue().memory && !(release = await tabLock('flush', rt.state()))) await read()
          // What the calls that joined meanwhile asked for is done now, or passed on.
          again = false
          const f = forced
          forced = false
          if (release === null) {
            // 'force' passes flush(true) on: the tab that sends sends what waits out a backoff too.
            if (!stopped && !woken) channel?.postMessage(f ? 'force' : 'flush')
            break
          }
          await pass(f)
        } while (again && !stopped)
      } finally {
        release?.()
      }
    })()
      .catch((e) => {
        rt.report(e, 'delivery failed: ')
        // A pass that broke off (a write refused: the disk is full) left no retry timer: what
        // it did not send goes after the longest backoff, not only at the next answer or visit.
        schedule(Date.now() + BACKOFF_CAP_MS)
      })
      .finally(() => (running = undefined))
    return running
  }

  /**
   * The page is going away or hidden: send what is pending by beacon, and keep it queued until
   * a 2xx. Not while the collector's Retry-After lasts: a collector that asked for a pause gets
   * no beacon each time a visitor switches tabs.
   */
  function beacon() {
    if (!pending.length || paused()) return
    const collector = rt.collector()
    // sendBeacon cannot carry headers: with headers (an API key), use a keepalive fetch.
    const viaFetch = Object.keys(collector.headers).length || !navigator.sendBeacon
    try {
      for (const group of beaconChunks(pending, body)) {
        if (viaFetch) {
          void fetch(collector.url, {
            method: 'POST',
            body: body(group),
            headers: { 'Content-Type': 'application/json', ...collector.headers, 'Idempotency-Key': group.map((r) => r.id).join(',') },
            keepalive: true,
          }).catch(() => {})
        } else if (!navigator.sendBeacon(collector.url, body(group))) break
      }
    } catch {
      // A beacon is a bonus: what it could not send goes at the next flush.
    }
  }

  // One signal removes the page's listeners at stop(); the runtime's listen() would have to be
  // exported to this chunk, which costs bytes on every page.
  const listening = new AbortController()
  const on = { signal: listening.signal }
  document.addEventListener('visibilitychange', () => (document.hidden ? beacon() : void flush()), on)
  addEventListener('pagehide', beacon, on)
  addEventListener('online', () => void flush(true), on)
  // Every message on the channel is a wake-up: 'flush', or 'force' for flush(true).
  channel?.addEventListener('message', ({ data }) => void flush(data === 'force', true))

  return {
    flush,
    stop() {
      stopped = true
      clearTimeout(timer)
      listening.abort()
      channel?.close()
    },
  }
}
