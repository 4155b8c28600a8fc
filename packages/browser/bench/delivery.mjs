// Queue figures (issue 5): how long an answer takes to be safely in IndexedDB, and how long
// the queue takes to deliver 1,000 answers. Real Chromium, loopback, the built SDK.
import { launch, median, page, quantile, serve, stubCollector } from './harness.mjs'

const SURVEY = { id: 'bench-nps', type: 'nps', triggers: [{ on: 'event', event: 'never' }], frequency: { recontactDays: 0 } }

/**
 * Enqueue latency: from the click on Send to the `answered` event, which fires once the answer's
 * IndexedDB write has completed. Measured inside the page (performance.now), `samples` times.
 */
export async function enqueueLatency(browser, site, collector, samples = 100) {
  const context = await browser.newContext()
  const p = await context.newPage()
  await p.goto(`${site.url}/enqueue`)
  await p.waitForFunction(() => window.touchpoint?.loaded)
  const times = []
  for (let i = 0; i < samples; i++) {
    await p.evaluate(() => touchpoint('show', 'bench-nps'))
    const dialog = p.getByRole('dialog', { name: /recommend/ })
    await dialog.getByRole('radio', { name: /^7\b/ }).check()
    await dialog.getByRole('button', { name: 'Send' }).click()
    await p.waitForFunction((n) => window.latencies.length > n, i)
    await p.getByRole('button', { name: 'Close' }).click()
  }
  times.push(...(await p.evaluate(() => window.latencies)))
  await context.close()
  return { median: median(times), p95: quantile(times, 0.95), samples }
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

const HELPERS = `<script>
  let clicked = 0
  document.addEventListener('click', () => (clicked = performance.now()), true)
  window.latencies = []
  touchpoint('on', 'answered', () => window.latencies.push(performance.now() - clicked))
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
export async function benchDelivery({ collectorUrl, browser: given } = {}) {
  const stub = collectorUrl ? undefined : await stubCollector()
  const collector = collectorUrl ?? stub.url
  const options = { collector, surveys: [SURVEY], maxQueueSize: 5000 }
  const site = await serve({ '/enqueue': page(options, HELPERS), '/flush': page(options, HELPERS) })
  const browser = given ?? (await launch())
  try {
    return { enqueue: await enqueueLatency(browser, site, collector), flush: await flushThousand(browser, site) }
  } finally {
    if (!given) await browser.close()
    await site.close()
    await stub?.close()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchDelivery()
  console.log(`enqueue latency (Send → answered): median ${r.enqueue.median.toFixed(1)} ms, p95 ${r.enqueue.p95.toFixed(1)} ms (${r.enqueue.samples} answers)`)
  console.log(`flush ${r.flush.answers} queued answers to a 200-OK collector: ${Math.round(r.flush.ms)} ms`)
}
