// What Touchpoint costs a page (the budgets in docs/performance.md), in real Chromium with the built SDK on loopback:
// script time at init, time from a trigger to a visible prompt (cold and cached), long tasks
// during init, show and submit, and the layout shift caused on the host page.
import { QUIET, launch, median, page, serve, stubCollector } from './harness.mjs'

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

// The steps from `track()` to the prompt, seen from outside the SDK (nothing in it is made for
// the benchmark): writes to the state database complete, the Web Lock is granted, the prompt's
// host enters the DOM and the frame that holds it is painted. Installed before the SDK loads.
const STEPS = `<script>
  window.steps = []
  const step = (name) => steps.push([name, performance.now()])
  const transaction = IDBDatabase.prototype.transaction
  IDBDatabase.prototype.transaction = function (...a) {
    const t = transaction.apply(this, a)
    if (this.name === 'touchpoint' && t.mode === 'readwrite') t.addEventListener('complete', () => step('state write'))
    return t
  }
  if (navigator.locks) {
    const request = navigator.locks.request.bind(navigator.locks)
    navigator.locks.request = (name, o, cb) => request(name, o, (lock) => (lock && name === 'touchpoint-prompt' && step('lock'), cb(lock)))
  }
  // "Painted": the task after the animation frame in which the prompt is first rendered, once
  // the browser has painted that frame.
  new MutationObserver((records) => {
    for (const r of records) for (const n of r.addedNodes) if (n.nodeType === 1 && n.hasAttribute('data-touchpoint')) {
      step('mounted')
      requestAnimationFrame(() => { const c = new MessageChannel(); c.port1.onmessage = () => step('painted'); c.port2.postMessage(0) })
    }
  }).observe(document.documentElement, { childList: true, subtree: true })
</script>`

/** Median of each step, in ms since `track()`, over the runs that have it. */
function stepMedians(runs) {
  const names = ['counted and read', 'lock', 'UI chunk loaded', 'checked and recorded', 'mounted', 'shown', 'painted', 'two frames after shown']
  return Object.fromEntries(names.map((n) => [n, median(runs.map((r) => r[n]).filter((v) => v !== undefined))]))
}

/**
 * From `track('go')` to the prompt painted, with each step on the way: UI chunk cold (fetched)
 * and cached (in the HTTP cache). Also the figure earlier versions of this benchmark gave, two
 * animation frames after `shown`, which always counts one frame after the paint.
 */
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
      // Let init's own writes finish: what follows is the trigger's alone.
      await p.waitForTimeout(50)
      const initEnd = await p.evaluate(() => performance.now())
      await p.evaluate(() => {
        steps.length = 0
        window.t0 = performance.now()
        touchpoint('on', 'shown', () => {
          steps.push(['shown', performance.now()])
          requestAnimationFrame(() => requestAnimationFrame(() => steps.push(['two frames after shown', performance.now()])))
        })
        touchpoint('track', 'go')
      })
      await p.waitForFunction(() => ['painted', 'two frames after shown'].every((n) => steps.some(([s]) => s === n)), null, QUIET)
      out.push(
        await p.evaluate(() => {
          const at = (name, nth = 0) => steps.filter(([s]) => s === name)[nth]?.[1]
          const chunk = performance.getEntriesByType('resource').find((e) => /touchpoint-widget-/.test(e.name) && e.startTime >= t0)
          const r = {
            'counted and read': at('state write'),
            lock: at('lock'),
            'UI chunk loaded': chunk?.responseEnd,
            'checked and recorded': at('state write', 1),
            mounted: at('mounted'),
            shown: at('shown'),
            painted: at('painted'),
            'two frames after shown': at('two frames after shown'),
          }
          for (const k in r) r[k] = r[k] === undefined ? undefined : r[k] - t0
          return r
        }),
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
  return {
    coldMs: median(cold.map((r) => r.painted)),
    cachedMs: median(cached.map((r) => r.painted)),
    coldTwoFramesMs: median(cold.map((r) => r['two frames after shown'])),
    cachedTwoFramesMs: median(cached.map((r) => r['two frames after shown'])),
    steps: { cold: stepMedians(cold), cached: stepMedians(cached) },
    runs,
    longTasks,
    layoutShift: shift,
  }
}

/**
 * The renderer's main thread from `track('go')` to the prompt painted, in a Chromium trace
 * (tracing slows the page, so these runs are apart from the timings above): the time its tasks
 * took, and of it, compiling functions (V8 compiles a function on its first call unless it was
 * compiled while the script streamed in), and style and layout. UI chunk cold (fetched); the
 * same with the runtime and the UI chunk served without their compile hint, alternately.
 */
async function mainThread(browser, site, runs = 7) {
  const samples = { hinted: [], unhinted: [] }
  for (let i = 0; i < runs * 2; i++) {
    const variant = i % 2 ? 'unhinted' : 'hinted'
    const context = await browser.newContext()
    const p = await context.newPage()
    await p.goto(`${site.url}/${variant === 'hinted' ? 'show' : 'show-unhinted'}`)
    await p.waitForFunction(() => window.bench.readyAt !== undefined)
    await p.waitForTimeout(50)
    await browser.startTracing(p, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'disabled-by-default-v8.compile', 'toplevel'] })
    const painted = await p.evaluate(async () => {
      steps.length = 0
      console.timeStamp('touchpoint-bench-track')
      const t0 = performance.now()
      touchpoint('track', 'go')
      while (!steps.some(([s]) => s === 'painted')) await new Promise((r) => setTimeout(r, 5))
      return steps.find(([s]) => s === 'painted')[1] - t0
    })
    const events = JSON.parse((await browser.stopTracing()).toString()).traceEvents
    const start = events.find((e) => e.name === 'TimeStamp' && e.args?.data?.message === 'touchpoint-bench-track')
    const end = start.ts + painted * 1000
    // The page's main thread: the thread of the TimeStamp, in the renderer that logged it.
    const on = events.filter((e) => e.pid === start.pid && e.tid === start.tid && e.ph === 'X' && e.ts >= start.ts && e.ts < end)
    const total = (name) => on.filter((e) => e.name === name).reduce((a, e) => a + e.dur, 0) / 1000
    // Top-level tasks only (a task's nested run loops would count twice).
    let busy = 0
    let until = 0
    for (const e of on.filter((e) => e.name === 'ThreadControllerImpl::RunTask').sort((a, b) => a.ts - b.ts)) {
      if (e.ts >= until) (busy += e.dur), (until = e.ts + e.dur)
    }
    samples[variant].push({ busy: busy / 1000, compile: total('V8.CompileCode'), styleLayout: total('UpdateLayoutTree') + total('Layout') })
    await context.close()
  }
  const of = (list) => ({ busyMs: median(list.map((s) => s.busy)), compileMs: median(list.map((s) => s.compile)), styleLayoutMs: median(list.map((s) => s.styleLayout)) })
  return { runs, ...of(samples.hinted), unhinted: of(samples.unhinted) }
}

/** Runs the page benchmarks. */
export async function benchPage({ browser: given, runs = 15 } = {}) {
  const collector = await stubCollector()
  const options = { collector: collector.url, surveys: [SURVEY] }
  const answered = `<script>touchpoint('on', 'answered', () => (bench.answered = true))</script>`
  const site = await serve({
    '/idle': page(options, OBSERVE + BODY),
    '/show': page(options, OBSERVE + BODY + answered, STEPS),
    '/show-unhinted': page(options, OBSERVE + BODY + answered, STEPS, '/touchpoint-unhinted/'),
  })
  const browser = given ?? (await launch())
  try {
    return { init: await initCost(browser, site, runs), show: await triggerToVisible(browser, site, runs), mainThread: await mainThread(browser, site), chromium: browser.version() }
  } finally {
    if (!given) await browser.close()
    await site.close()
    await collector.close()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchPage({ runs: Number(process.argv[2] ?? 15) })
  console.log(JSON.stringify(r, null, 2))
}
