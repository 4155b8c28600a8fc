// Runs the example: the page (with the SDK) and the receiving endpoint of server.mjs.
// Usage: node serve.mjs   (build first: npm run build; PORT and RECEIVER_PORT choose the ports)
import { fileURLToPath, pathToFileURL } from 'node:url'
import { serveStatic } from '../serve.mjs'
import { server } from './server.mjs'

const here = (path) => fileURLToPath(new URL(path, import.meta.url))

/** Starts the receiver and the page on free ports (or the ones given). */
export async function serveCustomCollector({ port = 8082, receiverPort = 8788 } = {}) {
  await new Promise((r) => server.listen(receiverPort, '127.0.0.1', r))
  const receiver = `http://127.0.0.1:${server.address().port}`
  const site = await serveStatic({
    mounts: { '/touchpoint/': here('../../packages/browser/dist'), '/': here('.') },
    vars: { RECEIVER: receiver },
    port,
  })
  return { ...site, receiver, close: () => Promise.all([site.close(), new Promise((r) => (server.closeAllConnections(), server.close(r)))]) }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const s = await serveCustomCollector({ port: Number(process.env.PORT ?? 8082), receiverPort: Number(process.env.RECEIVER_PORT ?? 8788) })
  console.log(`custom-collector example: ${s.url}/ (answers go to ${s.receiver}/feedback)`)
}
