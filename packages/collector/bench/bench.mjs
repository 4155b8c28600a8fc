// The collector's benchmark: ingest throughput (batches of 20 answers over loopback, as the SDK
// sends them), what one active webhook costs ingest and how fast its worker delivers, and read
// latency over a million stored answers, on the embedded store and on PostgreSQL. The collector
// runs as its built command in a process of its own, so the load generator does not share its
// CPU time with it. Not a test: nothing here passes or fails.
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { Agent, createServer, request } from 'node:http'
import { createServer as createNetServer } from 'node:net'
import { availableParallelism, cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { openPglite, openPostgres } from '@touchpoint/collector'
import pg from 'pg'
import { startPostgres } from '../test/harness/postgres-server.mjs'

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url))

/** A journey of eight touchpoints over every type, scale and stage, for the seeded answers. */
const JOURNEY = `(VALUES
  (0, 'landing', 'awareness', 'csat', 1, 5), (1, 'search', 'consideration', 'ces', 1, 7),
  (2, 'product-page', 'consideration', 'csat', 1, 5), (3, 'checkout', 'purchase', 'nps', 0, 10),
  (4, 'payment', 'purchase', 'ces', 1, 7), (5, 'delivery', 'retention', 'csat', 1, 5),
  (6, 'support-chat', 'retention', 'ces', 1, 5), (7, 'account', 'advocacy', 'nps', 0, 10)
) AS t(k, touchpoint, stage, type, smin, smax)`

/** What the seeded comments say: one of these, then the row number (a word found in one comment only). */
const COMMENTS = `ARRAY['Great prices and a fast checkout', 'Delivery was late again', 'La crème brûlée coupon did not apply',
  'Support answered quickly', 'The size guide is confusing']`

// A chunk of the seed takes longer than the collector's 10 s for a statement: the connections
// that seed and prepare get minutes.
const SEED_WITHIN_MS = 10 * 60_000

/**
 * `rows` answers in one set-based statement per chunk: spread over the last 365 days, one in
 * ten with a comment, scores spread by hashes of the row number (independent ones: a comment
 * tied to g % 10 would never fall on the odd touchpoints of g % 8). Each has a context: a plan
 * (four values) and an order id (one per answer, the worst case for the counts per context key).
 */
export async function seed(db, rows) {
  const chunk = 250_000
  for (let start = 0; start < rows; start += chunk) {
    await db.query(
      `INSERT INTO responses (id, survey_id, type, scale_min, scale_max, score, comment, touchpoint, stage, answered_at,
         locale, trigger, page_url, page_path, anonymous_id, device, context)
       SELECT gen_random_uuid(), t.touchpoint || '-' || t.type, t.type, t.smin, t.smax,
         t.smin + abs(hashint4(g)) % (t.smax - t.smin + 1),
         CASE WHEN abs(hashint4(g + 13)) % 10 = 0 THEN (${COMMENTS})[1 + abs(hashint4(g + 17)) % 5] || ', number ' || g END,
         t.touchpoint, t.stage, now() - (abs(hashint4(g + 7)) % 31536000) * interval '1 second',
         'en-US', 'event:bench', 'https://shop.example.com/' || t.touchpoint, '/' || t.touchpoint, md5(g::text),
         CASE WHEN g % 3 = 0 THEN 'mobile' ELSE 'desktop' END,
         jsonb_build_object('plan', (ARRAY['free', 'pro', 'team', 'enterprise'])[1 + abs(hashint4(g + 29)) % 4], 'orderId', 'A-' || g)
       FROM generate_series($1::int, $2::int) g JOIN ${JOURNEY} ON t.k = g % 8`,
      [start + 1, Math.min(rows, start + chunk)],
    )
  }
  // What autovacuum does on a long-running server (PGlite has none): statistics for the planner.
  await db.query('VACUUM ANALYZE responses, answer_dimensions, answer_counts')
}

/** Starts the built collector; resolves with its URL and a stop function. */
async function startCollector(args, env) {
  const child = spawn(process.execPath, [CLI, '--port', '0', '--rate', '0', '--rate-answers', '0', '--rate-bytes', '0', ...args], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let out = ''
  const url = await new Promise((resolve, reject) => {
    child.stdout.on('data', (c) => {
      out += c
      const m = /listening on (http:\/\/\S+)/.exec(out)
      if (m) resolve(m[1])
    })
    child.once('exit', (code) => reject(new Error(`the collector exited (${code}): ${out}`)))
  })
  const stop = () => new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGTERM')))
  return { url, stop }
}

/**
 * One HTTP request over `agent`; resolves with status and body, or with status `'reset'` when
 * the server cut the connection before answering (what it does to a hostile body it stopped
 * reading).
 */
function call(agent, url, { method = 'GET', body } = {}) {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, method, headers: body ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } : {} }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (c) => (text += c))
      res.on('end', () => resolve({ status: res.statusCode, text }))
      res.on('error', () => resolve({ status: res.statusCode, text }))
    })
    req.on('error', (e) => (req.res ? undefined : e.code === 'ECONNRESET' || e.code === 'EPIPE' ? resolve({ status: 'reset', text: '' }) : reject(e)))
    req.end(body)
  })
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
const round = (x, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits

/** A batch of `size` new answers, as the SDK sends it, over `surveys` surveys. */
function batch(size, now, surveys = 1) {
  const responses = Array.from({ length: size }, (_, i) => ({
    id: randomUUID(),
    surveyId: surveys === 1 ? 'checkout-nps' : `checkout-nps-${i % surveys}`,
    type: 'nps',
    scale: { min: 0, max: 10 },
    score: i % 11,
    ...(i % 5 === 0 && { comment: 'Fast checkout, but the delivery options were confusing.' }),
    touchpoint: 'checkout',
    stage: 'purchase',
    answeredAt: new Date(now - i * 1000).toISOString(),
    locale: 'en-US',
    trigger: 'event:checkout_completed',
    page: { url: 'https://shop.example.com/checkout', path: '/checkout' },
    visitor: { anonymousId: randomUUID(), attributes: { plan: 'pro' } },
    device: 'desktop',
  }))
  return JSON.stringify({ v: 1, sentAt: new Date(now).toISOString(), responses })
}

/** POSTs `batches` batches of `size` from `concurrency` connections; answers per second and batch latencies. */
async function ingest(url, { batches, size, concurrency, surveys = 1 }) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency })
  const now = Date.now()
  const warm = Array.from({ length: concurrency * 2 }, () => batch(size, now, surveys))
  const bodies = Array.from({ length: batches }, () => batch(size, now, surveys))
  const post = async (body) => {
    const r = await call(agent, `${url}/v1/responses`, { method: 'POST', body })
    if (r.status !== 200 || JSON.parse(r.text).accepted !== size) throw new Error(`ingest failed: ${r.status} ${r.text.slice(0, 200)}`)
  }
  await Promise.all(warm.map(post))
  const latencies = []
  let next = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++]
        const t = performance.now()
        await post(body)
        latencies.push(performance.now() - t)
      }
    }),
  )
  const seconds = (performance.now() - started) / 1000
  agent.destroy()
  latencies.sort((a, b) => a - b)
  return {
    responsesPerSecond: Math.round((batches * size) / seconds),
    batchesPerSecond: Math.round(batches / seconds),
    batchP50Ms: round(percentile(latencies, 50)),
    batchP95Ms: round(percentile(latencies, 95)),
  }
}

/**
 * What a hostile body costs: 1 MB bodies nested half a million levels deep, where a recursive
 * parser runs out of stack. The collector watches the nesting byte by byte as the body arrives.
 * Deep in the envelope (an unknown member), it answers 400 as soon as the limit is crossed and
 * cuts the connection after a short drain, without reading the rest. Deep in a record (its visitor's
 * attributes), it reads the whole body, cuts that value out unparsed, and stores the other 19
 * answers: the time per KB of that round trip bounds the cost of the scan. Medians of `runs`.
 */
export async function hostile(url, runs = 15) {
  const deep = (n) => '['.repeat(n) + ']'.repeat(n)
  const levels = 500_000 // half a million arrays: 1 MB of brackets, under the 1 MiB body limit
  const now = Date.now()
  const sentAt = new Date(now).toISOString()
  const bodies = {
    envelope: () => `{"v":1,"sentAt":"${sentAt}","extra":${deep(levels)},"responses":[]}`,
    record: () => {
      const [first, ...rest] = JSON.parse(batch(20, now)).responses
      const tagged = { ...first, visitor: { ...first.visitor, attributes: { deep: '@' } } }
      return JSON.stringify({ v: 1, sentAt, responses: [tagged, ...rest] }).replace('"@"', deep(levels))
    },
  }
  const out = {}
  for (const [name, body] of Object.entries(bodies)) {
    const ms = []
    let bytes = 0
    for (let i = 0; i <= runs; i++) {
      const b = body()
      bytes = Buffer.byteLength(b)
      const t = performance.now()
      // A connection of its own: a body refused early gets its connection cut.
      const r = await call(undefined, `${url}/v1/responses`, { method: 'POST', body: b })
      if (i > 0) ms.push(performance.now() - t)
      const ok = name === 'envelope' ? r.status === 400 || r.status === 'reset' : r.status === 200 && JSON.parse(r.text).accepted === 19
      if (!ok) throw new Error(`a body nested deep in the ${name}: ${r.status} ${r.text.slice(0, 200)}`)
    }
    const median = percentile(ms.sort((a, b) => a - b), 50)
    out[name] = { bytes, medianMs: round(median), msPerKB: round(median / (bytes / 1000), 4) }
  }
  return out
}

/** The reads to time over the seeded answers, as the dashboard and API users make them. */
function reads(today) {
  const since = (days) => new Date(Date.parse(today) - days * 86_400_000).toISOString().slice(0, 10)
  return {
    'stats, everything': '/v1/stats',
    'stats by touchpoint and stage': '/v1/stats?groupBy=stage,touchpoint',
    'stats by day, last 90 days': `/v1/stats?groupBy=day&from=${since(89)}`,
    'stats by week, one touchpoint': '/v1/stats?touchpoint=checkout&groupBy=week',
    'stats with distributions': '/v1/stats?distribution=true',
    // A time of day in the period: counted from every answer rather than the daily counts.
    'stats, everything, from the answers': '/v1/stats?from=2000-01-01T00:00:00Z',
    'latest 10 comments': '/v1/comments?limit=10',
    'latest comments, one touchpoint': '/v1/comments?touchpoint=checkout&limit=10',
    'latest comments, one stage': '/v1/comments?stage=retention&limit=10',
    'stats by context.plan': '/v1/stats?groupBy=context.plan',
    'stats by context.plan and touchpoint, other below 1000': '/v1/stats?groupBy=touchpoint,context.plan&minAnswers=1000',
    'stats by device, one touchpoint': '/v1/stats?touchpoint=checkout&groupBy=device',
    'stats of one plan by touchpoint': '/v1/stats?context.plan=pro&groupBy=touchpoint',
    'comment search, a word in one comment in five': '/v1/comments?q=brulee&limit=10',
    'comment search, a word in one comment': '/v1/comments?q=number%20424242&limit=10',
    'comment search, no match': '/v1/comments?q=zzzz&limit=10',
    'context keys of the last 30 days': `/v1/stats/context-keys?from=${since(29)}`,
  }
}

/** Median and best of `runs` timings of each read, after one untimed run. */
async function time(url, runs) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 })
  const out = {}
  for (const [name, path] of Object.entries(reads(new Date().toISOString().slice(0, 10)))) {
    const r = await call(agent, url + path)
    if (r.status !== 200) throw new Error(`${path}: ${r.status} ${r.text}`)
    const ms = []
    for (let i = 0; i < runs; i++) {
      const t = performance.now()
      await call(agent, url + path)
      ms.push(performance.now() - t)
    }
    ms.sort((a, b) => a - b)
    out[name] = { path, medianMs: round(percentile(ms, 50)), bestMs: round(ms[0]) }
  }
  agent.destroy()
  return out
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

/** A loopback port that was free a moment ago. */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = createNetServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => resolve(port))
    })
  })
}

/** A webhook receiver on `port` that answers 204 and notes when each delivery first came. */
async function startReceiver(port) {
  const seen = new Map()
  const server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      const id = req.headers['touchpoint-delivery']
      if (!seen.has(id)) seen.set(id, performance.now())
      res.writeHead(204).end()
    })
  })
  await new Promise((r) => server.listen(port, '127.0.0.1', r))
  return { seen, close: () => new Promise((r) => (server.closeAllConnections(), server.close(r))) }
}

async function json(url, method, body) {
  const r = await call(new Agent(), url, { method, body: body && JSON.stringify(body) })
  if (r.status >= 300) throw new Error(`${method} ${url}: ${r.status} ${r.text}`)
  return JSON.parse(r.text)
}

/**
 * What one active webhook costs ingest, and how fast the worker delivers. Ingest runs in
 * rounds with the webhook off and on, alternately, in one collector (its median of each):
 * on, every batch also writes an outbox row in its transaction, which the worker turns into
 * deliveries. The receiver is down meanwhile, so the worker makes one attempt per survey and
 * waits: what is measured is the outbox write and its expansion. Then the collector restarts with `deliveries` of those deliveries due and the
 * receiver up, and the worker's rate is timed from the first delivery received to the last.
 */
async function benchWebhooks({ args, env, open, batches, size, concurrency, rounds = 5, deliveries = 5000, surveys = 8, log }) {
  const port = await freePort()
  let c = await startCollector([...args, '--allow-private-webhooks'], env)
  const hook = await json(`${c.url}/v1/webhooks`, 'POST', { url: `http://127.0.0.1:${port}/hook` })
  const off = []
  const on = []
  for (let r = 0; r < rounds; r++) {
    log(`webhooks: ingest round ${r + 1} of ${rounds}, webhook off, then on…`)
    await json(`${c.url}/v1/webhooks/${hook.id}`, 'PATCH', { enabled: false })
    off.push(await ingest(c.url, { batches, size, concurrency, surveys }))
    await json(`${c.url}/v1/webhooks/${hook.id}`, 'PATCH', { enabled: true })
    on.push(await ingest(c.url, { batches, size, concurrency, surveys }))
  }
  await c.stop()
  let db = await open()
  await db.query('DELETE FROM webhook_outbox')
  await db.query(`DELETE FROM webhook_deliveries WHERE id NOT IN (SELECT id FROM webhook_deliveries ORDER BY seq LIMIT ${deliveries})`)
  await db.query(`UPDATE webhook_deliveries SET next_attempt_at = now() - interval '1 minute', attempts = 0, lease_until = NULL, lease_token = NULL`)
  await db.close()
  log(`webhooks: delivering ${deliveries} to a local receiver…`)
  const receiver = await startReceiver(port)
  c = await startCollector([...args, '--allow-private-webhooks'], env)
  while (receiver.seen.size < deliveries) await new Promise((r) => setTimeout(r, 50))
  const times = [...receiver.seen.values()].sort((a, b) => a - b)
  await c.stop()
  await receiver.close()
  db = await open()
  await db.query('DELETE FROM webhooks')
  await db.close()
  const offRate = median(off.map((f) => f.responsesPerSecond))
  const onRate = median(on.map((f) => f.responsesPerSecond))
  return {
    rounds,
    surveys,
    ingestOff: { responsesPerSecond: offRate, batchP50Ms: median(off.map((f) => f.batchP50Ms)) },
    ingestOn: { responsesPerSecond: onRate, batchP50Ms: median(on.map((f) => f.batchP50Ms)) },
    outboxCostPercent: round((1 - onRate / offRate) * 100),
    deliveries,
    deliveriesPerSecond: Math.round((deliveries - 1) / ((times.at(-1) - times[0]) / 1000)),
  }
}

/** How the figures name a store, `machine` being the figures' own. */
export function storeName(store, machine) {
  if (store === 'pgliteRam') return 'embedded (PGlite), directory in RAM'
  return store === 'pglite' ? 'embedded (PGlite)' : `PostgreSQL ${machine.postgres?.split(' ')[0] ?? ''}`.trim()
}

/**
 * Runs the benchmark and returns its figures. Both stores by default; PostgreSQL is a
 * throwaway server started here (fsync on, as in production) unless `databaseUrl` points at an
 * empty database of yours. The collector must be built (`npm run build`).
 */
export async function benchCollector({ stores = ['pglite', 'postgres'], rows = 1_000_000, batches = 1000, size = 20, concurrency = 8, runs = 7, databaseUrl, readsOnly = false, log = () => {} } = {}) {
  const figures = {
    machine: { cpus: availableParallelism(), cpu: cpus()[0]?.model.trim(), node: process.version },
    ingest: { batchSize: size, batches, concurrency },
    webhooks: {},
    reads: { rows, runs },
  }
  for (const store of stores) {
    if (store === 'pglite') {
      // The same ingest with the directory in RAM, where an fsync returns at once: the difference
      // is what waiting for the disk costs (a 200 means the answers are on disk).
      if (!readsOnly && existsSync('/dev/shm')) {
        const ram = mkdtempSync('/dev/shm/tp-bench-pglite-')
        try {
          log('pglite: creating an embedded database in RAM (/dev/shm)…')
          const c = await startCollector(['--data-dir', ram], {})
          log(`pglite, in RAM: ingesting ${batches} batches of ${size}…`)
          figures.ingest.pgliteRam = await ingest(c.url, { batches, size, concurrency })
          await c.stop()
        } finally {
          rmSync(ram, { recursive: true, force: true })
        }
      }
      const dir = mkdtempSync(join(tmpdir(), 'tp-bench-pglite-'))
      try {
        log('pglite: creating the embedded database…')
        let c = await startCollector(['--data-dir', dir], {})
        if (!readsOnly) {
          log(`pglite: ingesting ${batches} batches of ${size}…`)
          figures.ingest.pglite = await ingest(c.url, { batches, size, concurrency })
          log('pglite: sending bodies nested half a million levels deep…')
          figures.hostile = await hostile(c.url)
        }
        await c.stop()
        if (!readsOnly) {
          figures.webhooks.pglite = await benchWebhooks({
            args: ['--data-dir', dir], env: {}, open: () => openPglite(dir), batches, size, concurrency, log: (m) => log(`pglite: ${m}`),
          })
        }
        log(`pglite: seeding ${rows} answers…`)
        const seeded = await openPglite(dir)
        await seeded.query('TRUNCATE responses, events')
        const t = performance.now()
        await seed(seeded, rows)
        figures.reads.pgliteSeedSeconds = round((performance.now() - t) / 1000)
        await seeded.close()
        c = await startCollector(['--data-dir', dir], {})
        log('pglite: timing reads…')
        figures.reads.pglite = await time(c.url, runs)
        await c.stop()
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    } else {
      const server = databaseUrl ? undefined : await startPostgres({ durable: true })
      try {
        const url = databaseUrl ?? server.url
        const version = new pg.Client(url)
        await version.connect()
        figures.machine.postgres = (await version.query('SHOW server_version')).rows[0].server_version
        await version.end()
        let c = await startCollector([], { DATABASE_URL: url })
        if (!readsOnly) {
          log(`postgres: ingesting ${batches} batches of ${size}…`)
          figures.ingest.postgres = await ingest(c.url, { batches, size, concurrency })
        }
        await c.stop()
        if (!readsOnly) {
          figures.webhooks.postgres = await benchWebhooks({
            args: [], env: { DATABASE_URL: url }, open: () => openPostgres(url, 1, SEED_WITHIN_MS), batches, size, concurrency, log: (m) => log(`postgres: ${m}`),
          })
        }
        log(`postgres: seeding ${rows} answers…`)
        const db = await openPostgres(url, 1, SEED_WITHIN_MS)
        await db.query('TRUNCATE responses, events')
        const t = performance.now()
        await seed(db, rows)
        figures.reads.postgresSeedSeconds = round((performance.now() - t) / 1000)
        await db.close()
        c = await startCollector([], { DATABASE_URL: url })
        log('postgres: timing reads…')
        figures.reads.postgres = await time(c.url, runs)
        await c.stop()
      } finally {
        await server?.stop()
      }
    }
  }
  return figures
}
