// What Touchpoint costs a page (the budgets in docs/performance.md), in real Chromium with the built SDK on loopback:
// script time at init, time from a trigger to a visible prompt (cold and cached), long tasks
// during init, show and submit, and the layout shift caused on the host page.
import { launch, median, page, serve, stubCollector } from './harness.mjs'

const SURVEY = { id: 'bench-csat', type: 'csat', followUp: true, triggers: [{ on: 'event', event: 'go' }], frequency: { recontactDays: 0 } }
// A page with content to shift: if the prompt pushed anything around, the observer would see it.
const BODY = `<main style="font: 16px/1.5 system-ui; max-width: 40rem; margin: 2rem auto">
  ${'<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit. Integer nec odio praesent libero.</p>'.repeat(30)}
</main>`
const OBSERVE = `<script>
  window.bench = { longTasks: [], shift: 0 }
  new PerformanceObserver((l) => l.getEntries().forEach((e) => bench.longTasks.push({ at: e.startTime, ms: e.duration }))).observe({ type: 'longtask', buffered: true })
  new PerformanceObserver((l) => l.getEntries().forEach((e) => { if (!e.hadRecentInput) bench.shift += e.value })).observe({ type: 'layout-shift', buffered: true })
  touchpoint('on', 'ready', () => (bench.readyAt = performance.now()))
</script>`

async function scriptTime(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics')
  return metrics.find((m) => m.name === 'ScriptDuration').value * 1000
}

/**
 * Script time spent by the page until Touchpoint is ready, on a page where no survey shows.
 * First visit (empty storage: the config checker loads) and a returning visit (checked config
 * reused), `runs` times each in fresh contexts.
 */
async function initCost(browser, site, runs = 15) {
  const first = []
  const returning = []
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext()
    for (const out of [first, returning]) {
      const p = await context.newPage()
      const cdp = await context.newCDPSession(p)
      await cdp.send('Performance.enable')
      await p.goto(`${site.url}/idle`)
      await p.waitForFunction(() => window.bench.readyAt !== undefined)
      out.push(await scriptTime(cdp))
      await p.close()
    }
    await context.close()
  }
  return { firstVisitMs: median(first), returningVisitMs: median(returning), runs }
}

/** From `track('go')` to the prompt painted (two animation frames after `shown`). */
async function triggerToVisible(browser, site, runs = 15) {
  const cold = []
  const cached = []
  const longTasks = { init: [], show: [], submit: [] }
  let shift = 0
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext()
    for (const out of [cold, cached]) {
      const p = await context.newPage()
      await p.goto(`${site.url}/show`)
      await p.waitForFunction(() => window.bench.readyAt !== undefined)
      const initEnd = await p.evaluate(() => performance.now())
      out.push(
        await p.evaluate(
          () =>
            new Promise((resolve) => {
              const t0 = performance.now()
              touchpoint('on', 'shown', () => requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0))))
              touchpoint('track', 'go')
            }),
        ),
      )
      const shownEnd = await p.evaluate(() => performance.now())
      const dialog = p.getByRole('dialog')
      await dialog.getByRole('radio', { name: /^4\b/ }).check()
      await dialog.getByRole('textbox').fill('Benchmark comment')
      await dialog.getByRole('button', { name: 'Send' }).click()
      await p.waitForFunction(() => window.bench.answered)
      await p.waitForTimeout(100)
      const b = await p.evaluate(() => window.bench)
      for (const t of b.longTasks) longTasks[t.at < initEnd ? 'init' : t.at < shownEnd ? 'show' : 'submit'].push(t.ms)
      shift = Math.max(shift, b.shift)
      await p.close()
    }
    await context.close()
  }
  return { coldMs: median(cold), cachedMs: median(cached), runs, longTasks, layoutShift: shift }
}

/** Runs the page benchmarks. */
export async function benchPage({ browser: given } = {}) {
  const collector = await stubCollector()
  const options = { collector: collector.url, surveys: [SURVEY] }
  const answered = `<script>touchpoint('on', 'answered', () => (bench.answered = true))</script>`
  const site = await serve({
    '/idle': page(options, OBSERVE + BODY),
    '/show': page(options, OBSERVE + BODY + answered),
  })
  const browser = given ?? (await launch())
  try {
    return { init: await initCost(browser, site), show: await triggerToVisible(browser, site), chromium: browser.version() }
  } finally {
    if (!given) await browser.close()
    await site.close()
    await collector.close()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchPage()
  console.log(JSON.stringify(r, null, 2))
}
