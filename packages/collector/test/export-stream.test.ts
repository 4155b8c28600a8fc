import { createServer, get } from 'node:http'
import type { IncomingMessage, Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, expect, it } from 'vitest'
import { createHandler } from '@touchpoint/collector'
import type { Database } from '@touchpoint/collector'

const PAGE = 5000

/** A database that answers the export's queries with `pages` full pages of made-up answers, counting the queries. */
function pagesOf(pages: number) {
  const db = {
    kind: 'pglite',
    queries: 0,
    async query(sql: string) {
      // The context keys of the answers: none.
      if (sql.includes('jsonb_object_keys')) return []
      const page = db.queries++
      if (page >= pages) return []
      return Array.from({ length: PAGE }, (_, i) => ({
        id: `${page}-${i}`, survey_id: 's', type: 'nps', scale_min: 0, scale_max: 10, score: 9, comment: 'A comment long enough to fill the pages',
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

async function serve(db: Database): Promise<string> {
  const handler = createHandler({ db, allowedOrigins: '*' })
  server = createServer((req, res) => void handler(req, res))
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
