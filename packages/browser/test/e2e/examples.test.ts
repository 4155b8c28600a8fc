import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { connect, createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { serveNpmEsm } from '../../../../examples/npm-esm/serve.mjs'
import { serveStatic } from '../../../../examples/serve.mjs'
import { snippetPage, startSite } from './harness/site.js'
import { launchChromium } from './harness/chromium.js'
import { startTestCollector } from './harness/collector.js'

// Each example as its README runs it: started as a process of its own, sent an answer from
// real Chromium (and a real sendBeacon where it matters), then bad requests, which it must
// refuse with the right status and survive.

const example = (path: string) => fileURLToPath(new URL(`../../../../examples/${path}`, import.meta.url))

let browser: Browser
const processes: ChildProcess[] = []

beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
})
afterEach(() => {
  for (const p of processes.splice(0)) p.kill()
})

/** `count` loopback ports, each different, that were free a moment ago (held together while chosen). */
async function freePorts(count: number): Promise<number[]> {
  const servers = Array.from({ length: count }, () => createServer())
  await Promise.all(servers.map((s) => new Promise<void>((r) => s.listen(0, '127.0.0.1', r))))
  const ports = servers.map((s) => (s.address() as AddressInfo).port)
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))))
  return ports
}
const freePort = async () => (await freePorts(1))[0]!

/** `node <script>` with `env`; `output()` is what it printed so far, `waitFor` polls it. */
function start(script: string, env: Record<string, string>) {
  const child = spawn(process.execPath, [script], { env: { PATH: process.env.PATH!, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  processes.push(child)
  let out = ''
  child.stdout.on('data', (c) => (out += c))
  child.stderr.on('data', (c) => (out += c))
  const output = () => out
  const waitFor = async (pattern: RegExp) => {
    await expect.poll(() => pattern.test(out), { timeout: 10_000, message: `waiting for ${pattern} in:\n${out}` }).toBe(true)
    return pattern.exec(out)!
  }
  return { child, output, waitFor, running: () => child.exitCode === null && child.signalCode === null }
}

/** One raw request that is not HTTP at all; resolves with what came back. */
function garbage(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let got = ''
    const socket = connect(port, '127.0.0.1', () => socket.write('HELLO THERE\r\n\r\n'))
    socket.on('data', (c) => (got += c))
    socket.on('end', () => resolve(got))
    socket.on('error', reject)
  })
}

const answer = (patch: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  surveyId: 'beacon-nps',
  type: 'nps',
  scale: { min: 0, max: 10 },
  score: 7,
  touchpoint: 'checkout',
  answeredAt: '2026-11-22T09:59:58.120Z',
  ...patch,
})
const envelope = (responses: unknown[]) => JSON.stringify({ v: 1, sentAt: '2026-11-22T10:00:00.000Z', responses })

/** Sends `body` with the page's real `navigator.sendBeacon` (text/plain, no preflight). */
const beacon = (page: Page, url: string, body: string) => page.evaluate(([u, b]) => navigator.sendBeacon(u!, b!), [url, body])

async function answerPrompt(page: Page, score: number, comment?: string) {
  const dialog = page.getByRole('dialog')
  await dialog.getByRole('radio', { name: new RegExp(`^${score}\\b`) }).check()
  if (comment) await dialog.getByRole('textbox').fill(comment)
  await dialog.getByRole('button', { name: 'Send' }).click()
}

describe('examples/minimal-collector', () => {
  it('prints the port of PORT, stores an answer from the SDK and one from a beacon, each once', async () => {
    const port = await freePort()
    const server = start(example('minimal-collector/server.mjs'), { PORT: String(port) })
    const url = (await server.waitFor(/answers to (http:\S+)/))[1]!
    expect(url).toBe(`http://127.0.0.1:${port}/v1/responses`)

    const site = await startSite({ '/': snippetPage({ collector: url, surveys: [{ id: 'min-nps', type: 'nps', followUp: true, triggers: [{ on: 'pageview' }] }] }) })
    const context = await browser.newContext()
    try {
      const page = await context.newPage()
      await page.goto(`${site.url}/`)
      await answerPrompt(page, 8, 'Quick')
      const id = (await server.waitFor(/^stored (\S+): "min-nps" nps 8$/m))[1]!
      const all = async () => ((await (await fetch(url)).json()) as { answers: { id: string; score: number; comment: string }[] }).answers
      const first = (await all()).find((a) => a.id === id)!
      expect(first).toMatchObject({ score: 8, comment: 'Quick' })
      // The log names the answer; what the visitor wrote stays out of it.
      expect(server.output()).not.toContain('Quick')
      // Any page may send answers, but none may read them back: the list is for curl.
      expect(await page.evaluate((u) => fetch(u).then(() => 'read', (e) => String(e)), url)).toBe('TypeError: Failed to fetch')
      expect((await fetch(url, { headers: { Origin: 'https://elsewhere.example' } })).headers.get('access-control-allow-origin')).toBeNull()

      // A beacon from another origin: text/plain, no preflight, no answer to read.
      const beaconed = answer()
      expect(await beacon(page, url, envelope([beaconed]))).toBe(true)
      await server.waitFor(new RegExp(`^stored ${beaconed.id}: `, 'm'))
      // The same beacon again, as a closing page may send it: stored once.
      await beacon(page, url, envelope([beaconed]))
      await server.waitFor(new RegExp(`^duplicate ${beaconed.id} \\(stored before\\)$`, 'm'))

      const again = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: envelope([first]) })
      expect(await again.json()).toEqual({ accepted: 0, duplicates: 1, rejected: [] })
      expect((await all()).map((a) => a.id)).toEqual([first.id, beaconed.id])
    } finally {
      await context.close()
      await site.close()
    }
  })

  it('refuses bad requests with the status due, stores the good answers of a batch, and keeps running', async () => {
    const server = start(example('minimal-collector/server.mjs'), { PORT: '0' })
    const url = (await server.waitFor(/answers to (http:\S+)/))[1]!
    const origin = new URL(url).origin
    const post = (body: string, type = 'application/json') => fetch(url, { method: 'POST', headers: { 'Content-Type': type }, body })
    const status = async (res: Promise<Response>) => {
      const r = await res
      return [r.status, r.headers.get('access-control-allow-origin'), (await r.json()).error]
    }

    // The request that used to kill it: a plain GET of the address it printed, and of its root.
    expect(await status(fetch(`${origin}/`))).toEqual([404, '*', 'nothing at /: answers go to POST /v1/responses'])
    expect(await status(post('hello'))).toEqual([400, '*', `the body is not JSON: Unexpected token 'h', "hello" is not valid JSON`])
    expect(await status(post('[1, 2]'))).toEqual([400, '*', 'v must be 1 (got undefined)'])
    expect(await status(post('{"v":1,"responses":{}}'))).toEqual([400, '*', 'responses must be an array of answers'])
    expect(await status(post('a=1', 'application/x-www-form-urlencoded'))).toEqual([415, '*', 'Content-Type must be application/json or text/plain (got "application/x-www-form-urlencoded")'])
    expect(await status(post(`{"v":1,"responses":[],"pad":"${'x'.repeat(1_100_000)}"}`))).toEqual([413, '*', 'the body is larger than 1048576 bytes'])
    const put = await fetch(url, { method: 'PUT', body: '{}' })
    expect([put.status, put.headers.get('allow')]).toEqual([405, 'GET, POST, OPTIONS'])

    const preflight = await fetch(url, { method: 'OPTIONS', headers: { Origin: 'https://shop.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type,idempotency-key' } })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*')
    expect(preflight.headers.get('access-control-allow-headers')).toBe('Content-Type, Idempotency-Key')

    expect(await garbage(Number(new URL(url).port))).toMatch(/^HTTP\/1\.1 400 Bad Request/)

    // One bad answer costs the others nothing; text/plain (a beacon's type) is read as JSON.
    const good = answer()
    // A type named like an Object.prototype property is a bad type too, not a 500 for the batch.
    const res = await post(envelope([good, answer({ id: 'not-a-uuid' }), answer({ score: 11 }), answer({ type: 'toString' }), answer({ type: '__proto__' })]), 'text/plain;charset=UTF-8')
    expect(await res.json()).toEqual({
      accepted: 1,
      duplicates: 0,
      rejected: [
        { id: 'not-a-uuid', reason: 'id must be a UUID (got "not-a-uuid")' },
        { id: expect.any(String), reason: 'score must be a whole number from 0 to 10 (got 11)' },
        { id: expect.any(String), reason: 'type must be nps, csat or ces (got "toString")' },
        { id: expect.any(String), reason: 'type must be nps, csat or ces (got "__proto__")' },
      ],
    })
    expect(server.output()).toContain(`stored ${good.id}: `)
    expect(server.output()).toContain('400 POST /v1/responses: the body is not JSON')
    expect(server.running()).toBe(true)
    expect((await fetch(url)).status).toBe(200)
  })
})

describe('examples/minimal-collector', () => {
  it('prints what a client sent on one line: a newline, a terminal escape or a bidi override in a survey id, a reason or a bad body is written escaped', async () => {
    const server = start(example('minimal-collector/server.mjs'), { PORT: '0' })
    const url = (await server.waitFor(/answers to (http:\S+)/))[1]!
    const post = (body: string) => fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body })
    // JSON.stringify (which quotes the survey id) escapes a newline and ESC, not a C1 control nor a bidi override.
    const stored = answer({ surveyId: 'docs\u202e-nps\u009b2J' })
    expect((await (await post(envelope([stored]))).json()).accepted).toBe(1)
    await server.waitFor(new RegExp(`^stored ${stored.id}: "docs\\\\u202e-nps\\\\u009b2J" nps \\d+$`, 'm'))
    // JSON.parse quotes the body it could not read in its message.
    expect((await post('x\n201 stored forged')).status).toBe(400)
    await server.waitFor(/^400 POST \/v1\/responses: the body is not JSON: Unexpected token 'x', "x\\u000a201 stored forged" is not valid JSON$/m)
    expect(server.output()).not.toMatch(/^201 stored forged|\x1b|\u202e|\u009b/m)
  })
})

describe('examples/custom-collector', () => {
  it('prints a line per answer it receives, without the comment, and shows what arrived on its page; refuses a beacon without its key', async () => {
    const [port, receiverPort] = await freePorts(2)
    const server = start(example('custom-collector/serve.mjs'), { PORT: String(port), RECEIVER_PORT: String(receiverPort) })
    const [, site, receiver] = await server.waitFor(/custom-collector example: (\S+)\/ \(answers go to (\S+)\)/)
    expect([site, receiver]).toEqual([`http://127.0.0.1:${port}`, `http://127.0.0.1:${receiverPort}/feedback`])

    const context = await browser.newContext()
    try {
      const page = await context.newPage()
      const errors: Error[] = []
      page.on('pageerror', (e) => errors.push(e))
      await page.goto(`${site}/`)
      await page.getByText('Nothing yet: answer the survey.').waitFor()
      await answerPrompt(page, 4, 'Found it')
      const item = { key: expect.stringMatching(/^[0-9a-f-]{36}$/), survey: 'docs-csat', value: 4, text: 'Found it' }
      await server.waitFor(/^received [0-9a-f-]{36}: "docs-csat" 4$/m)
      expect(server.output()).not.toContain('Found it')
      const shown = page.getByRole('list').getByRole('listitem')
      await expect.poll(() => shown.allTextContents()).toEqual([expect.stringContaining('"survey":"docs-csat","value":4,"text":"Found it"')])

      // A beacon cannot carry the API key: refused, said so, and nothing stored.
      expect(await beacon(page, receiver!, JSON.stringify({ items: [{ key: 'k', survey: 's', value: 1, text: '' }] }))).toBe(true)
      await server.waitFor(/^401 POST \/feedback: send Authorization: Bearer demo-key$/m)
      const withKey = { Authorization: 'Bearer demo-key' }
      const bad = await fetch(receiver!, { method: 'POST', headers: withKey, body: 'not json' })
      expect([bad.status, (await bad.json()).error]).toEqual([400, `the body is not JSON: Unexpected token 'o', "not json" is not valid JSON`])
      expect((await fetch(`${new URL(receiver!).origin}/`)).status).toBe(404)
      expect((await fetch(receiver!, { method: 'DELETE', headers: withKey })).status).toBe(405)

      expect(server.running()).toBe(true)
      const list = (await (await fetch(receiver!, { headers: withKey })).json()) as { items: unknown[] }
      expect(list.items).toEqual([item])
      expect(errors).toEqual([])
    } finally {
      await context.close()
    }
  })

  it('prints what a client sent on one line: a newline, a terminal escape or a bidi override in a key, a value or a bad body is written escaped', async () => {
    const port = await freePort()
    const server = start(example('custom-collector/server.mjs'), { PORT: String(port) })
    await server.waitFor(/^feedback endpoint on http:\/\/127\.0\.0\.1:\d+\/feedback$/m)
    const url = `http://127.0.0.1:${port}/feedback`
    const headers = { Authorization: 'Bearer demo-key' }
    const key = 'k1\nreceived forged: "docs-csat" 10'
    // JSON.stringify (the survey is logged quoted) escapes a newline, not a C1 control nor a bidi override.
    const ok = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ items: [{ key, survey: 'docs-csat\u202e\u009b', value: '\x1b[2J\u202e9', text: '' }] }) })
    expect(ok.status).toBe(200)
    await server.waitFor(/^received k1\\u000areceived forged: "docs-csat" 10: "docs-csat\\u202e\\u009b" \\u001b\[2J\\u202e9$/m)
    // JSON.parse quotes the body it could not read in its message.
    const bad = await fetch(url, { method: 'POST', headers, body: 'x\n201 ok' })
    expect(bad.status).toBe(400)
    await server.waitFor(/^400 POST \/feedback: the body is not JSON: Unexpected token 'x', "x\\u000a201 ok" is not valid JSON$/m)
    expect(server.output()).not.toMatch(/^received forged|^201 ok|\x1b|\u202e|\u009b/m)
    // What is stored and listed is what was sent.
    const list = (await (await fetch(url, { headers })).json()) as { items: Array<{ key: string }> }
    expect(list.items.map((i) => i.key)).toEqual([key])
  })
})

describe('examples/npm-esm', () => {
  it('the ESM build through an import map asks and delivers; bad requests to its server are refused', async () => {
    const collector = await startTestCollector()
    const site = await serveNpmEsm({ port: 0, collector: collector.url })
    const context = await browser.newContext()
    try {
      const page = await context.newPage()
      const errors: Error[] = []
      page.on('pageerror', (e) => errors.push(e))
      await page.goto(`${site.url}/`)
      await page.getByRole('button', { name: 'Finish onboarding' }).click()
      const dialog = page.getByRole('dialog', { name: 'It was easy to get started.' })
      await dialog.getByRole('radio', { name: /^6\b/ }).check()
      await dialog.getByRole('button', { name: 'Send' }).click()
      await page.getByText('Thanks! You answered 6.').waitFor()
      await expect.poll(() => collector.count(), { timeout: 10_000 }).toBe(1)
      expect(errors).toEqual([])

      // The examples' static server (examples/serve.mjs) used to throw on a bad escape.
      expect((await fetch(`${site.url}/%E0%A4%A`)).status).toBe(400)
      expect((await fetch(`${site.url}/`, { method: 'POST', body: 'x' })).status).toBe(405)
      expect((await fetch(`${site.url}/nothing-here.js`)).status).toBe(404)
      expect((await fetch(`${site.url}/`)).status).toBe(200)
    } finally {
      await context.close()
      await site.close()
      await collector.close()
    }
  })
})

describe('examples/serve.mjs', () => {
  it("answers 500 to a page it cannot build, and logs the request's path without its query", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'touchpoint-serve-'))
    writeFileSync(join(dir, 'page.html'), '<!-- include: missing.html -->')
    const site = await serveStatic({ mounts: { '/': dir } })
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      const res = await fetch(`${site.url}/page.html?email=ana%40example.com#top`)
      expect([res.status, await res.text()]).toEqual([500, 'internal error'])
      const line = String(logged.mock.calls[0]?.[0])
      expect(line).toBe('could not serve /page.html:')
      expect(JSON.stringify(logged.mock.calls)).not.toContain('example.com')
    } finally {
      logged.mockRestore()
      await site.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('npm start', () => {
  it('stops, collector and shop, when npm is stopped by its pid (SIGTERM, as a process manager does), not only on Ctrl+C', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'touchpoint-start-'))
    // A process group of its own: after the test, whatever of it is left (the demo outliving
    // npm, before the fix) is stopped, and nothing else.
    const npm = spawn('npm', ['start'], {
      cwd: fileURLToPath(new URL('../../../../', import.meta.url)),
      env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/root', npm_config_update_notifier: 'false', TOUCHPOINT_DEMO_DATA_DIR: join(dir, 'data'), COLLECTOR_PORT: '0', SHOP_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    })
    let out = ''
    npm.stdout.on('data', (c) => (out += c))
    npm.stderr.on('data', (c) => (out += c))
    const exited = new Promise((resolve) => npm.once('exit', resolve))
    try {
      // The first start creates the embedded database: tens of seconds on a busy machine.
      await expect.poll(() => /storefront: +(\S+)/.test(out) && /dashboard: +(\S+)/.test(out), { timeout: 120_000 }).toBe(true)
      const urls = [/storefront: +(\S+)/.exec(out)![1]!, /dashboard: +(\S+)/.exec(out)![1]!]
      const up = () => Promise.all(urls.map((u) => fetch(u).then((r) => r.status, () => 'down')))
      expect(await up()).toEqual([200, 200])
      npm.kill('SIGTERM')
      await exited
      await expect.poll(up, { timeout: 10_000 }).toEqual(['down', 'down'])
    } finally {
      try {
        process.kill(-npm.pid!, 'SIGKILL')
      } catch {
        // Nothing of it is left.
      }
      rmSync(dir, { recursive: true, force: true })
    }
  }, 180_000)
})
