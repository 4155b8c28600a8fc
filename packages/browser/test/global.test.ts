import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { boot } from '../src/global.js'
import { freshIndexedDB, quiet, stubCollector, tick, until } from './helpers.js'

type Global = ((...a: unknown[]) => Promise<unknown>) & { q?: unknown[]; loaded?: boolean }
const w = window as unknown as { touchpoint?: Global }

beforeEach(() => {
  freshIndexedDB()
  stubCollector()
})
afterEach(async () => {
  await w.touchpoint?.('destroy')
  delete w.touchpoint
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

/** The snippet of docs/getting-started.md: a stub that queues `arguments`. */
function snippet() {
  const stub = function (...args: unknown[]) {
    ;(stub.q = stub.q || []).push(args)
  } as Global
  w.touchpoint = stub
  return stub
}

describe('boot', () => {
  it('replays calls queued before the script loaded, in order', async () => {
    const stub = snippet()
    const order: string[] = []
    w.touchpoint!('on', 'ready', () => order.push('ready'))
    w.touchpoint!('init', { collector: 'https://c.test/', surveys: [] })
    w.touchpoint!('on', 'error', () => order.push('error'))
    boot(stub.q as never, null)
    expect(w.touchpoint!.loaded).toBe(true)
    await until(() => order.length)
    await tick(20)
    expect(order).toEqual(['ready'])
  })

  it('resolves the loader’s promises once the calls ran', async () => {
    const resolved = vi.fn()
    boot([Object.assign(['flush'], { r: resolved })], null)
    await tick()
    expect(resolved).toHaveBeenCalledOnce()
  })

  it('inits from data-collector and data-config, before queued calls', async () => {
    const script = document.createElement('script')
    script.dataset.collector = 'https://c.test/v1/responses'
    script.dataset.config = '/touchpoint.json'
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ surveys: [{ id: 's', type: 'nps', triggers: [{ on: 'event', event: 'x' }] }] })))
    const ready = vi.fn()
    boot([['on', 'ready', ready]], script)
    await until(() => ready.mock.calls.length)
    expect(ready).toHaveBeenCalledWith({ surveys: ['s'] })
  })

  it('lets the page’s own init win over data attributes, with a warning', async () => {
    const warn = quiet('warn')
    const script = document.createElement('script')
    script.dataset.collector = 'https://attr.test/'
    boot([['init', { collector: 'https://snippet.test/', surveys: [] }]], script)
    // The wording of a misuse is a lazy chunk: the warning follows once it is loaded.
    await vi.waitFor(() => expect(warn).toHaveBeenCalledWith('[touchpoint]', 'init was called again; the second call is ignored'))
  })

  it('answers every command with a promise, and reports unknown commands', async () => {
    const error = quiet('error')
    boot([], null)
    expect(w.touchpoint!('track', 'x')).toBeInstanceOf(Promise)
    await w.touchpoint!('trak', 'x')
    expect(error.mock.calls[0]!.join(' ')).toMatch(/^\[touchpoint\] unknown command "trak" \(commands: init, track, identify, reset, show, consent, on, off, flush, destroy\)$/)
  })
})
