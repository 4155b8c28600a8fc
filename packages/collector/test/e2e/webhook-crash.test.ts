import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { envelope, response } from '../fixtures.js'
import { post } from '../harness/http.js'
import { openFromDump } from '../harness/pglite-templates.js'
import { startPostgres } from '../harness/postgres-server.mjs'
import { startReceiver } from '../webhooks/receiver.js'
import type { Receiver } from '../webhooks/receiver.js'

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url))
const BATCH = 50

/** The built command in a process of its own; resolves once it listens. */
async function serve(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [CLI, '--port', '0', '--allow-private-webhooks', ...args], { env: { PATH: process.env.PATH!, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  child.stderr.on('data', (c) => (err += c))
  const exit = new Promise<unknown>((r) => child.once('exit', r))
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (c) => {
      out += c
      const m = /listening on (http:\/\/\S+)/.exec(out)
      if (m) resolve(m[1]!)
    })
    void exit.then(() => reject(new Error(`the collector exited: ${err}`)))
  })
  return { child, url, exit, err: () => err }
}

let receiver: Receiver
let postgres: Awaited<ReturnType<typeof startPostgres>>
const dirs: string[] = []
beforeAll(async () => {
  ;[receiver, postgres] = await Promise.all([startReceiver(), startPostgres()])
})
afterAll(async () => {
  await receiver?.close()
  await postgres?.stop()
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

describe.each(['pglite', 'postgres'] as const)('a collector killed with SIGKILL on %s', (store) => {
  it.each([
    ['right after it acknowledged a batch', false],
    ['while it was sending the batch', true],
  ])('%s sends every answer of the batch once it is back', { timeout: 120_000 }, async (_, midAttempt) => {
    let args: string[] = []
    let env: Record<string, string> = {}
    if (store === 'pglite') {
      const dir = mkdtempSync(join(tmpdir(), 'tp-crash-'))
      dirs.push(dir)
      await (await openFromDump(inject('pgDump'), dir)).close()
      args = ['--data-dir', dir]
    } else {
      const admin = new pg.Client(postgres.url)
      await admin.connect()
      const name = `crash_${midAttempt ? 'mid' : 'ack'}`
      await admin.query(`CREATE DATABASE ${name}`)
      await admin.end()
      env = { DATABASE_URL: postgres.url.replace(/\/postgres$/, `/${name}`) }
    }
    const path = `/crash-${store}-${midAttempt}`
    receiver.received.length = 0
    // Before the crash the receiver takes requests and never answers: nothing is delivered.
    receiver.behave(() => 'hang')

    const first = await serve(args, env)
    const created = await (
      await fetch(`${first.url}/v1/webhooks`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ url: receiver.url(path) }) })
    ).json()
    receiver.secret(path, created.secret)
    const answers = Array.from({ length: BATCH }, (_, i) => response({ surveyId: `survey-${i % 3}`, comment: `answer ${i}` }))
    const res = await post(first.url, envelope(answers))
    expect(await res.json()).toMatchObject({ accepted: BATCH })
    // Acknowledged: the answers (and their deliveries) are on disk. Now the process dies, at
    // once or with attempts in flight (the receiver got them, and never answered).
    if (midAttempt) await expect.poll(() => receiver.received.filter((r) => r.path === path).length, { timeout: 10_000 }).toBeGreaterThan(0)
    first.child.kill('SIGKILL')
    await first.exit
    expect(receiver.accepted(path)).toEqual([])

    receiver.behave(() => 200)
    const second = await serve(args, env)
    try {
      // On PostgreSQL the deliveries the dead collector had in flight wait for their lease to run out (20 s).
      await expect.poll(() => new Set(receiver.accepted(path).map((r) => r.json.id)).size, { timeout: 90_000, interval: 250 }).toBe(BATCH)
      expect(new Set(receiver.accepted(path).map((r) => r.json.id))).toEqual(new Set(answers.map((a) => a.id)))
      expect(receiver.received.every((r) => r.signed)).toBe(true)
      expect(second.err()).toBe('')
    } finally {
      second.child.kill('SIGTERM')
      await second.exit
    }
  })
})
