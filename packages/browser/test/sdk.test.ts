import { IDBFactory } from 'fake-indexeddb'
import { createStore, entries } from 'idb-keyval'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createTouchpoint } from '../src/sdk.js'
import type { Touchpoint } from '../src/sdk.js'
import type { QueueRecord } from '../src/types.js'

const survey = {
  id: 'checkout-nps',
  type: 'nps' as const,
  touchpoint: 'checkout',
  stage: 'purchase' as const,
  followUp: true,
  triggers: [{ on: 'event' as const, event: 'checkout_completed' }],
}

let tp: Touchpoint
let posts: { url: string; body: any; headers: Headers }[]
let status: number

const queued = () => entries<string, QueueRecord>(createStore('touchpoint-queue', 'responses'))
const prompt = () => document.querySelector('[data-touchpoint]')?.shadowRoot ?? null
const until = async <T>(f: () => T | Promise<T>, ms = 3000): Promise<NonNullable<T>> => {
  const end = Date.now() + ms
  for (;;) {
    const v = await f()
    if (v) return v as NonNullable<T>
    if (Date.now() > end) throw new Error(`timed out waiting for ${f}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory()
  posts = []
  status = 200
  vi.stubGlobal('fetch', async (input: Request | string, init?: RequestInit) => {
    const req = new Request(input, init)
    posts.push({ url: req.url, body: JSON.parse(await req.text()), headers: req.headers })
    return new Response(JSON.stringify({ accepted: 1, duplicates: 0, rejected: [] }), { status })
  })
  tp = createTouchpoint()
})

afterEach(() => {
  tp.destroy()
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

async function answerNine(comment: string) {
  const root = await until(prompt)
  root.querySelector<HTMLInputElement>('input[value="9"]')!.click()
  const box = await until(() => root.querySelector<HTMLTextAreaElement>('textarea'))
  box.value = comment
  box.dispatchEvent(new Event('input', { bubbles: true }))
  await new Promise((r) => setTimeout(r, 0))
  root.querySelector<HTMLButtonElement>('button[type=submit]')!.click()
}

describe('createTouchpoint', () => {
  it('shows a survey on its event, queues the answer before "answered", and delivers it', async () => {
    const inQueueWhenAnswered = vi.fn()
    tp.on('answered', async (a) => inQueueWhenAnswered((await queued()).some(([id]) => id === a.id)))
    const delivered = new Promise((r) => tp.on('delivered', r))
    tp.init({ collector: 'https://collect.test/v1/responses', surveys: [survey] })
    tp.track('checkout_completed')
    await answerNine('Fast checkout')

    expect(await delivered).toMatchObject({ status: 200 })
    expect(inQueueWhenAnswered).toHaveBeenCalledWith(true)
    expect(posts).toHaveLength(1)
    const [post] = posts
    expect(post!.url).toBe('https://collect.test/v1/responses')
    expect(post!.body).toMatchObject({
      v: 1,
      responses: [
        {
          surveyId: 'checkout-nps',
          type: 'nps',
          scale: { min: 0, max: 10 },
          score: 9,
          comment: 'Fast checkout',
          touchpoint: 'checkout',
          stage: 'purchase',
          trigger: 'event:checkout_completed',
          device: 'desktop',
        },
      ],
    })
    expect(post!.headers.get('Idempotency-Key')).toBe(post!.body.responses[0].id)
    expect(await queued()).toEqual([])
  })

  it('keeps the answer queued when the collector fails', async () => {
    status = 503
    tp.init({ collector: 'https://collect.test/v1/responses', surveys: [survey] })
    tp.track('checkout_completed')
    await answerNine('x')
    await until(() => posts.length)
    await tp.flush()
    expect((await queued()).map(([, r]) => r.payload.score)).toEqual([9])
  })

  it('does not show a survey for another event', async () => {
    const shown = vi.fn()
    tp.on('shown', shown)
    tp.init({ collector: 'https://collect.test/', surveys: [survey], debug: true })
    tp.track('cart_viewed')
    await tp.flush()
    await new Promise((r) => setTimeout(r, 50))
    expect(shown).not.toHaveBeenCalled()
    expect(prompt()).toBeNull()
  })

  it('reports a missing collector on the console and the error event, without throwing', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    const onError = vi.fn()
    tp.on('error', onError)
    expect(() => tp.init({} as never)).not.toThrow()
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: expect.stringMatching(/^init: collector must be a URL/) }))
    expect(error).toHaveBeenCalledOnce()
    error.mockRestore()
  })

  it('skips a broken survey with one console error and runs the good one', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    const ready = new Promise<{ surveys: string[] }>((r) => tp.on('ready', r))
    tp.init({ collector: 'https://c.test/', surveys: [survey, { ...survey, id: 'broken', triggers: [{ on: 'pagview' }] } as never] })
    expect((await ready).surveys).toEqual(['checkout-nps'])
    expect(error).toHaveBeenCalledOnce()
    expect(error.mock.calls[0]!.join(' ')).toMatch(/survey "broken": triggers\[0\]\.on must be one of/)
    error.mockRestore()
  })

  it('warns about a second init and ignores it', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    tp.init({ collector: 'https://c.test/', surveys: [] })
    tp.init({ collector: 'https://other.test/', surveys: [] })
    expect(warn).toHaveBeenCalledWith('[touchpoint]', 'init was called again; the second call is ignored')
    warn.mockRestore()
  })
})
