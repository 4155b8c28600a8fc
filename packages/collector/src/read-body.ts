import type { IncomingMessage } from 'node:http'
import { HttpError } from './http-error.js'

/**
 * Reads a request body of at most `max` bytes. A larger one is answered 413 as soon as it is
 * known to be larger (from Content-Length, or while reading), without reading the rest.
 */
export async function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  const tooLarge = () => new HttpError(413, `the body is larger than ${max} bytes: send fewer responses per request`, { Connection: 'close' })
  if (Number(req.headers['content-length'] ?? 0) > max) throw tooLarge()
  const chunks: Buffer[] = []
  let size = 0
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length
      if (size > max) throw tooLarge()
      chunks.push(chunk)
    }
  } catch (e) {
    // A client that hangs up mid-body is not the collector's error.
    throw e instanceof HttpError ? e : new HttpError(400, 'the request body was cut off')
  }
  return Buffer.concat(chunks)
}
