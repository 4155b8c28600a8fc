// The smallest collector Touchpoint can deliver to: the DESIGN §6 envelope, deduped by answer
// id, kept in memory. Run it with `node server.mjs` and point `collector` at :8789.
import { createServer } from 'node:http'

export const seen = new Map()

export const server = createServer(async (req, res) => {
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '*')
  res.setHeader('Access-Control-Allow-Headers', 'Content-Type, Idempotency-Key')
  if (req.method === 'OPTIONS') return res.writeHead(204).end()
  let body = ''
  for await (const chunk of req) body += chunk
  const { responses } = JSON.parse(body)
  // Keyed by the answer id: a retry or a beacon sent twice is stored once.
  for (const r of responses) if (!seen.has(r.id)) seen.set(r.id, r)
  res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ stored: seen.size }))
})

if (import.meta.url === `file://${process.argv[1]}`) {
  server.listen(Number(process.env.PORT ?? 8789), '127.0.0.1', () => console.log('collector on :8789'))
}
