// A collector in a process of its own, for the tests that load it: the built package, started
// with the options in argv[2] (JSON). Run it with --expose-gc. Over IPC it sends { url } once
// it listens, and answers { id, kind } with { id, usage }: kind 'usage' gives
// { connections, bytesInFlight, rss, heapUsed, arrayBuffers } as they are, 'settled' the same
// after two full garbage collections (what stays held, not what waits to be collected).
import { startCollector } from '../../../dist/index.js'

const c = await startCollector({ port: 0, ...JSON.parse(process.argv[2] ?? '{}') })
const usage = () => {
  const { rss, heapUsed, arrayBuffers } = process.memoryUsage()
  return { ...c.usage(), rss, heapUsed, arrayBuffers }
}
process.on('message', ({ id, kind }) => {
  if (kind === 'settled') {
    globalThis.gc()
    globalThis.gc()
  }
  // The test may be gone by the time the answer is ready: that is no error.
  if (process.connected) process.send({ id, usage: usage() }, undefined, {}, () => {})
})
process.on('disconnect', () => process.exit(0))
process.send({ url: c.url })
