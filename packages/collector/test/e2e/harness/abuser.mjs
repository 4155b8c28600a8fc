// One client abusing a collector, from a loopback address of its own and in a process of its
// own (its work must not slow down the client that measures). Loopback only: it refuses any
// other address. argv: URL, mode, most milliseconds, local address. It prints "abusing" once
// the collector pushes back (a first 429 or 503: what a client may send at once has been
// sent, and the flood goes on) or 2 s after its first answer, whichever comes first, and
// stops when its stdin closes or the time is up. Modes:
// - deep: 1 MB bodies nested half a million levels deep, in an unknown field and in a record,
//   from 8 connections;
// - hold: connections (argv[6], default 600) each sending most of a 1 MB body, then a byte
//   every 100 ms, reopened a second after they are closed; and 1 MB bodies sent as fast as
//   they are answered;
// - answers: batches of 1000 valid answers from 4 connections, as fast as they are answered;
// - guess: wrong admin tokens, as fast as they are answered.
// Then it prints { sent, statuses } as JSON, and exits.
import { randomUUID } from 'node:crypto'
import { Agent, request } from 'node:http'
import { connect } from 'node:net'

const [url, mode, ms, from, holders = '600'] = process.argv.slice(2)
const target = new URL(url)
if (!/^127\./.test(target.hostname) || !/^127\./.test(from)) throw new Error('the abuser only targets loopback')
let deadline = Date.now() + Number(ms)
let finished = false
/** Says what happened and exits, without waiting for answers still due. */
const finish = () => {
  if (finished) return
  finished = true
  deadline = 0
  process.stdout.write(`${JSON.stringify({ sent, statuses })}\n`, () => process.exit(0))
}
process.stdin.on('end', finish).resume()
setTimeout(finish, Number(ms)).unref()
const statuses = {}
let sent = 0
let started = false
const start = () => {
  if (!started) (started = true), process.stdout.write('abusing\n')
}
/** Counts an outcome (a status, an error code); see above for when the abuse is under way. */
const seen = (outcome) => {
  if (!Object.keys(statuses).length) setTimeout(start, 2000).unref()
  statuses[outcome] = (statuses[outcome] ?? 0) + 1
  if (outcome === 429 || outcome === 503 || outcome === '429' || outcome === '503') start()
}
const agent = new Agent({ keepAlive: true, maxSockets: 256 })

const MB = 1024 * 1024
const nest = (n) => '['.repeat(n) + ']'.repeat(n)
const answer = () => ({
  id: randomUUID(), surveyId: 'checkout-nps', type: 'nps', scale: { min: 0, max: 10 }, score: 9, comment: 'Flooded', touchpoint: 'checkout',
  answeredAt: new Date().toISOString(), visitor: { anonymousId: randomUUID(), attributes: { plan: 'pro' } },
})

/** One request; resolves when answered (or failed). */
function send(path, { method = 'POST', body, headers = {} } = {}) {
  sent++
  return new Promise((resolve) => {
    const req = request(new URL(path, url), { method, agent, localAddress: from, headers: { 'Content-Type': 'application/json', ...headers } }, (res) => {
      seen(res.statusCode)
      res.resume()
      res.on('end', resolve)
    })
    req.on('error', (e) => {
      seen(e.code)
      resolve()
    })
    req.end(body)
  })
}

/** `n` loops of `next()` until the deadline. */
const loops = (n, next) => Promise.all(Array.from({ length: n }, async () => { while (Date.now() < deadline) await next() }))

/** A raw connection that announces a 1 MB body, sends most of it and stalls; reopened when the collector closes it. */
async function holder() {
  while (Date.now() < deadline) {
    await new Promise((resolve) => {
      sent++
      const socket = connect({ host: target.hostname, port: Number(target.port), localAddress: from })
      socket.on('error', () => {})
      // What the collector answered, if it did before closing the connection.
      let answered = false
      socket.once('data', (d) => {
        answered = true
        seen(/^HTTP\/1\.1 (\d+)/.exec(d.toString('latin1'))?.[1] ?? 'other')
      })
      socket.once('close', () => {
        if (!answered && Date.now() < deadline) seen('closed')
        setTimeout(resolve, 1000)
      })
      socket.write(`POST /v1/responses HTTP/1.1\r\nHost: ${target.host}\r\nContent-Type: application/json\r\nContent-Length: ${MB}\r\n\r\n`)
      socket.write(' '.repeat(0.9 * MB))
      // Then a byte every 100 ms: a body that is always nearly there, never done.
      const trickle = setInterval(() => (Date.now() >= deadline ? socket.destroy() : socket.write(' ')), 100)
      socket.once('close', () => clearInterval(trickle))
    })
  }
}

if (mode === 'deep') {
  const envelope = `{"v":1,"x":${nest(500_000)},"responses":[]}`
  // A record valid but for its attributes, so that they are looked at.
  const record = JSON.stringify({ v: 1, responses: [{ ...answer(), visitor: { anonymousId: 'a', attributes: { deep: '@' } } }] }).replace('"@"', nest(500_000))
  let i = 0
  await loops(8, () => send('/v1/responses', { body: i++ % 2 ? record : envelope }))
} else if (mode === 'hold') {
  await Promise.all([loops(64, () => send('/v1/responses', { body: ' '.repeat(MB - 2) + '{}' })), ...Array.from({ length: Number(holders) }, holder)])
} else if (mode === 'answers') {
  // New ids for every batch, made by string replacement: the abuser must not be the bottleneck.
  const template = JSON.stringify({ v: 1, responses: Array.from({ length: 1000 }, (_, i) => ({ ...answer(), id: `@${i}@` })) })
  const prefix = randomUUID().slice(0, 23)
  let batch = 0
  const next = () => {
    const b = (batch++).toString(16).padStart(7, '0')
    return template.replace(/@(\d+)@/g, (_, i) => `${prefix}-${b}${Number(i).toString(16).padStart(5, '0')}`)
  }
  await loops(4, () => send('/v1/responses', { body: next() }))
} else if (mode === 'guess') {
  let i = 0
  await loops(8, () => send('/v1/stats', { method: 'GET', headers: { Authorization: `Bearer wrong-guess-${i++}` } }))
} else throw new Error(`unknown mode ${mode}`)

finish()
