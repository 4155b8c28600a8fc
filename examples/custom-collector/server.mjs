// A collector of another shape, the kind a team already has: `POST /feedback` with
// `{ items: [{ key, survey, value, text }] }` behind an API key. index.html's `transform` and
// `headers` are written for it. It prints a line per item it receives (which answer, which
// survey, the score: never the comment, which is personal data); `GET /feedback` (with the key)
// lists what arrived in full, and the example page shows that list.
import { createServer } from 'node:http'
import { pathToFileURL } from 'node:url'

/** What arrived, by answer id: an answer sent twice is stored once. */
export const received = new Map()

const API_KEY = 'Bearer demo-key'
const MAX_BODY = 1024 * 1024

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(JSON.stringify(body))
}

/**
 * What a client sent, fit for one line of the terminal: control characters (a newline, the
 * escape that starts a colour or moves the cursor, C1 ones such as U+009B) and bidirectional
 * overrides are written as `\uXXXX`, so that a key cannot forge or hide log lines.
 */
const printable = (value) =>
  String(value).replace(/[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)

/** Answers `status` with `{ error }` and says so in the terminal. */
function refuse(req, res, status, error, headers = {}) {
  console.log(printable(`${status} ${req.method} ${req.url}: ${error}`))
  send(res, status, { error }, headers)
  req.resume() // an unread body: let it go, so the client can read the answer
}

export const server = createServer(async (req, res) => {
  res.setHeader('Access-Control-Allow-Origin', '*')
  try {
    if (new URL(req.url ?? '/', 'http://localhost').pathname !== '/feedback') return refuse(req, res, 404, 'the endpoint is /feedback')
    if (req.method === 'OPTIONS') {
      return void res
        .writeHead(204, {
          'Access-Control-Allow-Methods': 'POST, GET',
          'Access-Control-Allow-Headers': 'Authorization, Content-Type, Idempotency-Key',
          'Access-Control-Max-Age': '86400',
        })
        .end()
    }
    if (req.method !== 'GET' && req.method !== 'POST') return refuse(req, res, 405, `${req.method} is not allowed`, { Allow: 'GET, POST, OPTIONS' })
    // A beacon cannot carry this header: the SDK sends with fetch (keepalive as a page closes) instead.
    if (req.headers.authorization !== API_KEY) return refuse(req, res, 401, 'send Authorization: Bearer demo-key', { 'WWW-Authenticate': 'Bearer' })
    if (req.method === 'GET') return send(res, 200, { items: [...received.values()] })

    // Past MAX_BODY bytes the rest is read and dropped, and the answer is 413 once it is all sent.
    let size = 0
    const chunks = []
    for await (const chunk of req) if ((size += chunk.length) <= MAX_BODY) chunks.push(chunk)
    if (size > MAX_BODY) return refuse(req, res, 413, `the body is larger than ${MAX_BODY} bytes`)
    const body = Buffer.concat(chunks).toString('utf8')
    let items
    try {
      items = JSON.parse(body).items
    } catch (e) {
      return refuse(req, res, 400, `the body is not JSON: ${e.message}`)
    }
    if (!Array.isArray(items) || !items.every((i) => typeof i?.key === 'string')) return refuse(req, res, 400, 'items must be an array of { key, survey, value, text }')
    for (const item of items) received.set(item.key, item), console.log(printable(`received ${item.key}: ${JSON.stringify(item.survey)} ${item.value}`))
    send(res, 200, { stored: received.size })
  } catch (e) {
    // A client that went away mid-body, or a bug: one request fails, the server goes on.
    console.error('could not handle a request:', e)
    if (!res.headersSent) send(res, 500, { error: 'internal error' })
    else res.destroy()
  }
})
server.on('clientError', (e, socket) => {
  if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n')
  else socket.destroy()
})

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  server.listen(Number(process.env.PORT ?? 8788), '127.0.0.1', () => {
    console.log(`feedback endpoint on http://127.0.0.1:${server.address().port}/feedback`)
  })
}
