import { randomUUID } from 'node:crypto'
import { setMaxListeners } from 'node:events'
import type { Database } from '../db/database.js'
import { describeError, errorCode } from '../db/database-error.js'
import { boundedLog } from '../error-log.js'
import { answerPayload } from './answer-payload.js'
import { nextAttempt } from './backoff.js'
import { deliveryBody } from './formats.js'
import type { Resolve } from './safe-target.js'
import { createSender, RECEIVER_TIMEOUT_MS, statusError } from './sender.js'
import type { SendResult } from './sender.js'
import { signatureHeader } from './signature.js'
import {
  claimDeliveries, clearLeases, enabledWebhooks, expandOutbox, OUTBOX_ANSWERS_PER_ROUND, purgeFinished, recordAttempt, releaseLeases, vacuumWebhookTables,
} from './store.js'
import type { Claimed, Outcome } from './store.js'

export interface WebhookWorkerOptions {
  db: Database
  /** Let webhooks reach loopback and private addresses, and use plain http. */
  allowPrivate?: boolean
  /**
   * The collector's clock, in ms since the epoch: it dates the signatures (which receivers check
   * against their own clock) and spaces the hourly purge. Leases, retry times, the 24-hour
   * give-up and the 30 days deliveries are kept follow the database's clock instead.
   */
  now?: () => number
  /** In [0, 1): the jitter of the backoff. */
  random?: () => number
  /** How long a receiver has for one attempt. Default `RECEIVER_TIMEOUT_MS` (10 s). */
  timeoutMs?: number
  /** How long a claimed delivery is this worker's alone, by the database's clock. Default `timeoutMs` + 10 s. */
  leaseMs?: number
  /** How often to look for due deliveries, in ms; 0: only when `runDue` or `wake` is called. Default 1 s. */
  pollMs?: number
  /** Attempts in flight at once per webhook. Default 4. */
  perWebhook?: number
  /** How long `stop()` lets attempts in flight finish before cutting them off. Default 5 s. */
  graceMs?: number
  /** The host name resolver. */
  resolve?: Resolve
  /**
   * Answers the worker turns from the outbox into deliveries per transaction, at most. Default
   * `OUTBOX_ANSWERS_PER_ROUND` (5000). A round that fails halves it for the next one (down to
   * `MIN_OUTBOX_ANSWERS`); each that succeeds doubles it back.
   */
  outboxAnswers?: number
}

export interface WebhookWorker {
  /** Sends every delivery due now, and those that become due as earlier ones finish; resolves when none is left in flight. */
  runDue(): Promise<void>
  /** Looks for due deliveries now rather than at the next poll (after a retry is asked for). */
  wake(): void
  /** Stops looking, lets attempts in flight finish for a while, then cuts them off and gives their leases back. */
  stop(): Promise<void>
}

/** Delivered and failed deliveries are kept this long, for the dashboard. */
export const KEEP_FINISHED_MS = 30 * 24 * 3600e3
const PURGE_EVERY_MS = 3600e3

// A lease outlives the longest attempt, so that no two collectors ever send one delivery at the
// same time; a collector that dies mid-attempt holds its deliveries this long at most.
const LEASE_MARGIN_MS = 10_000

/** The fewest answers a round of the outbox is cut down to after failures (unless `outboxAnswers` is lower). */
export const MIN_OUTBOX_ANSWERS = 100
// Rounds of the outbox between two looks for deliveries to send: a backlog is sent while it is
// still being turned into deliveries.
const ROUNDS_BEFORE_SENDING = 10
// Rounds of the outbox that fail in a row, while the database answers the worker's other
// queries, before the log says that new answers wait for their deliveries.
const STUCK_AFTER = 3

// The embedded databases whose leases were cleared at a worker's start in this process.
const cleared = new WeakSet<Database>()

/**
 * Sends the deliveries the outbox holds. At least once: a delivery ends only when its receiver
 * answered 2xx (or 410, or it was tried for 24 hours); a collector that dies mid-attempt leaves
 * a lease that runs out, and another collector (or this one, restarted) sends it again, with
 * the same `Touchpoint-Delivery` id. Each webhook has its own lane of `perWebhook` attempts, so
 * a slow or dead receiver holds up no other webhook, and ingest never waits for any of them.
 */
export function startWebhookWorker(o: WebhookWorkerOptions): WebhookWorker {
  const { db } = o
  const now = o.now ?? Date.now
  const random = o.random ?? Math.random
  const timeoutMs = o.timeoutMs ?? RECEIVER_TIMEOUT_MS
  const leaseMs = o.leaseMs ?? timeoutMs + LEASE_MARGIN_MS
  const perWebhook = o.perWebhook ?? 4
  const sender = createSender({ allowPrivate: o.allowPrivate, timeoutMs, resolve: o.resolve })
  const stopping = new AbortController()
  // One listener per attempt in flight, by design.
  setMaxListeners(0, stopping.signal)
  const lanes = new Map<string, { inFlight: number; claiming: boolean; again: boolean }>()
  const busy = new Set<Promise<unknown>>()
  const abandoned = new Set<string>()
  // The first purge (and, on the embedded store, VACUUM) an hour after the start, not at it:
  // a collector that restarts should take answers at once.
  let lastPurge = now()
  let stopped = false

  const track = (p: Promise<unknown>) => {
    busy.add(p)
    void p.finally(() => busy.delete(p))
  }
  // Database errors (a restart, a lost connection) are logged and the round ends: the next poll
  // tries again, and a lease taken meanwhile runs out by itself. Messages only (quoted values cut
  // out): no answer data. A database that is down fails every poll alike: one line a minute.
  const log = boundedLog({ now })
  const logged = (e: unknown) => log(`webhooks ${errorCode(e) ?? (e as Error)?.message}`, `[collector] webhooks: ${describeError(e)}`)

  const ready = (async () => {
    if (db.kind === 'pglite' && !cleared.has(db)) {
      cleared.add(db)
      await clearLeases(db)
    }
  })()

  async function attempt(c: Claimed, token: string): Promise<void> {
    // Given the database's clock, on which the next attempt and the 24 hours are counted.
    let outcome: (dbNow: number) => Outcome
    if (!c.answer) {
      outcome = () => ({ status: 'failed', error: 'the answer was deleted from the collector' })
    } else if (!c.matches) {
      // Not sent: the filter was changed after the answer was stored, and leaves it out now.
      outcome = () => ({ status: 'failed', error: "not sent: the answer no longer matches the webhook's filter, changed after it was stored" })
    } else {
      const body = deliveryBody(c.format, { event: c.event, webhook: c.webhookId, delivery: c.id }, answerPayload(c.answer))
      const result: SendResult = await sender.send(
        c.url,
        body,
        { 'Touchpoint-Delivery': c.id, 'Touchpoint-Event': c.event, 'Touchpoint-Signature': signatureHeader(c.secret, body, now() / 1000) },
        stopping.signal,
      )
      if (stopping.signal.aborted && result.status === undefined) {
        // Cut off by stop(), which gives the lease back: someone sends it again.
        abandoned.add(token)
        return
      }
      outcome = (dbNow) => outcomeOf(result, c, dbNow, random())
    }
    await recordAttempt(db, c, token, outcome)
  }

  async function pump(webhookId: string): Promise<void> {
    let lane = lanes.get(webhookId)
    if (!lane) lanes.set(webhookId, (lane = { inFlight: 0, claiming: false, again: false }))
    if (lane.claiming) {
      lane.again = true
      return
    }
    lane.claiming = true
    try {
      do {
        lane.again = false
        const free = perWebhook - lane.inFlight
        if (stopped || free <= 0) break
        const token = randomUUID()
        const claimed = await claimDeliveries(db, webhookId, free, leaseMs, token)
        for (const c of claimed) {
          lane.inFlight++
          const l = lane
          track(
            attempt(c, token)
              .catch(logged)
              .finally(() => {
                l.inFlight--
                if (!stopped) track(pump(webhookId))
              }),
          )
        }
      } while (lane.again)
    } catch (e) {
      logged(e)
    } finally {
      lane.claiming = false
    }
  }

  // The outbox: how many answers a round takes now, and the rounds that failed in a row.
  const outboxAnswers = Math.max(1, Math.floor(o.outboxAnswers ?? OUTBOX_ANSWERS_PER_ROUND))
  const minOutboxAnswers = Math.min(MIN_OUTBOX_ANSWERS, outboxAnswers)
  let roundAnswers = outboxAnswers
  const outbox = { failures: 0, since: 0, answeredSince: false, told: false }

  /** Once a round of the outbox failed: the next ones take less, and a failure that keeps on, while the database answers, is said so. */
  function outboxFailed(e: unknown): void {
    if (!outbox.failures) outbox.since = now()
    outbox.failures++
    roundAnswers = Math.max(minOutboxAnswers, Math.floor(roundAnswers / 2))
    // A database that is down fails everything alike: the usual line says so. One that answers
    // the other queries but not this one holds every new answer back from every webhook.
    if (outbox.failures < STUCK_AFTER || !outbox.answeredSince) return logged(e)
    outbox.told = true
    log(
      'webhooks outbox',
      `[collector] webhooks: answers stored in the last ${Math.round((now() - outbox.since) / 1000)} s wait for their deliveries: ` +
        `turning the outbox into deliveries failed ${outbox.failures} times in a row, the last with ${describeError(e)}; ` +
        `the deliveries made before are still sent, and the next attempts take at most ${roundAnswers} answers each`,
    )
  }

  function outboxWorked(): void {
    if (outbox.told) {
      log(
        'webhooks outbox again',
        `[collector] webhooks: the outbox is turned into deliveries again, after ${outbox.failures} failed attempts over ${Math.round((now() - outbox.since) / 1000)} s`,
      )
    }
    outbox.failures = 0
    outbox.answeredSince = false
    outbox.told = false
    roundAnswers = Math.min(outboxAnswers, roundAnswers * 2)
  }

  /** Looks for deliveries to send, for every enabled webhook. */
  async function sendDue(): Promise<void> {
    try {
      const ids = await enabledWebhooks(db)
      if (outbox.failures) outbox.answeredSince = true
      for (const id of ids) track(pump(id))
    } catch (e) {
      logged(e)
    }
  }

  /**
   * Turns the outbox into deliveries, a bounded round at a time, sending what is made every
   * few rounds. A round that fails stops it until the next tick, and the deliveries made
   * before it are sent all the same: a stuck outbox holds back new answers only.
   */
  async function expand(): Promise<void> {
    while (!stopped) {
      let r: Awaited<ReturnType<typeof expandOutbox>>
      try {
        r = await expandOutbox(db, { answers: roundAnswers, rounds: ROUNDS_BEFORE_SENDING })
      } catch (e) {
        outboxFailed(e)
        return
      }
      // Another collector at it (or another tick of this one) tells nothing of how it goes.
      if (r.busy && !r.made) return
      outboxWorked()
      if (r.done) return
      await sendDue()
    }
  }

  async function tick(): Promise<void> {
    await ready
    if (stopped) return
    try {
      if (now() - lastPurge >= PURGE_EVERY_MS) {
        lastPurge = now()
        await purgeFinished(db, KEEP_FINISHED_MS)
        if (db.kind === 'pglite') await vacuumWebhookTables(db)
      }
    } catch (e) {
      logged(e)
    }
    await expand()
    if (!stopped) await sendDue()
  }

  const pollMs = o.pollMs ?? 1000
  let timer: NodeJS.Timeout | undefined
  const poll = () => {
    if (stopped || !pollMs) return
    timer = setTimeout(() => track(tick().finally(poll)), pollMs)
    timer.unref()
  }
  if (pollMs) track(tick().finally(poll))

  return {
    async runDue() {
      track(tick())
      while (busy.size) await Promise.allSettled([...busy])
    },
    wake() {
      if (!stopped) track(tick())
    },
    async stop() {
      if (stopped) return
      stopped = true
      clearTimeout(timer)
      const grace = new Promise((r) => setTimeout(r, o.graceMs ?? 5000).unref())
      await Promise.race([Promise.allSettled([...busy]), grace])
      stopping.abort()
      while (busy.size) await Promise.allSettled([...busy])
      await releaseLeases(db, [...abandoned]).catch(logged)
      sender.close()
    },
  }
}

/**
 * What an attempt's result means for its delivery: 2xx delivered; 410 Gone, the receiver asks
 * to stop: failed, and the webhook turned off; anything else (another status, a redirect, a
 * timeout, a refused connection, a refused address) is retried with backoff until 24 hours
 * after the answer, then failed. A 4xx other than 408 and 429 is about this delivery in
 * particular, so it stops holding back the ones behind it.
 */
export function outcomeOf(r: SendResult, c: Pick<Claimed, 'createdAt' | 'attempts'>, now: number, random: number): Outcome {
  const s = r.status
  if (s !== undefined && s >= 200 && s < 300) return { status: 'delivered', httpStatus: s }
  if (s === 410) {
    return { status: 'failed', httpStatus: s, error: 'the receiver answered 410 Gone', disableWebhook: 'the receiver answered 410 Gone: turn the webhook on again once it takes deliveries' }
  }
  const error = s === undefined ? r.error : statusError(s)
  const next = nextAttempt(c.createdAt, c.attempts, now, random)
  const leaveLine = s !== undefined && s >= 400 && s < 500 && s !== 408 && s !== 429
  return next === undefined
    ? { status: 'failed', httpStatus: s, error, leaveLine }
    : { status: 'pending', httpStatus: s, error, nextAttemptAt: next, leaveLine }
}
