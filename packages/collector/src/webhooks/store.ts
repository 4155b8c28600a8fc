import type { Database, Query } from '../db/database.js'
import { MATCHES_FILTER } from '../db/migrations.js'
import type { AnswerRow } from './answer-payload.js'
import type { Format, WebhookEvent } from './formats.js'
import type { Delivery, DeliveryStatus, Webhook, WebhookFilter, WebhookInput } from './webhook.js'

const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString())

type WebhookRow = {
  id: string; url: string; events: 'answer'[]; filter: WebhookFilter; format: Format; enabled: boolean; disabled_reason: string | null
  created_at: Date; updated_at: Date; pending: number; failed: number
}
const webhook = (r: WebhookRow): Webhook => ({
  id: r.id,
  url: r.url,
  events: r.events,
  filter: r.filter,
  format: r.format,
  enabled: r.enabled,
  disabledReason: r.disabled_reason,
  createdAt: iso(r.created_at)!,
  updatedAt: iso(r.updated_at)!,
  pending: r.pending,
  failed: r.failed,
})

// The pending count reads the two partial indexes that between them hold every pending delivery.
const WEBHOOK_SELECT = `SELECT w.id, w.url, w.events, w.filter, w.format, w.enabled, w.disabled_reason, w.created_at, w.updated_at,
  (SELECT count(*) FROM webhook_deliveries d WHERE d.webhook_id = w.id AND d.status = 'pending' AND d.in_line)::int
  + (SELECT count(*) FROM webhook_deliveries d WHERE d.webhook_id = w.id AND d.status = 'pending' AND NOT d.in_line)::int AS pending,
  (SELECT count(*) FROM webhook_deliveries d WHERE d.webhook_id = w.id AND d.status = 'failed')::int AS failed
  FROM webhooks w`

/** Every webhook, oldest first. */
export async function listWebhooks(db: Database): Promise<Webhook[]> {
  return (await db.query<WebhookRow>(`${WEBHOOK_SELECT} ORDER BY w.created_at, w.id`)).map(webhook)
}

/** One webhook, or `undefined`. */
export async function getWebhook(db: Database, id: string): Promise<Webhook | undefined> {
  const [row] = await db.query<WebhookRow>(`${WEBHOOK_SELECT} WHERE w.id = $1`, [id])
  return row && webhook(row)
}

/** Stores a new webhook with its secret. */
export async function insertWebhook(db: Database, id: string, secret: string, w: WebhookInput): Promise<Webhook> {
  await db.query('INSERT INTO webhooks (id, url, secret, events, filter, format, enabled) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
    id, w.url, secret, w.events, JSON.stringify(w.filter), w.format, w.enabled,
  ])
  return (await getWebhook(db, id))!
}

/** Changes the fields given; turning a webhook on forgets why it was off. `undefined` when there is no such webhook. */
export async function updateWebhook(db: Database, id: string, w: Partial<WebhookInput>): Promise<Webhook | undefined> {
  const params: unknown[] = [id]
  const set = ['updated_at = now()']
  if (w.url !== undefined) set.push(`url = $${params.push(w.url)}`)
  if (w.events !== undefined) set.push(`events = $${params.push(w.events)}`)
  if (w.filter !== undefined) set.push(`filter = $${params.push(JSON.stringify(w.filter))}`)
  if (w.format !== undefined) set.push(`format = $${params.push(w.format)}`)
  if (w.enabled !== undefined) set.push(`enabled = $${params.push(w.enabled)}`, 'disabled_reason = NULL')
  const updated = await db.query(`UPDATE webhooks SET ${set.join(', ')} WHERE id = $1 RETURNING id`, params)
  return updated.length ? getWebhook(db, id) : undefined
}

/** Deletes a webhook, its outbox rows and its deliveries; whether there was one. */
export async function deleteWebhook(db: Database, id: string): Promise<boolean> {
  return db.transaction(async (q) => {
    // The webhook first: its outbox rows go with it (a foreign key), waiting for an expansion in
    // progress to commit; the deliveries next, those that expansion made included.
    const gone = await q('DELETE FROM webhooks WHERE id = $1 RETURNING id', [id])
    await q('DELETE FROM webhook_deliveries WHERE webhook_id = $1', [id])
    return gone.length > 0
  })
}

/** What signing and sending need: the secret, which the API never shows again. */
export async function webhookTarget(db: Database, id: string): Promise<{ url: string; secret: string; format: Format } | undefined> {
  return (await db.query<{ url: string; secret: string; format: Format }>('SELECT url, secret, format FROM webhooks WHERE id = $1', [id]))[0]
}

type DeliveryRow = {
  id: string; seq: string; event: WebhookEvent; response_id: string; survey_id: string; type: string | null; score: number | null
  touchpoint: string | null; status: DeliveryStatus; attempts: number; last_attempt_at: Date | null; last_status: number | null
  last_error: string | null; next_attempt_at: Date; created_at: Date; finished_at: Date | null; waiting_for: string | null
}
const delivery = (r: DeliveryRow): Delivery => ({
  id: r.id,
  event: r.event,
  responseId: r.response_id,
  surveyId: r.survey_id,
  answer: r.type === null ? null : { type: r.type, score: r.score!, touchpoint: r.touchpoint! },
  status: r.status,
  attempts: r.attempts,
  lastAttemptAt: iso(r.last_attempt_at),
  lastStatus: r.last_status,
  lastError: r.last_error,
  nextAttemptAt: r.status === 'pending' ? iso(r.next_attempt_at) : null,
  waitingFor: r.waiting_for,
  createdAt: iso(r.created_at)!,
  finishedAt: iso(r.finished_at),
})

/**
 * A delivery's columns, as `delivery()` reads them, from `webhook_deliveries d`. `waiting_for`:
 * for a waiting delivery in its survey's line, the first of that line when it is another one
 * (only the first may go, whatever the others' next attempt says).
 */
const DELIVERY_COLUMNS = `d.id, d.seq::text AS seq, d.event, d.response_id, d.survey_id, r.type, r.score, r.touchpoint, d.status, d.attempts,
       d.last_attempt_at, d.last_status, d.last_error, d.next_attempt_at, d.created_at, d.finished_at,
       CASE WHEN d.status = 'pending' AND d.in_line THEN (
         SELECT f.id FROM webhook_deliveries f
         WHERE f.webhook_id = d.webhook_id AND f.survey_id = d.survey_id AND f.status = 'pending' AND f.in_line AND f.seq < d.seq
         ORDER BY f.seq LIMIT 1) END AS waiting_for
     FROM webhook_deliveries d LEFT JOIN responses r ON r.id = d.response_id`

/**
 * A webhook's deliveries, newest first, `limit` at a time, optionally of one status. `next` is
 * the cursor of the following page (pass it as `before`), or `null` on the last page.
 */
export async function listDeliveries(
  db: Database,
  webhookId: string,
  { status, limit, before }: { status?: DeliveryStatus; limit: number; before?: string },
): Promise<{ deliveries: Delivery[]; next: string | null }> {
  const params: unknown[] = [webhookId]
  const where = ['d.webhook_id = $1']
  if (status) where.push(`d.status = $${params.push(status)}`)
  if (before) where.push(`d.seq < $${params.push(before)}`)
  const rows = await db.query<DeliveryRow>(
    `SELECT ${DELIVERY_COLUMNS} WHERE ${where.join(' AND ')} ORDER BY d.seq DESC LIMIT ${limit}`,
    params,
  )
  return { deliveries: rows.map(delivery), next: rows.length === limit ? rows.at(-1)!.seq : null }
}

/**
 * Sends a failed (or waiting) delivery again at the next round of the worker. Retrying does not
 * restart the 24-hour window, which counts from the answer: a delivery older than that gets one
 * more attempt. `undefined` when there is no such delivery; its status when it was delivered.
 * Due at once by the database's clock, whatever the clock of the collector that was asked.
 */
export async function retryDelivery(db: Database, webhookId: string, id: string): Promise<Delivery | DeliveryStatus | undefined> {
  return db.transaction(async (q) => {
    const [row] = await q<{ status: DeliveryStatus }>('SELECT status FROM webhook_deliveries WHERE id = $1 AND webhook_id = $2 FOR UPDATE', [id, webhookId])
    if (!row) return undefined
    if (row.status === 'delivered') return row.status
    await q(`UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = now(), finished_at = NULL WHERE id = $1`, [id])
    return delivery((await deliveryRows(q, id))[0]!)
  })
}

const deliveryRows = (q: Query, id: string) =>
  q<DeliveryRow>(
    `SELECT ${DELIVERY_COLUMNS} WHERE d.id = $1`,
    [id],
  )

// Any fixed number: the collector expanding the outbox holds this lock, so that deliveries get
// their seq in outbox order however many collectors share the database.
const EXPAND_LOCK = 7_406_205

/** How much of the outbox one transaction of `expandOutbox` turns into deliveries, at most. */
export interface ExpandBounds {
  /**
   * Answers (deliveries made) per transaction. Default `OUTBOX_ANSWERS_PER_ROUND`. A row that
   * lists more is taken in parts, in order: the rest stays at the head of the outbox.
   */
  answers?: number
  /** Outbox rows per transaction. Default 500. */
  rows?: number
  /** Transactions per call; the call returns `done: false` when the outbox may hold more. Default: until it is empty. */
  rounds?: number
}

/**
 * Answers per transaction by default. An outbox row lists a whole batch (up to 1000 answers), so
 * a bound on rows alone let one transaction make 500,000 deliveries: more than the database's
 * time bound allows, retried unchanged for ever. A few thousand take a fraction of a second.
 */
export const OUTBOX_ANSWERS_PER_ROUND = 5000

/**
 * Turns outbox rows (one per webhook and stored batch) into deliveries, one per answer, in the
 * order of the outbox and of the answers in each row, until none is left (or `rounds` are done).
 * Each transaction takes up to `answers` answers from the head of the outbox, and up to `rows`
 * rows: whole rows while they fit, then the first answers of the next one, whose rest it keeps
 * for the next transaction. Whatever it took leaves the outbox in the transaction that makes
 * the deliveries, so each answer makes its delivery once. One collector at a time: another that
 * finds the lock taken returns at once, `busy` (the one holding it does the work).
 * A delivery's 24 hours count from when its answer was stored, not from here.
 */
export async function expandOutbox(db: Database, bounds: ExpandBounds = {}): Promise<{ made: number; done: boolean; busy: boolean }> {
  const answers = Math.max(1, Math.floor(bounds.answers ?? OUTBOX_ANSWERS_PER_ROUND))
  const rows = Math.max(1, Math.floor(bounds.rows ?? 500))
  let made = 0
  for (let round = 0; ; round++) {
    if (bounds.rounds !== undefined && round >= bounds.rounds) return { made, done: false, busy: false }
    const r = await db.transaction(async (q) => {
      const [lock] = await q<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS ok', [EXPAND_LOCK])
      if (!lock!.ok) return { made: 0, more: false, busy: true }
      // The head of the outbox, a row at a time (one index probe each), until `answers` are
      // reached: a backlog of large rows costs the rows this round takes, not the 500 it may.
      const head = await q<{ seq: string; n: number; upto: number }>(
        `WITH RECURSIVE head AS (
           (SELECT seq, cardinality(response_ids) AS n, cardinality(response_ids)::bigint AS upto, 1 AS k
            FROM webhook_outbox ORDER BY seq LIMIT 1)
           UNION ALL
           SELECT o.seq, o.n, h.upto + o.n, h.k + 1 FROM head h CROSS JOIN LATERAL (
             SELECT seq, cardinality(response_ids) AS n FROM webhook_outbox WHERE seq > h.seq ORDER BY seq LIMIT 1) o
           WHERE h.upto < $1 AND h.k < $2
         )
         SELECT seq::text AS seq, n, upto::float8 AS upto FROM head ORDER BY k`,
        [answers, rows],
      )
      if (!head.length) return { made: 0, more: false, busy: false }
      const whole = head.filter((h) => h.upto <= answers).map((h) => h.seq)
      const last = head.at(-1)!
      let made = 0
      if (whole.length) {
        // Only rows this DELETE removes make deliveries: a row that a webhook's deletion took
        // meanwhile makes none.
        const [r] = await q<{ made: number }>(
          `WITH batch AS (
             DELETE FROM webhook_outbox WHERE seq = ANY ($1::bigint[])
             RETURNING seq, webhook_id, response_ids, survey_ids, created_at
           ),
           made AS (
             INSERT INTO webhook_deliveries (webhook_id, event, response_id, survey_id, created_at, next_attempt_at)
             SELECT b.webhook_id, 'answer', a.response_id, a.survey_id, b.created_at, b.created_at
             FROM batch b CROSS JOIN LATERAL unnest(b.response_ids, b.survey_ids) WITH ORDINALITY AS a (response_id, survey_id, n)
             ORDER BY b.seq, a.n
             RETURNING 1
           )
           SELECT count(*)::int AS made FROM made`,
          [whole],
        )
        made += r!.made
      }
      if (last.upto > answers) {
        // The first answers of the next row, after the whole ones (its seq is the highest); the
        // row keeps the rest. Locked first: a webhook's deletion that took it meanwhile leaves
        // nothing to lock, and nothing is made.
        const take = answers - (last.upto - last.n)
        const locked = await q('SELECT seq FROM webhook_outbox WHERE seq = $1 FOR UPDATE', [last.seq])
        if (locked.length) {
          const [r] = await q<{ made: number }>(
            `WITH made AS (
               INSERT INTO webhook_deliveries (webhook_id, event, response_id, survey_id, created_at, next_attempt_at)
               SELECT o.webhook_id, 'answer', a.response_id, a.survey_id, o.created_at, o.created_at
               FROM webhook_outbox o CROSS JOIN LATERAL unnest(o.response_ids[1:$2], o.survey_ids[1:$2]) WITH ORDINALITY AS a (response_id, survey_id, n)
               WHERE o.seq = $1
               ORDER BY a.n
               RETURNING 1
             ),
             rest AS (
               UPDATE webhook_outbox SET response_ids = response_ids[$2 + 1:], survey_ids = survey_ids[$2 + 1:] WHERE seq = $1
             )
             SELECT count(*)::int AS made FROM made`,
            [last.seq, take],
          )
          made += r!.made
        }
      }
      return { made, more: last.upto >= answers || head.length === rows, busy: false }
    })
    made += r.made
    if (!r.more) return { made, done: true, busy: r.busy }
  }
}

/** A delivery the worker has leased, with what it needs to send it. */
export interface Claimed {
  id: string
  webhookId: string
  event: WebhookEvent
  attempts: number
  createdAt: number
  url: string
  secret: string
  format: Format
  /** The answer, or `null` when it was deleted since. */
  answer: AnswerRow | null
  /** Whether the answer still matches the webhook's filter (which may have changed since it was stored). */
  matches: boolean
}

/**
 * Leases up to `limit` deliveries of one enabled webhook that are due, for this worker (`token`)
 * for `leaseMs`, and counts the attempt. Several workers, in several collectors, may claim at
 * once: `FOR UPDATE SKIP LOCKED` and the lease give each delivery to one of them. Every time
 * here (due, the lease's end, the attempt's) is the database's clock, one for all collectors:
 * a collector whose clock is off takes no live lease of another, and holds its own no longer.
 *
 * Order: per webhook and survey, the deliveries form a line in answer order, and only the head
 * of a line may go (while it is in flight or waiting for its retry, the ones behind it wait),
 * found with a skip scan over the line index, one probe per survey. A delivery the receiver
 * refused with a 4xx has left its line (`in_line`): it is retried on its own, and holds no one.
 */
export async function claimDeliveries(db: Database, webhookId: string, limit: number, leaseMs: number, token: string): Promise<Claimed[]> {
  const rows = await db.query<{
    id: string; event: WebhookEvent; attempts: number; created_at: Date; url: string; secret: string; format: Format; answer: AnswerRow | null
    matches: boolean | null
  }>(
    `WITH RECURSIVE line AS (
       (SELECT survey_id, id FROM webhook_deliveries
        WHERE webhook_id = $1 AND status = 'pending' AND in_line ORDER BY survey_id, seq LIMIT 1)
       UNION ALL
       SELECT n.survey_id, n.id FROM line l CROSS JOIN LATERAL (
         SELECT survey_id, id FROM webhook_deliveries
         WHERE webhook_id = $1 AND status = 'pending' AND in_line AND survey_id > l.survey_id ORDER BY survey_id, seq LIMIT 1) n
     ),
     candidates AS (
       SELECT id FROM line
       UNION ALL
       (SELECT id FROM webhook_deliveries
        WHERE webhook_id = $1 AND status = 'pending' AND NOT in_line AND next_attempt_at <= now() ORDER BY seq LIMIT $2)
     ),
     picked AS (
       SELECT d.id FROM webhook_deliveries d
       WHERE d.id IN (SELECT id FROM candidates) AND d.status = 'pending' AND d.next_attempt_at <= now()
         AND (d.lease_until IS NULL OR d.lease_until <= now())
       ORDER BY d.seq LIMIT $2
       FOR UPDATE OF d SKIP LOCKED
     )
     UPDATE webhook_deliveries d SET lease_until = now() + $3 * interval '1 millisecond', lease_token = $4, attempts = d.attempts + 1,
       last_attempt_at = now()
     FROM picked, webhooks w
     WHERE d.id = picked.id AND w.id = d.webhook_id AND w.enabled
     RETURNING d.id, d.event, d.attempts, d.created_at, w.url, w.secret, w.format,
       (SELECT row_to_json(r) FROM responses r WHERE r.id = d.response_id) AS answer,
       (SELECT ${MATCHES_FILTER} FROM responses r WHERE r.id = d.response_id) AS matches`,
    [webhookId, limit, leaseMs, token],
  )
  return rows.map((r) => ({
    id: r.id,
    webhookId,
    event: r.event,
    attempts: r.attempts,
    createdAt: new Date(r.created_at).getTime(),
    url: r.url,
    secret: r.secret,
    format: r.format,
    answer: r.answer,
    matches: r.matches === true,
  }))
}

/** How an attempt ended, as the worker records it. */
export interface Outcome {
  status: DeliveryStatus
  /** The receiver's HTTP status, if it answered. */
  httpStatus?: number
  error?: string
  /** For a pending delivery: when to try again. */
  nextAttemptAt?: number
  /** The receiver refused this delivery in particular (a 4xx): it stops holding the ones behind it. */
  leaveLine?: boolean
  /** The receiver answered 410 Gone: the webhook is turned off, with this reason. */
  disableWebhook?: string
}

/**
 * Records the end of an attempt and lets the lease go. Only the lease holder may: a worker
 * whose lease ran out (and whose delivery another one may have taken) changes nothing.
 * `outcome` gets the database's clock, so that the next attempt's time, the 24-hour give-up
 * and the end are on the clock every collector compares them with.
 */
export async function recordAttempt(db: Database, c: Pick<Claimed, 'id' | 'webhookId'>, token: string, outcome: (now: number) => Outcome): Promise<void> {
  await db.transaction(async (q) => {
    const [clock] = await q<{ now: Date }>('SELECT now() AS now')
    const now = new Date(clock!.now).getTime()
    const o = outcome(now)
    const done = await q(
      `UPDATE webhook_deliveries SET status = $3, last_status = $4, last_error = $5, next_attempt_at = coalesce($6, next_attempt_at),
         in_line = in_line AND NOT $7, finished_at = CASE WHEN $3 = 'pending' THEN NULL ELSE $8::timestamptz END,
         lease_until = NULL, lease_token = NULL
       WHERE id = $1 AND lease_token = $2 RETURNING id`,
      [
        c.id, token, o.status, o.httpStatus ?? null, o.error ?? null,
        o.nextAttemptAt === undefined ? null : new Date(o.nextAttemptAt).toISOString(), o.leaveLine ?? false, new Date(now).toISOString(),
      ],
    )
    if (done.length && o.disableWebhook) {
      await q('UPDATE webhooks SET enabled = false, disabled_reason = $2, updated_at = now() WHERE id = $1', [c.webhookId, o.disableWebhook])
    }
  })
}

/** Gives back leases without recording an attempt's end (a worker stopping mid-send): due again at once. */
export async function releaseLeases(db: Database, tokens: string[]): Promise<void> {
  if (tokens.length) await db.query('UPDATE webhook_deliveries SET lease_until = NULL, lease_token = NULL WHERE lease_token = ANY ($1::uuid[])', [tokens])
}

/**
 * Frees every lease. Only for a database no other process can reach (the embedded one, which
 * one process opens at a time): a lease left there was left by a collector that died.
 */
export async function clearLeases(db: Database): Promise<void> {
  await db.query(`UPDATE webhook_deliveries SET lease_until = NULL, lease_token = NULL WHERE status = 'pending' AND lease_token IS NOT NULL`)
}

/** The webhooks the worker sends for. */
export async function enabledWebhooks(db: Database): Promise<string[]> {
  return (await db.query<{ id: string }>('SELECT id FROM webhooks WHERE enabled ORDER BY created_at, id')).map((r) => r.id)
}

/**
 * VACUUM of the tables the worker keeps changing. PostgreSQL's autovacuum does it by itself;
 * the embedded database has no autovacuum, so the worker calls this there, now and then.
 */
export async function vacuumWebhookTables(db: Database): Promise<void> {
  await db.query('VACUUM (ANALYZE) webhook_outbox, webhook_deliveries')
}

/** Deletes deliveries that ended (delivered or failed) more than `keepMs` ago by the database's clock, in bounded steps; how many. */
export async function purgeFinished(db: Database, keepMs: number, step = 10_000): Promise<number> {
  let total = 0
  for (;;) {
    const gone = await db.query(
      `DELETE FROM webhook_deliveries WHERE id IN (
         SELECT id FROM webhook_deliveries WHERE finished_at < now() - $1 * interval '1 millisecond' LIMIT ${step}) RETURNING id`,
      [keepMs],
    )
    total += gone.length
    if (gone.length < step) return total
  }
}
