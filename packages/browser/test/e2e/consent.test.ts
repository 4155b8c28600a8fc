import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { snippetPage } from './harness/site.js'
import { useSuite } from './harness/suite.js'

// Consent and who the visitor is, against real IndexedDB in Chromium: what is on the disk after
// a "granted" taken back at once, and a start with attributes IndexedDB cannot clone.

const suite = useSuite()
const survey = { id: 'welcome', type: 'nps', triggers: [{ on: 'pageview' }] }

/**
 * The snippet's page, starting Touchpoint with `init` (script: it may hold a Proxy); once it is
 * ready, it runs `then` and sets `window.done`. Errors reported are in `window.errors`.
 */
const page = (init: string, then = '') =>
  snippetPage(
    init,
    `<script>
  window.errors = [];
  touchpoint('on', 'error', function (e) { errors.push(e.message) });
  touchpoint('on', 'ready', async function () { ${then}; window.done = true });
</script>`,
  )

/** The keys of Touchpoint's state database in this page's origin (none when it holds nothing). */
const stateKeys = (p: Page) =>
  p.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('touchpoint')
        open.onerror = () => reject(open.error)
        open.onsuccess = () => {
          const db = open.result
          if (!db.objectStoreNames.contains('state')) return resolve([])
          const keys = db.transaction('state').objectStore('state').getAllKeys()
          keys.onsuccess = () => resolve(keys.result as string[])
        }
      }),
  )

describe('consent in real Chromium', () => {
  it.each([0, 2, 5])('stores nothing when "denied" follows "granted" %i ms later, while the database is still being opened', async (gap) => {
    const collector = `${suite.collector.url}/v1/responses`
    const options = JSON.stringify({ collector, surveys: [survey], requireConsent: true, user: { id: 'u-42', attributes: { email: 'jane@example.com' } } })
    suite.site.pages[`/race${gap}`] = page(
      options,
      `const granted = touchpoint('consent', 'granted');
       await new Promise((r) => setTimeout(r, ${gap}));
       await Promise.all([granted, touchpoint('consent', 'denied')]);
       await touchpoint('track', 'anything')`,
    )
    await suite.newContext()
    const p = await suite.context.newPage()
    await p.goto(`${suite.site.url}/race${gap}`)
    await p.waitForFunction(() => (window as any).done)
    expect(await stateKeys(p)).toEqual([])
    expect(await p.locator('[data-touchpoint]').count()).toBe(0)
    expect(await p.evaluate(() => (window as any).errors)).toEqual([])
  })
})

describe('who the visitor is, in real Chromium', () => {
  it('starts and shows when init holds attributes IndexedDB cannot clone (a reactive proxy), and says so', async () => {
    const collector = JSON.stringify(`${suite.collector.url}/v1/responses`)
    suite.site.pages['/proxy'] = page(
      `{ collector: ${collector}, surveys: [${JSON.stringify(survey)}], user: { id: 'u-1', attributes: { plan: 'pro', profile: new Proxy({ city: 'Turin' }, {}) } } }`,
    )
    await suite.newContext()
    const p = await suite.context.newPage()
    await p.goto(`${suite.site.url}/proxy`)
    await p.waitForFunction(() => (window as any).done)
    await expect.poll(() => p.locator('[data-touchpoint]').count()).toBe(1)
    expect(await p.evaluate(() => (window as any).errors)).toEqual([expect.stringMatching(/could not be cloned/)])
  })
})
