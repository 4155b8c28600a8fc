import { spawn } from 'node:child_process'
import { connect } from 'node:net'
import type { ChildProcessWithoutNullStreams } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signatureHeader } from '../../src/webhooks/signature.js'
import { startWebhookWorker } from '../../src/webhooks/worker.js'
import { envelope, response } from '../fixtures.js'
import { post } from '../harness/http.js'
import { useCollector } from '../harness/stores.js'

const RECEIVER = fileURLToPath(new URL('../../../../examples/webhook-receiver/receiver.mjs', import.meta.url))

describe('examples/webhook-receiver', () => {
  const t = useCollector('pglite', { allowPrivateWebhooks: true, webhookWorker: false })
  let child: ChildProcessWithoutNullStreams
  let out = ''
  let url: string
  let webhook: { id: string; secret: string }

  beforeAll(async () => {
    // The webhook first: the receiver starts with its secret, as the README says.
    const created = await fetch(`${t.url}/v1/webhooks`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ url: 'http://127.0.0.1:9/placeholder' }),
    })
    webhook = await created.json()
    child = spawn(process.execPath, [RECEIVER], { env: { PATH: process.env.PATH!, PORT: '0', TOUCHPOINT_WEBHOOK_SECRET: webhook.secret } })
    const port = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (c) => {
        out += c
        const m = /listening on (\d+)/.exec(out)
        if (m) resolve(m[1]!)
      })
      child.once('exit', (code) => reject(new Error(`the receiver exited (${code})`)))
    })
    url = `http://127.0.0.1:${port}/`
    await fetch(`${t.url}/v1/webhooks/${webhook.id}`, { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ url }) })
  })
  afterAll(() => {
    child?.kill()
  })

  const send = (body: string, signature: string) =>
    fetch(url, { method: 'POST', headers: { 'Touchpoint-Delivery': crypto.randomUUID(), 'Touchpoint-Signature': signature }, body })

  it('takes the deliveries of a collector, once each', async () => {
    const answer = response({ score: 2 })
    await post(t.url, envelope([answer]))
    const worker = startWebhookWorker({ db: t.db, allowPrivate: true, pollMs: 0 })
    await worker.runDue()
    await worker.stop()
    const [d] = (await (await fetch(`${t.url}/v1/webhooks/${webhook.id}/deliveries`)).json()).deliveries
    expect(d).toMatchObject({ status: 'delivered', lastStatus: 204 })
    expect((await (await fetch(`${t.url}/v1/webhooks/${webhook.id}/test`, { method: 'POST' })).json())).toMatchObject({ delivered: true, status: 204 })
    await expect.poll(() => out).toContain(`${d.id}: answer nps 2 at checkout`)
    expect(out).toContain(': test nps 3 at checkout')
  })

  it('outlives a client that goes away in the middle of its body', async () => {
    const { port } = new URL(url)
    await new Promise<void>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"event"')
        setTimeout(() => (socket.destroy(), resolve()), 100)
      })
      socket.on('error', reject)
    })
    const body = JSON.stringify({ event: 'answer', delivery: crypto.randomUUID(), score: 0 })
    expect((await send(body, signatureHeader(webhook.secret, body, Math.floor(Date.now() / 1000)))).status).toBe(204)
    expect(child.exitCode).toBeNull()
  })

  it('acts once on a signed delivery played again under another Touchpoint-Delivery header', async () => {
    const body = JSON.stringify({ event: 'answer', delivery: crypto.randomUUID(), type: 'nps', score: 1, touchpoint: 'replayed' })
    const signature = signatureHeader(webhook.secret, body, Math.floor(Date.now() / 1000))
    // `send` gives each request a header id of its own, as someone replaying a captured request can.
    expect((await send(body, signature)).status).toBe(204)
    expect((await send(body, signature)).status).toBe(204)
    // A delivery after them, to know that the receiver has printed all it would for the two.
    const next = JSON.stringify({ event: 'answer', delivery: crypto.randomUUID(), type: 'nps', score: 2, touchpoint: 'after' })
    expect((await send(next, signatureHeader(webhook.secret, next, Math.floor(Date.now() / 1000)))).status).toBe(204)
    await expect.poll(() => out).toContain('answer nps 2 at after')
    expect(out.split('at replayed').length - 1).toBe(1)
  })

  it('prints what a visitor sent on one line: a newline, a terminal escape or a bidi override in the touchpoint is written escaped', async () => {
    // The touchpoint comes from the visitor's browser; the collector takes any text, and signs it.
    const delivery = crypto.randomUUID()
    const body = JSON.stringify({ event: 'answer', delivery, type: 'nps', score: 9, touchpoint: 'cart\nforged: answer nps 10 at checkout\x1b[2J\u202e\u009b' })
    expect((await send(body, signatureHeader(webhook.secret, body, Math.floor(Date.now() / 1000)))).status).toBe(204)
    await expect.poll(() => out).toContain(`${delivery}: answer nps 9 at cart\\u000aforged: answer nps 10 at checkout\\u001b[2J\\u202e\\u009b\n`)
    expect(out).not.toMatch(/^forged|\x1b|\u202e|\u009b/m)
  })

  it('refuses a request signed with another secret, an old one, or none', async () => {
    const body = JSON.stringify({ event: 'answer', delivery: crypto.randomUUID(), score: 0 })
    const now = Math.floor(Date.now() / 1000)
    expect((await send(body, signatureHeader(webhook.secret, body, now))).status).toBe(204)
    expect((await send(body, signatureHeader('whsec_someone-else', body, now))).status).toBe(401)
    expect((await send(`${body} `, signatureHeader(webhook.secret, body, now))).status).toBe(401)
    expect((await send(body, signatureHeader(webhook.secret, body, now - 3600))).status).toBe(401)
    expect((await send(body, '')).status).toBe(401)
  })
})
