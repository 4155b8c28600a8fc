import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Route } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { snippetPage } from './harness/site.js'
import { useSuite } from './harness/suite.js'

// A visitor's first page in real Chromium: what Touchpoint downloads to check the options and
// config. A config the reference collector serves, which it checked, costs nothing more than
// the runtime; a good config from elsewhere costs the small guard chunk; the checker
// (touchpoint-check-….js, with every message's wording) comes only when something is wrong.

const suite = useSuite()
const storefront = readFileSync(fileURLToPath(new URL('../../../../examples/storefront/touchpoint.json', import.meta.url)), 'utf8')
let n = 0

/**
 * A first visit (empty storage) to a snippet page with these options and this remote config, as
 * a file of the site, or (`fromCollector`) as the collector serves it once published.
 */
async function firstVisit(options: Record<string, unknown>, config: string, fromCollector = false) {
  const path = `/first${++n}`
  suite.site.pages[`${path}.json`] = config
  if (fromCollector) {
    await suite.collector.db.query('TRUNCATE config_versions')
    await suite.collector.db.query("INSERT INTO config_versions (version, config, published_by) VALUES (1, $1, 'admin')", [config])
  }
  suite.site.pages[path] = snippetPage(
    { collector: `${suite.collector.url}/v1/responses`, config: fromCollector ? `${suite.collector.url}/v1/config` : `${path}.json`, ...options },
    `<script>window.seen = null; touchpoint('on', 'ready', (e) => (window.seen = e.surveys))</script>`,
  )
  await suite.newContext()
  const page = await suite.context.newPage()
  const scripts: string[] = []
  const errors: string[] = []
  page.on('request', (r) => r.url().includes('/touchpoint/') && scripts.push(r.url().replace(/.*\/touchpoint\//, '')))
  page.on('console', (m) => m.type() === 'error' && m.text().startsWith('[touchpoint]') && errors.push(m.text()))
  await page.goto(suite.site.url + path)
  const ready = await (await page.waitForFunction(() => (window as any).seen)).jsonValue()
  return { scripts, errors, ready }
}

describe('a first visit in real Chromium', () => {
  it('with the config from the reference collector downloads neither the guard nor the checker', async () => {
    const { scripts, errors, ready } = await firstVisit({}, storefront, true)
    expect(ready).toEqual(['product-csat', 'cart-exit', 'checkout-nps', 'support-ces'])
    expect(errors).toEqual([])
    expect(scripts).toEqual(['touchpoint.js', 'touchpoint-runtime.js'])
  })

  it('with the config from the reference collector and an option to check downloads the guard', async () => {
    const { scripts, errors } = await firstVisit({ theme: 'dark' }, storefront, true)
    expect(errors).toEqual([])
    expect(scripts.filter((s) => s.startsWith('touchpoint-guard-'))).toHaveLength(1)
    expect(scripts.filter((s) => s.startsWith('touchpoint-check-'))).toEqual([])
  })

  it('with the config from the reference collector and a misspelt option still gets the full error message', async () => {
    const { scripts, errors } = await firstVisit({ keepUrlQuerry: true }, storefront, true)
    expect(scripts.filter((s) => s.startsWith('touchpoint-check-'))).toHaveLength(1)
    expect(errors).toEqual(['[touchpoint] init: keepUrlQuerry is not an option (did you mean keepUrlQuery?) (ignored)'])
  })

  it('with a valid config file downloads the guard, and no checker', async () => {
    const { scripts, errors, ready } = await firstVisit({}, storefront)
    expect(ready).toEqual(['product-csat', 'cart-exit', 'checkout-nps', 'support-ces'])
    expect(errors).toEqual([])
    expect(scripts.filter((s) => s.startsWith('touchpoint-check-'))).toEqual([])
    expect(scripts.filter((s) => s.startsWith('touchpoint-guard-'))).toHaveLength(1)
  })

  it('with a broken config still gets the full error message, from the checker', async () => {
    const broken = JSON.parse(storefront)
    broken.surveys[2].type = 'nsp'
    const { scripts, errors, ready } = await firstVisit({ keepUrlQuerry: true }, JSON.stringify(broken))
    expect(ready).toEqual(['product-csat', 'cart-exit', 'support-ces'])
    expect(scripts.filter((s) => s.startsWith('touchpoint-check-'))).toHaveLength(1)
    expect(errors).toEqual([
      '[touchpoint] init: keepUrlQuerry is not an option (did you mean keepUrlQuery?) (ignored)',
      '[touchpoint] survey "checkout-nps": type must be one of nps, csat, ces (got "nsp")',
    ])
  })

  it('in debug mode always runs the checker', async () => {
    const { scripts, errors } = await firstVisit({ debug: true }, storefront)
    expect(errors).toEqual([])
    expect(scripts.filter((s) => s.startsWith('touchpoint-check-'))).toHaveLength(1)
  })
})

describe('an init that fails in real Chromium', () => {
  it('settles the commands called meanwhile: a consent("denied") while the guard cannot be fetched (offline) resolves and erases', async () => {
    const path = `/failing${++n}`
    suite.site.pages[`${path}.json`] = storefront
    suite.site.pages[path] = snippetPage({ collector: `${suite.collector.url}/v1/responses`, config: `${path}.json` })
    await suite.newContext()
    const page = await suite.context.newPage()
    const errors: string[] = []
    page.on('console', (m) => m.type() === 'error' && m.text().startsWith('[touchpoint]') && errors.push(m.text()))
    // The guard's request is held until the commands are called, then fails as offline.
    let guard!: (value: Route) => void
    const held = new Promise<Route>((r) => (guard = r))
    await page.route('**/touchpoint-guard-*.js', (route) => guard(route))
    await page.goto(suite.site.url + path)
    const route = await held
    await page.evaluate(() => {
      const w = window as any
      w.settled = []
      touchpoint('identify', 'u-1').then(() => w.settled.push('identify'))
      touchpoint('consent', 'denied').then(() => w.settled.push('consent'))
    })
    await route.abort('internetdisconnected')
    await page.waitForFunction(() => (window as any).settled.length === 2, undefined, { timeout: 5000 })
    expect(await page.evaluate(() => (window as any).settled)).toEqual(['identify', 'consent'])
    expect(errors).toEqual([expect.stringMatching(/^\[touchpoint\] init failed: /)])
    // Denied: nothing identify wrote is left on the device.
    const stored = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const open = indexedDB.open('touchpoint')
          open.onsuccess = () => {
            const get = open.result.transaction('state').objectStore('state').getAll()
            get.onsuccess = () => resolve(get.result)
          }
        }),
    )
    expect(stored).toEqual([])
  })
})

describe('a page that includes touchpoint.js twice (a tag manager and its own tag)', () => {
  it('starts Touchpoint once, and replays the calls queued before it loaded once', async () => {
    const path = `/twice${++n}`
    const survey = { id: 'twice-nps', type: 'nps', triggers: [{ on: 'event', event: 'go', count: 2 }] }
    suite.site.pages[path] = snippetPage(
      { collector: `${suite.collector.url}/v1/responses`, surveys: [survey] },
      `<script>
        window.seen = { ready: 0, shown: 0 }
        touchpoint('on', 'ready', () => seen.ready++)
        touchpoint('on', 'shown', () => seen.shown++)
        touchpoint('track', 'go')
      </script>
      <script src="/touchpoint/touchpoint.js"></script>`,
    )
    await suite.newContext()
    const page = await suite.context.newPage()
    // The runtime arrives once both copies of touchpoint.js have run.
    await page.route('**/touchpoint-runtime.js', async (route) => {
      await new Promise((r) => setTimeout(r, 300))
      await route.continue()
    })
    await page.goto(suite.site.url + path)
    await page.waitForFunction(() => (window as any).seen.ready)
    // The second "go": the event's count reaches 2 now, not when the queue was replayed.
    await page.evaluate(() => touchpoint('track', 'go'))
    await page.getByRole('dialog').waitFor()
    await page.waitForTimeout(300)
    expect(await page.evaluate(() => (window as any).seen)).toEqual({ ready: 1, shown: 1 })
  })
})

declare const touchpoint: (...args: unknown[]) => Promise<unknown>
