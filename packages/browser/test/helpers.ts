import { IDBFactory } from 'fake-indexeddb'
import { createStore, entries } from 'idb-keyval'
import { afterEach, beforeEach, vi } from 'vitest'
import { createTouchpoint } from '../src/sdk.js'
import type { Touchpoint } from '../src/sdk.js'
import type { QueueRecord } from '../src/types.js'

/** A fresh, empty IndexedDB for each test (fake-indexeddb). */
export function freshIndexedDB() {
  globalThis.indexedDB = new IDBFactory()
}

/** Polls `f` until it returns something truthy (real timers), or fails after `ms`. */
export async function until<T>(f: () => T | Promise<T>, ms = 3000): Promise<NonNullable<T>> {
  const end = Date.now() + ms
  for (;;) {
    const v = await f()
    if (v) return v as NonNullable<T>
    if (Date.now() > end) throw new Error(`timed out waiting for ${f}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

export const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms))

/** Answers in the queue store, as the SDK wrote them. */
export const queued = () => entries<string, QueueRecord>(createStore('touchpoint-queue', 'responses'))

/** The open prompt's shadow root, or null. */
export const prompt = () => document.querySelector('[data-touchpoint]')?.shadowRoot ?? null

/** A stand-in collector: records each POST and answers `status`. */
export function stubCollector() {
  const c = {
    status: 200,
    posts: [] as { url: string; body: any; headers: Headers }[],
  }
  vi.stubGlobal('fetch', async (input: Request | string, init?: RequestInit) => {
    const req = new Request(input, init)
    c.posts.push({ url: req.url, body: JSON.parse(await req.text()), headers: req.headers })
    return new Response(JSON.stringify({ accepted: 1, duplicates: 0, rejected: [] }), { status: c.status })
  })
  return c
}

/** Chooses a score in the open prompt, types a comment if there is a follow-up, and sends. */
export async function answer(score: number, comment?: string) {
  const root = await until(prompt)
  root.querySelector<HTMLInputElement>(`input[value="${score}"]`)!.click()
  await tick()
  if (comment !== undefined) {
    const box = await until(() => root.querySelector<HTMLTextAreaElement>('textarea'))
    box.value = comment
    box.dispatchEvent(new Event('input', { bubbles: true }))
    await tick()
  }
  root.querySelector<HTMLButtonElement>('button[type=submit]')!.click()
}

/** Closes the open prompt with its Close button. */
export async function close() {
  const root = await until(prompt)
  root.querySelector<HTMLButtonElement>('button.x')!.click()
  await tick()
}

/** A silenced console method whose calls can be read. */
export function quiet(method: 'error' | 'warn' | 'info') {
  return vi.spyOn(console, method).mockImplementation(() => {})
}

/**
 * Per test: a fresh IndexedDB, a stand-in collector and a new SDK instance; afterwards the
 * instance is destroyed and the page put back. Read `sdk.tp` and `sdk.collector` inside tests.
 */
export function useSdk() {
  const sdk = {} as { tp: Touchpoint; collector: ReturnType<typeof stubCollector> }
  beforeEach(() => {
    freshIndexedDB()
    sdk.collector = stubCollector()
    sdk.tp = createTouchpoint()
  })
  afterEach(() => {
    sdk.tp.destroy()
    vi.unstubAllGlobals()
    vi.restoreAllMocks()
    document.body.innerHTML = ''
    history.replaceState(null, '', '/')
  })
  return sdk
}
