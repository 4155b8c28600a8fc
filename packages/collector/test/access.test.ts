import { request } from 'node:http'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { startCollector, StartupError } from '@touchpoint/collector'
import { envelope, response } from './fixtures.js'
import { getJson, post } from './harness/http.js'
import { openTestDatabase, STORES, useCollector } from './harness/stores.js'

const TOKEN = 'test-admin-token-0123456789'
const SHOP = 'https://shop.test'
const CONFIG = fileURLToPath(new URL('../../../examples/storefront/touchpoint.json', import.meta.url))
const READS = ['/v1/stats', '/v1/comments', '/v1/export']

/** A built dashboard stand-in: what the collector serves does not depend on what is in the files. */
const dashboardDir = mkdtempSync(join(tmpdir(), 'tp-dashboard-'))
writeFileSync(join(dashboardDir, 'index.html'), '<!doctype html><title>Touchpoint</title><script type="module" src="/dashboard/app-Ab12Cd34.js"></script>')
writeFileSync(join(dashboardDir, 'app-Ab12Cd34.js'), `console.log(${JSON.stringify('x'.repeat(2000))})`)
writeFileSync(join(dashboardDir, 'notes.txt'), 'not served')
mkdirSync(join(dashboardDir, 'nested'))
afterAll(() => rmSync(dashboardDir, { recursive: true, force: true }))

/** A request exactly as written: fetch would normalise `..` away before sending it. */
const raw = (url: string, path: string) =>
  new Promise<number>((resolve, reject) => {
    const req = request(`${url}${path}`, (res) => resolve(res.statusCode!))
    req.on('error', reject)
    req.end()
  })

describe.each(STORES)('who may do what, on %s', (store) => {
  const t = useCollector(store, { adminToken: TOKEN, allowedOrigins: [SHOP], configFile: CONFIG, dashboardDir })

  describe('the admin token', () => {
    it.each(READS)('is needed to read %s', async (path) => {
      await post(t.url, envelope([response({ comment: 'secret' })]))
      for (const auth of [undefined, 'Bearer wrong-token', `Basic ${TOKEN}`, TOKEN]) {
        const res = await fetch(`${t.url}${path}`, auth ? { headers: { Authorization: auth } } : {})
        expect(res.status).toBe(401)
        expect(res.headers.get('www-authenticate')).toBe('Bearer realm="touchpoint"')
        expect(await res.json()).toEqual({ error: 'this endpoint needs Authorization: Bearer <TOUCHPOINT_ADMIN_TOKEN>' })
      }
      const ok = await fetch(`${t.url}${path}`, { headers: { Authorization: `Bearer ${TOKEN}` } })
      expect(ok.status).toBe(200)
      expect(await ok.text()).toMatch(path === '/v1/stats' ? /"n":1/ : /secret/)
    })

    it.each(['/v1/config', '/health', '/'])('is not needed for %s', async (path) => {
      expect((await fetch(`${t.url}${path}`)).status).toBe(200)
    })

    it('is not needed to send answers', async () => {
      expect((await post(t.url, envelope([response()]))).status).toBe(200)
    })

    it('slows down a client that keeps guessing', async () => {
      const guessing = await t.start({ adminToken: TOKEN })
      const statuses = new Set<number>()
      for (let i = 0; i < 21; i++) statuses.add((await fetch(`${guessing.url}/v1/stats`, { headers: { Authorization: `Bearer guess-${i}` } })).status)
      expect([...statuses]).toEqual([401, 429])
      const res = await fetch(`${guessing.url}/v1/stats`, { headers: { Authorization: `Bearer ${TOKEN}` } })
      expect(res.status).toBe(200) // the right token still works
    })
  })

  describe('origins', () => {
    const read = (path: string, origin: string) => fetch(`${t.url}${path}`, { headers: { Origin: origin, Authorization: `Bearer ${TOKEN}` } })

    it('lets a listed origin read, with CORS headers', async () => {
      const res = await read('/v1/stats', SHOP)
      expect(res.status).toBe(200)
      expect(res.headers.get('access-control-allow-origin')).toBe(SHOP)
    })

    it('lets the collector’s own pages read', async () => {
      const own = new URL(t.url).origin
      expect((await read('/v1/stats', own)).status).toBe(200)
    })

    it.each(READS)('refuses %s to an origin it does not know', async (path) => {
      const res = await read(path, 'https://evil.test')
      expect(res.status).toBe(403)
      expect(res.headers.get('access-control-allow-origin')).toBeNull()
    })

    it('never lets * open the reads to every page', async () => {
      const open = await t.start({ allowedOrigins: '*' })
      const res = await fetch(`${open.url}/v1/stats`, { headers: { Origin: 'https://evil.test' } })
      expect(res.status).toBe(403)
      expect(await res.json()).toEqual({ error: 'origin https://evil.test may not read from this collector: list it by name in TOUCHPOINT_ALLOWED_ORIGINS' })
    })

    it('answers the preflight of a read that carries the token', async () => {
      const res = await fetch(`${t.url}/v1/stats`, {
        method: 'OPTIONS',
        headers: { Origin: SHOP, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' },
      })
      expect(res.status).toBe(204)
      expect(res.headers.get('access-control-allow-methods')).toBe('GET, HEAD, OPTIONS')
      expect(res.headers.get('access-control-allow-headers')).toBe('authorization')
    })
  })

  describe('the survey config', () => {
    it('is served as the file says, to the SDK on a listed origin', async () => {
      const res = await fetch(`${t.url}/v1/config`, { headers: { Origin: SHOP } })
      expect(res.status).toBe(200)
      expect(res.headers.get('access-control-allow-origin')).toBe(SHOP)
      expect(res.headers.get('cache-control')).toBe('no-cache')
      expect(await res.json()).toEqual(JSON.parse(readFileSync(CONFIG, 'utf8')))
    })

    it('answers 304 when it has not changed', async () => {
      const etag = (await fetch(`${t.url}/v1/config`)).headers.get('etag')!
      expect(etag).toMatch(/^"v1-[\w-]{27}"$/)
      expect((await fetch(`${t.url}/v1/config`, { headers: { 'If-None-Match': etag } })).status).toBe(304)
    })

    it('is 404 when none is published', async () => {
      const empty = await openTestDatabase(store)
      const none = await startCollector({ port: 0, db: empty.db })
      expect(await getJson(none.url, '/v1/config')).toMatchObject({
        status: 404,
        body: { error: 'no survey config is published here: publish one from the dashboard (Surveys), PUT /v1/config, or start with --config FILE' },
      })
      await none.close()
      await empty.close()
    })

    it('stops the collector from starting when it is invalid, listing the problems', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'tp-config-'))
      const file = join(dir, 'bad.json')
      writeFileSync(file, JSON.stringify({ surveys: [{ id: 'x', type: 'nps', triggers: [{ on: 'hover' }] }] }))
      const start = startCollector({ db: t.db, port: 0, configFile: file })
      await expect(start).rejects.toThrow(StartupError)
      await expect(start).rejects.toThrow(`--config ${file} is not a valid survey config:\n  survey "x": triggers[0].on must be one of`)
      writeFileSync(file, '{ "surveys": [')
      await expect(startCollector({ db: t.db, port: 0, configFile: file })).rejects.toThrow(`--config ${file}: `)
      rmSync(dir, { recursive: true })
    })
  })

  describe('the dashboard files', () => {
    it('serves the page under a strict Content-Security-Policy', async () => {
      const res = await fetch(`${t.url}/`)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
      expect(res.headers.get('content-security-policy')).toBe(
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; " +
          "form-action 'none'; frame-ancestors 'none'; require-trusted-types-for 'script'; trusted-types",
      )
      expect(res.headers.get('x-frame-options')).toBe('DENY')
      expect(res.headers.get('cache-control')).toBe('no-cache')
      expect(await res.text()).toContain('<title>Touchpoint</title>')
    })

    it('serves hashed assets compressed and cached for good', async () => {
      const res = await fetch(`${t.url}/dashboard/app-Ab12Cd34.js`, { headers: { 'Accept-Encoding': 'gzip' } })
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
      expect(res.headers.get('content-encoding')).toBe('gzip')
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
      expect(await res.text()).toMatch(/^console\.log\("x{2000}"\)$/)
    })

    it.each(['/dashboard/notes.txt', '/dashboard/nested', '/dashboard/..%2Fpackage.json', '/dashboard/%2e%2e/%2e%2e/package.json', '/index.html'])(
      'serves nothing else: %s is 404',
      async (path) => {
        expect(await raw(t.url, path)).toBe(404)
      },
    )

    it('says how to build the dashboard when it is not built', async () => {
      const empty = mkdtempSync(join(tmpdir(), 'tp-no-dashboard-'))
      const unbuilt = await t.start({ dashboardDir: empty })
      expect(await getJson(unbuilt.url, '/')).toMatchObject({ status: 404, body: { error: 'the dashboard is not built: run "npm run build"' } })
      rmSync(empty, { recursive: true })
    })
  })

  describe('every answer', () => {
    it.each([
      ['GET', '/v1/stats?groupBy=nope'],
      ['GET', '/v1/nothing'],
      ['DELETE', '/v1/responses'],
      ['GET', '/health'],
    ])('of %s %s carries the security headers', async (method, path) => {
      const res = await fetch(`${t.url}${path}`, { method, headers: { Authorization: `Bearer ${TOKEN}` } })
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('referrer-policy')).toBe('no-referrer')
      expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'")
    })

    it('is 405 with the allowed methods for a method a path does not take', async () => {
      const res = await fetch(`${t.url}/v1/responses`, { method: 'GET' })
      expect(res.status).toBe(405)
      expect(res.headers.get('allow')).toBe('POST, OPTIONS')
    })

    it('is 404 for a path that is not an endpoint', async () => {
      expect(await getJson(t.url, '/v1/respones')).toMatchObject({ status: 404, body: { error: 'no such endpoint: GET "/v1/respones"' } })
    })

    it('answers HEAD like GET, without a body', async () => {
      const res = await fetch(`${t.url}/health`, { method: 'HEAD' })
      expect(res.status).toBe(200)
      expect(await res.text()).toBe('')
    })

    it('reports the health of the database', async () => {
      expect(await getJson(t.url, '/health')).toMatchObject({ status: 200, body: { ok: true, db: store } })
    })
  })
})
