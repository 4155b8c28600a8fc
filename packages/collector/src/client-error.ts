import { STATUS_CODES } from 'node:http'
import type { Server } from 'node:http'
import type { Duplex } from 'node:stream'
import { JSON_HEADERS } from './json-answer.js'
import { API_HEADERS } from './security-headers.js'

/** What a request Node's HTTP parser refused is answered, by the error's code; any other code is a 400. */
const REFUSED: Record<string, [number, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'the request line and headers are larger than 16384 bytes'],
  HPE_CHUNK_EXTENSIONS_OVERFLOW: [413, 'the chunk extensions of the body are larger than 16384 bytes'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'the request was not sent within 60 s'],
}

/**
 * The raw answer to a request that Node's HTTP parser refused before the collector saw it (a
 * header too large, a malformed request line, a body given two lengths, a request not sent in
 * time): JSON `{ error }` with the API's headers, as every other refusal. The connection is
 * closed after it, since where the next request would start is unknown. No CORS headers: the
 * request's `Origin` was not read.
 */
export function refusedRequest(code: string | undefined): string {
  const [status, error] = REFUSED[code ?? ''] ?? [400, `the request is not valid HTTP/1.1 (${code ?? 'unreadable'})`]
  const body = JSON.stringify({ error })
  const headers = { ...JSON_HEADERS, ...API_HEADERS, 'Content-Length': String(Buffer.byteLength(body)), Connection: 'close' }
  return `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n${body}`
}

/**
 * Answers the requests Node's HTTP parser refuses with `refusedRequest`, rather than with its
 * own bare status line. A connection that was reset, or whose answer has begun, is closed.
 */
export function answerRefusedRequests(server: Server): void {
  server.on('clientError', (e: NodeJS.ErrnoException, socket: Duplex) => {
    const answering = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent
    if (e.code === 'ECONNRESET' || !socket.writable || answering) return void socket.destroy()
    socket.end(refusedRequest(e.code))
  })
}
