import { connect } from 'node:net'
import { describe, expect, it } from 'vitest'
import { refusedRequest } from '../src/client-error.js'
import { useCollector } from './harness/stores.js'

/** Sends `raw` on a connection of its own, and resolves with all the collector sent back before closing it. */
function exchange(port: number, raw: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => socket.write(raw))
    let got = ''
    socket.setEncoding('utf8').on('data', (d) => (got += d)).on('close', () => resolve(got)).on('error', reject)
  })
}

/** The status, headers (lower case) and JSON body of a raw answer. */
function parse(raw: string) {
  const [head, body] = raw.split('\r\n\r\n')
  const [line, ...fields] = head!.split('\r\n')
  return {
    status: Number(line!.split(' ')[1]),
    headers: Object.fromEntries(fields.map((f) => [f.slice(0, f.indexOf(':')).toLowerCase(), f.slice(f.indexOf(':') + 1).trim()])),
    body: JSON.parse(body!),
  }
}

describe('refusedRequest', () => {
  it('says what was wrong in JSON, with the API headers, and closes the connection', () => {
    const { status, headers, body } = parse(refusedRequest('ERR_HTTP_REQUEST_TIMEOUT'))
    expect(status).toBe(408)
    expect(body).toEqual({ error: 'the request was not sent within 60 s' })
    expect(headers).toMatchObject({ 'content-type': 'application/json; charset=utf-8', 'x-content-type-options': 'nosniff', connection: 'close' })
    expect(Number(headers['content-length'])).toBe(Buffer.byteLength(JSON.stringify(body)))
    expect(parse(refusedRequest('HPE_INVALID_METHOD'))).toMatchObject({ status: 400, body: { error: 'the request is not valid HTTP/1.1 (HPE_INVALID_METHOD)' } })
    expect(parse(refusedRequest(undefined))).toMatchObject({ status: 400, body: { error: 'the request is not valid HTTP/1.1 (unreadable)' } })
  })
})

describe('requests that are not HTTP the collector can read', () => {
  const t = useCollector('pglite')

  it.each([
    ['headers larger than 16 KiB', `GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'x'.repeat(20_000)}\r\n\r\n`, 431, 'the request line and headers are larger than 16384 bytes'],
    ['a body given two lengths', 'POST /v1/responses HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}', 400, 'the request is not valid HTTP/1.1 (HPE_UNEXPECTED_CONTENT_LENGTH)'],
    ['a DEL byte in the path', 'GET /v1/\x7fstats HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n', 400, 'the request is not valid HTTP/1.1 (HPE_INVALID_URL)'],
  ])('answers %s in JSON, as every refusal, and the collector goes on', async (_, raw, status, error) => {
    const c = await t.start({})
    expect(parse(await exchange(c.port, raw))).toMatchObject({ status, body: { error }, headers: { 'x-content-type-options': 'nosniff', connection: 'close' } })
    expect((await fetch(`${c.url}/health`)).status).toBe(200)
  })
})
