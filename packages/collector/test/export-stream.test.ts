import { createServer, get } from 'node:http'
import type { IncomingMessage, Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, expect, it } from 'vitest'
import { createHandler } from '@touchpoint/collector'
import type { Database } from '@touchpoint/collector'

const PAGE = 5000

/**
 * A database that answers the export's queries with `pages` full pages of made-up answers,
 * counting the queries; `failAt`: the page whose query fails instead, as a database gone away.
 */
function pagesOf(pages: number, { comment = 'A comment long enough to fill the pages', failAt = -1 } = {}) {
  const db = {
    kind: 'pglite',
    queries: 0,
    async query(sql: string) {
      // The context keys of the answers: none.
      if (sql.includes('jsonb_object_keys')) return []
      const page = db.queries++
      if (page === failAt) throw Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })
      if (page >= pages) return []
      return Array.from({ length: PAGE }, (_, i) => ({
        id: `${page}-${i}`, survey_id: 's', type: 'nps', scale_min: 0, scale_max: 10, score: 9, comment,
        touchpoint: 't', stage: null, answered: '2026-11-20T10:00:00.000Z', received: '2026-11-20T10:00:01.000Z', locale: 'en', trigger: null,
        page_url: 'https://shop.test/checkout', page_path: '/checkout', referrer: null, anonymous_id: 'a', user_id: null, attributes: null, device: null,
      }))
    },
    transaction: () => Promise.reject(new Error('not used')),
    close: async () => {},
  }
  return db as Database & { queries: number }
}

let server: Server | undefined
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())))

/** The size of each write to a response, in bytes, as the collector makes them. */
let writes: number[] = []

async function serve(db: Database): Promise<string> {
  const handler = createHandler({ db, allowedOrigins: '*' })
  writes = []
  server = createServer((req, res) => {
    const write = res.write.bind(res) as (chunk: string | Buffer, ...rest: unknown[]) => boolean
    res.write = ((chunk: string | Buffer, ...rest: unknown[]) => (writes.push(Buffer.byteLength(chunk)), write(chunk, ...rest))) as typeof res.write
    void handler(req, res)
  })
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

const open = (url: string) => new Promise<IncomingMessage>((resolve, reject) => get(`${url}/v1/export`, resolve).on('error', reject))

it('streams a large export to a slow reader without piling up listeners', async () => {
  const warnings: Error[] = []
  const onWarning = (w: Error) => warnings.push(w)
  process.on('warning', onWarning)
  try {
    const url = await serve(pagesOf(15))
    const res = await open(url)
    let lines = 0
    // Read a little at a time, so that the collector waits for 'drain' after every page.
    res.on('data', (chunk: Buffer) => {
      for (const byte of chunk) if (byte === 0x0a) lines++
      res.pause()
      setTimeout(() => res.resume(), 1)
    })
    await new Promise((resolve) => res.on('end', resolve))
    expect(lines).toBe(1 + 15 * PAGE)
    // Warnings are emitted on the next tick.
    await new Promise((resolve) => setImmediate(resolve))
    expect(warnings.map((w) => w.name)).toEqual([])
  } finally {
    process.off('warning', onWarning)
  }
})

it('writes a page of long comments a little at a time, not as one string of the whole page', async () => {
  // 5,000 answers with a comment of 5,000 characters (the most there is): about 25 MB a page.
  const url = await serve(pagesOf(1, { comment: 'é'.repeat(5000) }))
  const res = await open(url)
  let bytes = 0
  res.on('data', (chunk: Buffer) => (bytes += chunk.length))
  await new Promise((resolve) => res.on('end', resolve))
  expect(bytes).toBeGreaterThan(PAGE * 10_000)
  // A chunk ends at the first answer past 64 Ki characters: 64 KiB of text, up to twice that in UTF-8.
  expect(Math.max(...writes)).toBeLessThan(2 * 64 * 1024 + 20_000)
  expect(writes.length).toBeGreaterThan(300)
})

it('cuts the connection, rather than ending the file, when the database fails in the middle', async () => {
  const errors: unknown[] = []
  const error = console.error
  console.error = (...args: unknown[]) => void errors.push(args)
  try {
    const url = await serve(pagesOf(3, { failAt: 1 }))
    const res = await open(url)
    expect(res.statusCode).toBe(200)
    let lines = 0
    res.on('data', (chunk: Buffer) => {
      for (const byte of chunk) if (byte === 0x0a) lines++
    })
    res.on('error', () => {})
    await new Promise((resolve) => res.on('close', resolve))
    // The header and the first page arrived; the chunked answer lacks its last chunk, so that
    // a client (curl, a browser's download, the dashboard's fetch) reports it incomplete.
    expect(lines).toBe(1 + PAGE)
    expect(res.complete).toBe(false)
    expect(errors).toHaveLength(1)
  } finally {
    console.error = error
  }
})
