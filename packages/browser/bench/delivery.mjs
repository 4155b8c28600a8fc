// Queue figures (issue 5): how long an answer takes to be safely in IndexedDB, and how long
// the queue takes to deliver 1,000 answers. Real Chromium, loopback, the built SDK.
import { QUIET, launch, launchOnDisk, median, page, quantile, serve, stubCollector } from './harness.mjs'

const SURVEY = { id: 'bench-nps', type: 'nps', triggers: [{ on: 'event', event: 'never' }], frequency: { recontactDays: 0 } }

/**
 * Enqueue latency: from Send to the `answered` event, which fires once the answer's IndexedDB
 * transaction has completed. In a profile on disk (a persistent context), so that the write
 * goes to the disk's files, not to memory as in an incognito context. `samples` answers each:
 *
 * - `click`: Send clicked with the mouse (Playwright's input, as a visitor's). Chromium holds
 *   every task but input and rendering back after a click until it has rendered the next frame
 *   (its DeferRendererTasksAfterInput scheduling), and the write's completion is such a task:
 *   this figure includes that wait, whatever the SDK does.
 * - `floor`: the same wait for a bare IndexedDB `put` started by a click on a plain button of
 *   the same page: the least any script can take from a click to a completed write here.
 * - `script`: Send clicked by the page's script (`button.click()`), which is not input: the
 *   SDK's own time, from the click to `answered`, with `writeStartMs` and `writeMs` (the
 *   transaction's start after the click, and its duration).
 */
export async function enqueueLatency(context, site, samples = 30) {
  const p = await context.newPage()
  await p.goto(`${site.url}/enqueue`)
  await p.waitForFunction(() => window.touchpoint?.loaded)
  const click = []
  const floor = []
  const script = []
  const writeStart = []
  const write = []
  const answer = async (how) => {
    await p.evaluate(() => touchpoint('show', 'bench-nps'))
    const dialog = p.getByRole('dialog', { name: /recommend/ })
    await dialog.getByRole('radio', { name: /^7\b/ }).check()
    const n = await p.evaluate(() => window.latencies.length)
    const send = dialog.getByRole('button', { name: 'Send' })
    if (how === 'click') await send.click()
    else await send.evaluate((b) => b.click())
    await p.waitForFunction((n) => window.latencies.length > n, n, QUIET)
    await p.getByRole('button', { name: 'Close' }).click()
    return p.evaluate(() => window.latencies.at(-1))
  }
  for (let i = 0; i < samples; i++) {
    click.push((await answer('click')).ms)
    const s = await answer('script')
    script.push(s.ms)
    writeStart.push(s.writeStart)
    write.push(s.write)
    const n = await p.evaluate(() => window.floor.length)
    await p.click('#floor')
    await p.waitForFunction((n) => window.floor.length > n, n, QUIET)
    floor.push(await p.evaluate(() => window.floor.at(-1)))
  }
  await p.close()
  return {
    median: median(click),
    p95: quantile(click, 0.95),
    floor: median(floor),
    script: median(script),
    scriptP95: quantile(script, 0.95),
    writeStartMs: median(writeStart),
    writeMs: median(write),
    samples,
  }
}

/**
 * A bare `put` of an answer-sized record in its own transaction, by durability: the browser's
 * default, `relaxed` (written to the operating system) and `strict` (flushed to the disk too).
 */
export async function durability(context, site, samples = 30) {
  const p = await context.newPage()
  await p.goto(`${site.url}/enqueue`)
  const out = await p.evaluate(async (samples) => {
    const db = await new Promise((resolve) => {
      const r = indexedDB.open('bench-durability')
      r.onupgradeneeded = () => r.result.createObjectStore('s')
      r.onsuccess = () => resolve(r.result)
    })
    const value = { v: 2, payload: { comment: 'x'.repeat(200), page: { url: location.href } }, attempts: 0 }
    const figures = {}
    for (const mode of ['default', 'relaxed', 'strict']) {
      const times = []
      for (let i = 0; i < samples; i++) {
        const t0 = performance.now()
        await new Promise((resolve, reject) => {
          const tx = db.transaction('s', 'readwrite', { durability: mode })
          tx.objectStore('s').put(value, `${mode}-${i}`)
          tx.commit()
          tx.oncomplete = resolve
          tx.onerror = reject
        })
        times.push(performance.now() - t0)
        await new Promise((r) => setTimeout(r, 20))
      }
      times.sort((a, b) => a - b)
      figures[mode] = { median: times[times.length >> 1], p95: times[Math.min(times.length - 1, Math.floor(times.length * 0.95))] }
    }
    db.close()
    return figures
  }, samples)
  await p.close()
  return out
}

/** Seeds 1,000 answers straight into the queue store, then times `flush()` until the queue is empty. */
export async function flushThousand(browser, site, count = 1000) {
  const context = await browser.newContext()
  const p = await context.newPage()
  await p.goto(`${site.url}/flush`)
  await p.waitForFunction(() => window.touchpoint?.loaded)
  await p.evaluate((count) => window.seed(count), count)
  const ms = await p.evaluate(async () => {
    const t0 = performance.now()
    await touchpoint('flush')
    while ((await window.queued()) > 0) await touchpoint('flush')
    return performance.now() - t0
  })
  await context.close()
  return { answers: count, ms }
}

const HELPERS = `<button id="floor">floor</button><script>
  let clicked = 0
  let writeStart
  let write
  document.addEventListener('click', () => ((clicked = performance.now()), (writeStart = write = undefined)), true)
  // The answer's transaction, seen from outside the SDK: when it starts and when it completes.
  const transaction = IDBDatabase.prototype.transaction
  IDBDatabase.prototype.transaction = function (...a) {
    const t = transaction.apply(this, a)
    if (this.name === 'touchpoint-queue' && t.mode === 'readwrite' && writeStart === undefined) {
      const start = performance.now()
      writeStart = start - clicked
      t.addEventListener('complete', () => (write = performance.now() - start))
    }
    return t
  }
  window.latencies = []
  touchpoint('on', 'answered', () => window.latencies.push({ ms: performance.now() - clicked, writeStart, write }))
  window.floor = []
  const floorDb = new Promise((resolve) => { const r = indexedDB.open('bench-floor'); r.onupgradeneeded = () => r.result.createObjectStore('s'); r.onsuccess = () => resolve(r.result) })
  floorDb.then((db) => document.getElementById('floor').addEventListener('click', () => {
    const t0 = performance.now()
    const tx = db.transaction('s', 'readwrite')
    tx.objectStore('s').put({ answer: 'x'.repeat(200) }, String(t0))
    tx.oncomplete = () => window.floor.push(performance.now() - t0)
  }))
  const open = () => new Promise((resolve) => { const r = indexedDB.open('touchpoint-queue'); r.onupgradeneeded = () => r.result.createObjectStore('responses'); r.onsuccess = () => resolve(r.result) })
  window.queued = async () => { const db = await open(); return new Promise((res) => { const c = db.transaction('responses').objectStore('responses').count(); c.onsuccess = () => { db.close(); res(c.result) } }) }
  window.seed = async (n) => {
    const db = await open()
    const tx = db.transaction('responses', 'readwrite')
    const now = Date.now()
    for (let i = 0; i < n; i++) {
      const id = crypto.randomUUID()
      tx.objectStore('responses').put({ v: 2, id, attempts: 0, nextAttemptAt: 0, firstQueuedAt: now + i, payload: {
        id, surveyId: 'bench-nps', type: 'nps', scale: { min: 0, max: 10 }, score: i % 11, comment: 'Seeded by the benchmark',
        touchpoint: 'bench', answeredAt: new Date(now).toISOString(), locale: 'en-US', trigger: 'show',
        page: { url: location.origin + '/', path: '/' }, visitor: { anonymousId: 'bench' }, device: 'desktop' } }, id)
    }
    await new Promise((r) => (tx.oncomplete = r))
    db.close()
  }
</script>`

/** Runs the queue benchmarks against `collectorUrl` (default: a stub that answers 200). */
export async function benchDelivery({ collectorUrl, browser: given, samples = 30 } = {}) {
  const stub = collectorUrl ? undefined : await stubCollector()
  const collector = collectorUrl ?? stub.url
  const options = { collector, surveys: [SURVEY], maxQueueSize: 5000 }
  const site = await serve({ '/enqueue': page(options, HELPERS), '/flush': page(options, HELPERS) })
  const browser = given ?? (await launch())
  const disk = await launchOnDisk()
  try {
    return {
      enqueue: await enqueueLatency(disk.context, site, samples),
      durability: await durability(disk.context, site, samples),
      flush: await flushThousand(browser, site),
    }
  } finally {
    await disk.close()
    if (!given) await browser.close()
    await site.close()
    await stub?.close()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchDelivery({ samples: Number(process.argv[2] ?? 30) })
  const e = r.enqueue
  console.log(`enqueue (Send → answered), ${e.samples} answers each: clicked ${e.median.toFixed(1)} ms (p95 ${e.p95.toFixed(1)}), floor ${e.floor.toFixed(1)} ms, by script ${e.script.toFixed(1)} ms (write starts at ${e.writeStartMs.toFixed(1)}, takes ${e.writeMs.toFixed(1)})`)
  console.log('durability of a bare put:', JSON.stringify(r.durability))
  console.log(`flush ${r.flush.answers} queued answers to a 200-OK collector: ${Math.round(r.flush.ms)} ms`)
}
