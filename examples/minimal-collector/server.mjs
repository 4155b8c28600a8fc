// The smallest collector Touchpoint can deliver to, in one file with no dependencies: the
// protocol of docs/collector-protocol.md, answers kept in memory and stored once per id.
// Run it with `node server.mjs` (PORT=8790 for another port) and point the SDK's `collector`
// at the URL it prints. To keep the answers, replace `seen` with your database.
import { createServer } from 'node:http'
import { pathToFileURL } from 'node:url'

/** The answers, by id: a retry, or a beacon sent as the page closes, is stored once. */
export const seen = new Map()

const PATH = '/v1/responses'
const MAX_BODY = 1024 * 1024 // bytes; the SDK's batches are far smaller (beacons stay under 64 KiB)
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const SCALES = { nps: [[0, 10]], csat: [[1, 5]], ces: [[1, 7], [1, 5]] }

/** A request this server refuses: the status, and a message that says what to fix. */
class Refused extends Error {
  constructor(status, message, headers = {}) {
    super(message)
    this.status = status
    this.headers = headers
  }
}

/** Why one answer cannot be stored, or `undefined` when it can. Other fields are kept as sent. */
function problem(r) {
  if (typeof r !== 'object' || r === null || Array.isArray(r)) return 'an answer must be a JSON object'
  if (typeof r.id !== 'string' || !UUID.test(r.id)) return `id must be a UUID (got ${JSON.stringify(r.id)})`
  if (typeof r.surveyId !== 'string' || !r.surveyId) return 'surveyId must be a non-empty text'
  // Own keys only: a type of "toString" or "__proto__" must not find Object.prototype's.
  const scales = Object.hasOwn(SCALES, r.type) ? SCALES[r.type] : undefined
  if (!scales) return `type must be nps, csat or ces (got ${JSON.stringify(r.type)})`
  if (!scales.some(([min, max]) => r.scale?.min === min && r.scale?.max === max)) return `scale ${JSON.stringify(r.scale)} is not a ${r.type} scale`
  if (!Number.isInteger(r.score) || r.score < r.scale.min || r.score > r.scale.max) return `score must be a whole number from ${r.scale.min} to ${r.scale.max} (got ${JSON.stringify(r.score)})`
}

/**
 * The body as text. Past `MAX_BODY` bytes the rest is read and dropped rather than kept, and
 * the answer is 413 once the client has sent it all: a client cut off mid-body never gets to
 * read why.
 */
function readBody(req) {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase()
  // fetch sends application/json; sendBeacon sends text/plain, the one type it can send to
  // another origin without a CORS preflight.
  if (type !== 'application/json' && type !== 'text/plain') {
    return Promise.reject(new Refused(415, `Content-Type must be application/json or text/plain (got ${JSON.stringify(type || 'none')})`))
  }
  return new Promise((resolve, reject) => {
    const chunks = []
    let size = 0
    req.on('data', (chunk) => {
      size += chunk.length
      if (size <= MAX_BODY) chunks.push(chunk)
    })
    req.on('end', () => (size > MAX_BODY ? reject(new Refused(413, `the body is larger than ${MAX_BODY} bytes`)) : resolve(Buffer.concat(chunks).toString('utf8'))))
    req.on('error', reject)
  })
}

/** `POST /v1/responses`: stores each valid answer once, and says what happened to each. */
async function receive(req) {
  let envelope
  try {
    envelope = JSON.parse(await readBody(req))
  } catch (e) {
    if (e instanceof Refused) throw e
    throw new Refused(400, `the body is not JSON: ${e.message}`)
  }
  if (envelope?.v !== 1) throw new Refused(400, `v must be 1 (got ${JSON.stringify(envelope?.v)})`)
  if (!Array.isArray(envelope.responses)) throw new Refused(400, 'responses must be an array of answers')
  const result = { accepted: 0, duplicates: 0, rejected: [] }
  for (const r of envelope.responses) {
    const reason = problem(r)
    if (reason) {
      result.rejected.push({ id: typeof r?.id === 'string' ? r.id : null, reason })
      console.log(printable(`rejected ${JSON.stringify(r?.id ?? null)}: ${reason}`))
    } else if (seen.has(r.id)) {
      result.duplicates++
      console.log(`duplicate ${r.id} (stored before)`)
    } else {
      seen.set(r.id, r)
      result.accepted++
      // The log says which answer, not what it says: comments and visitors are personal data.
      console.log(printable(`stored ${r.id}: ${JSON.stringify(r.surveyId)} ${r.type} ${r.score}`))
    }
  }
  return result
}

async function handle(req, res) {
  // Any page may send answers here (answers carry no credentials, so "*" is enough). A
  // collector on the internet should name the sites it takes answers from instead.
  res.setHeader('Access-Control-Allow-Origin', '*')
  const { pathname } = new URL(req.url ?? '/', 'http://localhost')
  if (pathname !== PATH) throw new Refused(404, `nothing at ${pathname}: answers go to POST ${PATH}`)
  if (req.method === 'OPTIONS') {
    // The preflight of a fetch with Content-Type: application/json from another origin.
    return void res
      .writeHead(204, {
        'Access-Control-Allow-Methods': 'POST, GET',
        'Access-Control-Allow-Headers': 'Content-Type, Idempotency-Key',
        'Access-Control-Max-Age': '86400',
      })
      .end()
  }
  // GET: what arrived so far, to look at with curl or by opening it. No page of another
  // origin may read it: "*" lets any site send answers, never read your visitors' ones.
  if (req.method === 'GET') {
    res.removeHeader('Access-Control-Allow-Origin')
    return send(res, 200, { answers: [...seen.values()] })
  }
  if (req.method === 'POST') return send(res, 200, await receive(req))
  throw new Refused(405, `${req.method} is not allowed here: send answers with POST`, { Allow: 'GET, POST, OPTIONS' })
}

/**
 * What a client sent, fit for one line of the terminal: control characters (a newline, the
 * escape that starts a colour or moves the cursor, C1 ones such as U+009B) and bidirectional
 * overrides are written as `\uXXXX`, so that no value can forge or hide log lines.
 */
const printable = (value) =>
  String(value).replace(/[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(JSON.stringify(body))
}

export const server = createServer((req, res) => {
  handle(req, res).catch((e) => {
    const status = e instanceof Refused ? e.status : 500
    if (status === 500) console.error('could not handle a request:', e)
    else console.log(printable(`${status} ${req.method} ${req.url}: ${e.message}`))
    if (res.headersSent) return void res.destroy()
    send(res, status, { error: status === 500 ? 'internal error' : e.message }, e.headers)
    // A body refused before it was read (404, 405, 415): read and drop it, so that the client
    // can send it all and read the answer.
    req.resume()
  })
})
// A request that is not HTTP at all: answer 400 and close, as Node does by default, but
// without letting it reach the process.
server.on('clientError', (e, socket) => {
  if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n')
  else socket.destroy()
})

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  server.listen(Number(process.env.PORT ?? 8789), '127.0.0.1', () => {
    console.log(`minimal collector: answers to http://127.0.0.1:${server.address().port}${PATH} (Ctrl+C stops)`)
  })
}
