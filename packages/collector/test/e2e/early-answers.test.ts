import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { collectorInOwnProcess } from './harness/own-process.js'

// A client that sends a body larger than the collector takes gets its 413 before it has sent
// it all. Closing the connection then would reset it, and the client, still writing, would
// see EPIPE or ECONNRESET instead of the answer; the collector reads the rest and throws it
// away instead (up to a bound). The collector runs in a process of its own: within one
// process, the client reads the answer too early for the reset to show.
let collector: Awaited<ReturnType<typeof collectorInOwnProcess>>
beforeAll(async () => {
  collector = await collectorInOwnProcess({ ratePerMinute: 0, bytesPerMinute: 0 })
})
afterAll(() => collector?.stop())

const body = JSON.stringify({ v: 1, responses: [{ comment: 'x'.repeat(2_000_000) }] })
const bytes = new TextEncoder().encode(body)

/** The same 2 MB body as one buffer (with Content-Length), or streamed in 64 KiB pieces as fast as they are taken (chunked). */
const bodies = {
  'with its length': () => body,
  streamed: () => {
    let sent = 0
    return new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= bytes.length) return controller.close()
        controller.enqueue(bytes.subarray(sent, (sent += 64 * 1024)))
      },
    })
  },
}

describe('a client posting a 2 MB body', () => {
  it.each(Object.keys(bodies) as (keyof typeof bodies)[])('reads its 413 with fetch, %s, every time', async (kind) => {
    const post = async () => {
      const res = await fetch(`${collector.url}/v1/responses`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: bodies[kind](),
        duplex: 'half',
      } as RequestInit)
      return { status: res.status, body: await res.json() }
    }
    const answers = []
    for (let i = 0; i < 10; i++) answers.push(await post())
    // Four at once: a streamed body holds up to 1 MiB until it is found too large, and more than
    // 8 MiB at once from one client is answered 503, with little of the rest read (a flood's
    // bodies are not read for it), so that a tenth body at once could meet a reset.
    answers.push(...(await Promise.all(Array.from({ length: 4 }, post))))
    expect(answers).toEqual(Array(14).fill({ status: 413, body: { error: 'the body is larger than 1048576 bytes: send fewer responses per request' } }))
    await expect.poll(async () => (await collector.usage()).bytesInFlight).toBe(0)
  })
})
