import { isUtf8 } from 'node:buffer'
import type { IncomingMessage } from 'node:http'
import type { BodyLease, Full } from './body-budget.js'
import { HttpError } from './http-error.js'
import { nestingGuard } from './nesting-guard.js'

export interface BodyLimits {
  /** Largest body, in bytes: larger ones are answered 413. */
  max: number
  /** The bytes this body may hold in memory: when the budget is full, 503. */
  lease: BodyLease
  /** Deepest nesting of arrays and objects (see `nestingGuard`). */
  maxDepth: number
  /** What to do about a body that is too large, after the limit in the 413's message. */
  tooLargeHint?: string
}

export interface Body {
  /** The body as text, less the insides of records that nest too deep. */
  text: string
  /** The positions in `responses` of the records that nest too deep. */
  tooDeep: ReadonlySet<number>
  /** The positions in `events` of the records that nest too deep. */
  eventsTooDeep: ReadonlySet<number>
  /** Whether the bytes kept are UTF-8: where they are not, `text` has U+FFFD in their place. */
  utf8: boolean
}

/** Seconds a client is asked to wait when the collector has no room for its body. */
export const BUSY_RETRY_SECONDS = 5

const busy = (full: Full) =>
  new HttpError(
    503,
    full === 'client'
      ? 'this client is sending too many bodies at once: retry after the time in Retry-After'
      : 'the collector is receiving too much at once: retry after the time in Retry-After',
    { 'Retry-After': String(BUSY_RETRY_SECONDS) },
  )

/**
 * Reads a JSON request body within limits, refusing it as soon as it is known to break one:
 * 413 when it is larger than `max` (from Content-Length, or while reading), 503 with
 * Retry-After when the bytes would not fit in the budget, 400 when the envelope nests too
 * deep. The rest of a refused body is left unread: the caller answers, then discards it (see
 * `discardBody`) rather than destroying the request, which would reset the connection before
 * the client could read the answer.
 */
export function readBody(req: IncomingMessage, { max, lease, maxDepth, tooLargeHint }: BodyLimits): Promise<Body> {
  const tooLarge = () => new HttpError(413, `the body is larger than ${max} bytes${tooLargeHint ? `: ${tooLargeHint}` : ''}`)
  const declared = Number(req.headers['content-length'] ?? 0)
  if (declared > max) return Promise.reject(tooLarge())
  const full = lease.check(declared)
  if (full) return Promise.reject(busy(full))
  const guard = nestingGuard(maxDepth)
  const kept: Buffer[] = []
  let size = 0
  return new Promise((resolve, reject) => {
    const stop = (e: HttpError) => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose)
      req.pause()
      reject(e)
    }
    const onData = (chunk: Buffer) => {
      if ((size += chunk.length) > max) return stop(tooLarge())
      const full = lease.take(chunk.length)
      if (full) return stop(busy(full))
      kept.push(...guard.write(chunk))
      if (guard.envelopeTooDeep) stop(new HttpError(400, `the body nests arrays and objects more than ${maxDepth} levels deep`))
    }
    const onEnd = () => {
      req.off('data', onData).off('error', onError).off('close', onClose)
      const bytes = Buffer.concat(kept)
      resolve({ text: bytes.toString('utf8'), tooDeep: guard.tooDeep, eventsTooDeep: guard.eventsTooDeep, utf8: isUtf8(bytes) })
    }
    // A client that hangs up mid-body is not the collector's error.
    const onError = () => stop(new HttpError(400, 'the request body was cut off'))
    const onClose = () => !req.complete && onError()
    req.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose)
  })
}
