// A Touchpoint webhook receiver that checks every delivery's signature and skips repeats.
// TOUCHPOINT_WEBHOOK_SECRET=whsec_… PORT=8790 node receiver.mjs
import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer } from 'node:http'

const secret = process.env.TOUCHPOINT_WEBHOOK_SECRET
if (!secret) {
  console.error('Set TOUCHPOINT_WEBHOOK_SECRET to the secret the collector showed when the webhook was created.')
  process.exit(2)
}
const seen = new Set()

/**
 * What a delivery holds, fit for one line of the terminal: control characters (a newline, the
 * escape that starts a colour or moves the cursor, C1 ones such as U+009B) and bidirectional
 * overrides are written as `\uXXXX`, so that no value can forge or hide log lines.
 */
const printable = (value) =>
  String(value).replace(/[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)

const server = createServer(async (req, res) => {
  try {
    await receive(req, res)
  } catch (e) {
    // A sender that went away mid-body (or a bug): this request fails, the receiver goes on.
    if (e.code !== 'ECONNRESET') console.error('could not handle a request:', e)
    if (!res.headersSent) res.writeHead(500).end()
  }
})

async function receive(req, res) {
  const chunks = []
  let size = 0
  for await (const chunk of req) {
    // A delivery is a few KB: anything past 1 MB is not one.
    if ((size += chunk.length) > 1_000_000) return res.writeHead(413, { Connection: 'close' }).end()
    chunks.push(chunk)
  }
  const body = Buffer.concat(chunks).toString('utf8')
  // Touchpoint-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>
  const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(req.headers['touchpoint-signature'] ?? '') ?? []
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')
  const fresh = Math.abs(Date.now() / 1000 - Number(t)) < 300 // refuse a recorded request played again later
  if (!v1 || !fresh || !timingSafeEqual(Buffer.from(v1), Buffer.from(expected))) return res.writeHead(401).end()
  // The same delivery id on every retry: act once per id. The id is read from the signed body
  // (it equals the Touchpoint-Delivery header, which the signature does not cover): someone
  // replaying a captured request under a new header still finds it seen.
  const event = JSON.parse(body)
  const id = event.delivery
  if (typeof id !== 'string') return res.writeHead(400).end()
  if (!seen.has(id)) {
    seen.add(id)
    // The touchpoint (and the rest) came from a visitor's browser, through the collector.
    console.log(printable(`${id}: ${event.event} ${event.type} ${event.score} at ${event.touchpoint}`))
  }
  res.writeHead(204).end()
}

server.listen(Number(process.env.PORT ?? 8790), () => console.log(`webhook receiver listening on ${server.address().port}`))
