// A collector of another shape: { items: [{ key, survey, value, text }] }, behind an API key.
import { createServer } from 'node:http'

export const received = new Map()

export const server = createServer(async (req, res) => {
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '*')
  res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, Idempotency-Key')
  if (req.method === 'OPTIONS') return res.writeHead(204).end()
  if (req.headers.authorization !== 'Bearer demo-key') return res.writeHead(401).end()
  let body = ''
  for await (const chunk of req) body += chunk
  // Keyed by the answer id: an answer sent twice is stored once.
  for (const item of JSON.parse(body).items) received.set(item.key, item)
  res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ stored: received.size }))
})

if (import.meta.url === `file://${process.argv[1]}`) {
  server.listen(Number(process.env.PORT ?? 8788), '127.0.0.1', () => console.log('feedback endpoint on :8788'))
}
