import type { IncomingMessage } from 'node:http'

/**
 * After an answer given before the body was read (413, 429, 503…): reads what the client is
 * still sending and throws it away, so that the client gets to read the answer. Closing a
 * socket with unread data in it makes the kernel reset the connection, and a client still
 * writing its body then sees EPIPE or ECONNRESET instead of the answer. Once the body ends, the
 * connection is reusable.
 *
 * The discarding is bounded, and holds no memory: a client that announces or sends more than
 * `maxBytes`, or is still sending after `ms`, is cut off (reading a flood's bodies to the end
 * would be doing its work for it).
 */
export function discardBody(req: IncomingMessage, maxBytes: number, ms: number): void {
  if (req.complete || req.destroyed) return
  const cutOff = () => req.socket.destroy()
  if (Number(req.headers['content-length'] ?? 0) > maxBytes) return void setImmediate(cutOff)
  let seen = 0
  const timer = setTimeout(cutOff, ms)
  timer.unref()
  const onData = (chunk: Buffer) => {
    if ((seen += chunk.length) > maxBytes) cutOff()
  }
  req.on('data', onData)
  req.once('close', () => {
    clearTimeout(timer)
    req.off('data', onData)
  })
  req.resume()
}
