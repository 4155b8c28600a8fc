import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'

// The built ESM entry as a server render meets it: imported by Node, which has no window,
// document, location or IndexedDB, and every command called. The process must end by itself
// (no timer, socket or pending work keeps it alive) with nothing on stderr.

const entry = new URL('../../dist/esm/index.js', import.meta.url).href
/** Long enough for a loaded machine to start Node; the script itself ends at once. */
const CAP_MS = 20_000

const SCRIPT = `
// The browser's globals, watched: importing the module may read none of them.
const touched = new Set()
for (const name of ['window', 'document', 'location', 'navigator', 'history', 'indexedDB', 'self', 'crypto', 'addEventListener', 'localStorage', 'sessionStorage']) {
  const value = globalThis[name]
  Object.defineProperty(globalThis, name, { configurable: true, get: () => (touched.add(name), value) })
}
const m = await import(${JSON.stringify(entry)})
console.log('import touched', JSON.stringify([...touched]))
const tp = m.createTouchpoint()
const out = {}
for (const [name, call] of Object.entries({
  init: () => m.init({ collector: 'https://collect.example/v1/responses', surveys: [] }),
  track: () => m.track('checkout_completed'),
  identify: () => m.identify('u-42', { plan: 'pro' }),
  reset: () => m.reset(),
  show: () => m.show('checkout-nps'),
  consent: () => m.consent('granted'),
  on: () => m.on('ready', () => {}),
  off: () => m.off('ready', () => {}),
  flush: () => m.flush(),
  destroy: () => m.destroy(),
  'createTouchpoint().init': () => tp.init({ surveys: [] }),
  'createTouchpoint().track': () => tp.track('checkout_completed'),
})) {
  const r = call()
  out[name] = r === undefined ? 'undefined' : await r.then(() => 'resolved', () => 'rejected')
}
console.log('outcomes', JSON.stringify(out))
`

it('imports and calls the built ESM entry in Node: nothing throws, every promise resolves, the process exits by itself', async () => {
  const child = spawn(process.execPath, ['--input-type=module', '-e', SCRIPT], {
    cwd: fileURLToPath(new URL('.', import.meta.url)),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => (stdout += d))
  child.stderr.on('data', (d) => (stderr += d))
  const cap = setTimeout(() => child.kill('SIGKILL'), CAP_MS)
  const code = await new Promise((r) => child.on('close', (code, signal) => r(signal ?? code)))
  clearTimeout(cap)

  expect({ code, stderr }).toEqual({ code: 0, stderr: '' })
  const resolved = 'resolved'
  expect(stdout.trim().split('\n')).toEqual([
    'import touched []',
    'outcomes ' +
      JSON.stringify({
        init: resolved, track: resolved, identify: resolved, reset: resolved, show: resolved, consent: resolved,
        on: 'undefined', off: 'undefined', flush: resolved, destroy: 'undefined',
        'createTouchpoint().init': resolved, 'createTouchpoint().track': resolved,
      }),
  ])
})
