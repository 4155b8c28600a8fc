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

const TOKEN = 'test-admin-token-0123456789abcdef'
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

    it('locks out a client that keeps guessing, refusing even the right token until the wait is over', async () => {
      let now = 0
      const guessing = await t.start({ adminToken: TOKEN, now: () => now })
      const stats = (token: string) => fetch(`${guessing.url}/v1/stats`, { headers: { Authorization: `Bearer ${token}` } })
      const statuses = []
      for (let i = 0; i < 21; i++) statuses.push((await stats(`guess-${i}`)).status)
      expect(statuses).toEqual([...Array(20).fill(401), 429])
      // Locked out: the token is not looked at, so the right one gets the same answer.
      const locked = await stats(TOKEN)
      expect(locked.status).toBe(429)
      expect(locked.headers.get('retry-after')).toBe('3') // 20 a minute: one more guess every 3 s
      expect(await locked.json()).toEqual({ error: 'too many wrong admin tokens from this client: retry after the time in Retry-After' })
      now += 3000
      expect((await stats(TOKEN)).status).toBe(200)
      expect((await stats('guess-21')).status).toBe(401)
      expect((await stats(TOKEN)).status).toBe(429)
    })

    it('stops the collector from starting with a short token', async () => {
      await expect(t.start({ adminToken: 'a'.repeat(31) })).rejects.toThrow(
        new StartupError('adminToken is 31 characters long: use at least 32 random characters, e.g. the output of "openssl rand -hex 32"'),
      )
    })
  })

  describe('without an admin token', () => {
    /** A request with a Host header of our choosing (fetch sets its own). */
    const get = (url: string, path: string, host: string, accept?: string, headers: Record<string, string> = {}) =>
      new Promise<{ status: number; body: string; type?: string }>((resolve, reject) => {
        const req = request(`${url}${path}`, { headers: { Host: host, ...(accept && { Accept: accept }), ...headers } }, (res) => {
          let body = ''
          res.on('data', (c) => (body += c))
          res.on('end', () => resolve({ status: res.statusCode!, body, type: res.headers['content-type'] }))
        })
        req.on('error', reject)
        req.end()
      })

    it.each([...READS, '/'])('answers %s only to loopback host names', async (path) => {
      const open = await t.start({ dashboardDir })
      const port = new URL(open.url).port
      for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `127.1.2.3:${port}`, `[::1]:${port}`, 'LOCALHOST']) {
        expect((await get(open.url, path, host)).status).toBe(200)
      }
      // DNS rebinding: a page on rebind.example whose name now points at this machine.
      const rebound = await get(open.url, path, `rebind.example:${port}`)
      expect(rebound.status).toBe(403)
      expect(JSON.parse(rebound.body).error).toBe(
        'this collector has no admin token, so it shows its answers only at localhost, 127.0.0.1 or [::1] (this request was for "rebind.example"): ' +
          'set TOUCHPOINT_ADMIN_TOKEN (e.g. to the output of "openssl rand -hex 32") and sign in with it, or, if everyone who can reach this ' +
          'address may read the answers, start the collector with --public-host rebind.example (or TOUCHPOINT_PUBLIC_HOST=rebind.example)',
      )
    })

    it('shows a browser opening the dashboard at another host name a page that says what to set', async () => {
      const open = await t.start({ dashboardDir })
      const html = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'
      const page = await get(open.url, '/', 'rebind.example', html)
      expect(page.status).toBe(403)
      expect(page.type).toBe('text/html; charset=utf-8')
      expect(page.body).toContain('<h1>This dashboard needs an admin token</h1>')
      expect(page.body).toContain('this page was asked for at <code>rebind.example</code>')
      expect(page.body).toContain('<code>TOUCHPOINT_ADMIN_TOKEN=$(openssl rand -hex 32)</code>')
      expect(page.body).toContain('<code>--public-host rebind.example</code>')
      // The host name is the requester's: it is written as text, never as markup.
      const hostile = await get(open.url, '/', 'a<img src=x onerror=alert(1)>.example', html)
      expect(hostile.status).toBe(403)
      expect(hostile.body).not.toContain('<img')
      expect(hostile.body).toContain('&#60;img')
      // The API stays JSON, whatever the client accepts.
      expect((await get(open.url, '/v1/stats', 'rebind.example', html)).type).toMatch(/^application\/json/)
    })

    it.each([...READS, '/'])('does not answer %s at 127.0.0.1 through a proxy on the same machine', async (path) => {
      // nginx's `proxy_pass http://127.0.0.1:8787` and Apache's ProxyPass address every request
      // to 127.0.0.1: whoever reaches the proxy is not sitting at the machine.
      const open = await t.start({ dashboardDir })
      const port = new URL(open.url).port
      for (const header of [{ 'X-Forwarded-For': '203.0.113.9' }, { Forwarded: 'for=203.0.113.9' }, { 'X-Real-IP': '203.0.113.9' }] as Record<string, string>[]) {
        const proxied = await get(open.url, path, `127.0.0.1:${port}`, undefined, header)
        expect(proxied.status).toBe(403)
        expect(JSON.parse(proxied.body).error).toBe(
          `this collector has no admin token, so it shows its answers only to whoever sits at its machine, and this request for "127.0.0.1" came through a proxy (it carries ${Object.keys(header)[0]}): ` +
            'set TOUCHPOINT_ADMIN_TOKEN (e.g. to the output of "openssl rand -hex 32") and sign in with it, or, if everyone who can reach the proxy may read the answers, ' +
            'have it pass the Host header on (nginx: proxy_set_header Host $host) and start the collector with --public-host and that name',
        )
      }
      const page = await get(open.url, '/', `localhost:${port}`, 'text/html', { 'X-Forwarded-For': '203.0.113.9' })
      expect(page.status).toBe(403)
      expect(page.body).toContain('this page came through a proxy (it carries <code>X-Forwarded-For</code>)')
      // A name listed as public is the operator's choice, proxy or not.
      const listed = await t.start({ publicHosts: ['tp.example.com'] })
      expect((await get(listed.url, path === '/' ? '/v1/stats' : path, 'tp.example.com', undefined, { 'X-Forwarded-For': '203.0.113.9' })).status).toBe(200)
    })

    it('answers the host names listed as public', async () => {
      const open = await t.start({ publicHosts: ['tp.lan'] })
      expect((await get(open.url, '/v1/export', 'tp.lan:8787')).status).toBe(200)
      expect((await get(open.url, '/v1/export', 'other.lan')).status).toBe(403)
    })

    it.each(['/v1/config', '/health'])('leaves %s open to any host name', async (path) => {
      expect((await get(t.url, path, 'rebind.example')).status).toBe(200)
    })

    it('takes answers addressed to any host name', async () => {
      const open = await t.start({})
      const body = JSON.stringify(envelope([response()]))
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(`${open.url}/v1/responses`, { method: 'POST', headers: { Host: 'collect.example.com', 'Content-Type': 'application/json' } }, (res) => {
          res.resume()
          resolve(res.statusCode!)
        })
        req.on('error', reject)
        req.end(body)
      })
      expect(status).toBe(200)
    })

    it('lets the token decide when there is one, whatever the host name', async () => {
      const res = await new Promise<number>((resolve, reject) => {
        const req = request(`${t.url}/v1/stats`, { headers: { Host: 'collect.example.com', Authorization: `Bearer ${TOKEN}` } }, (r) => {
          r.resume()
          resolve(r.statusCode!)
        })
        req.on('error', reject)
        req.end()
      })
      expect(res).toBe(200)
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

    // So that a page sees the real status of a mistake (a typo in the path, a body too large)
    // instead of a CORS error that hides it.
    it.each<[string, number, string, RequestInit]>([
      ['a mistyped path', 404, '/v1/respones', { method: 'POST', body: '{}' }],
      ['a method the path does not take', 405, '/v1/responses', { method: 'PUT', body: '{}' }],
      ['a body that is not JSON', 400, '/v1/responses', { method: 'POST', body: '{' }],
      ['a form', 415, '/v1/responses', { method: 'POST', body: 'a=1', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }],
      ['a body over the limit', 413, '/v1/responses', { method: 'POST', body: JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) }) }],
      ['a read without the token', 401, '/v1/stats', {}],
      ['a bad parameter', 400, '/v1/stats?groupBy=nope', { headers: { Authorization: `Bearer ${TOKEN}` } }],
    ])('lets a listed origin read the error of %s (%d)', async (_, status, path, init) => {
      const res = await fetch(`${t.url}${path}`, { ...init, headers: { Origin: SHOP, 'Content-Type': 'application/json', ...init.headers } })
      expect(res.status).toBe(status)
      expect(res.headers.get('access-control-allow-origin')).toBe(SHOP)
      expect(res.headers.get('vary')).toBe('Origin')
      expect((await res.json()).error).toEqual(expect.any(String))
    })

    it('answers the preflight for a mistyped path, so that the request after it shows its 404', async () => {
      const preflight = await fetch(`${t.url}/v1/respones`, {
        method: 'OPTIONS',
        headers: { Origin: SHOP, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
      })
      expect(preflight.status).toBe(204)
      expect(preflight.headers.get('access-control-allow-origin')).toBe(SHOP)
      expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, HEAD, POST, OPTIONS')
      const other = await fetch(`${t.url}/v1/respones`, { method: 'OPTIONS', headers: { Origin: 'https://evil.test', 'Access-Control-Request-Method': 'POST' } })
      expect(other.status).toBe(404)
      expect(other.headers.get('access-control-allow-origin')).toBeNull()
    })

    it('keeps the errors of a mistyped path from origins it does not know', async () => {
      const res = await fetch(`${t.url}/v1/respones`, { method: 'POST', body: '{}', headers: { Origin: 'https://evil.test' } })
      expect(res.status).toBe(404)
      expect(res.headers.get('access-control-allow-origin')).toBeNull()
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
      // Its relative $schema is served as one that leads to this collector's schema.
      expect(await res.json()).toEqual({ ...JSON.parse(readFileSync(CONFIG, 'utf8')), $schema: 'config/schema' })
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

  it('says in one line that a --host name does not resolve', async () => {
    await expect(startCollector({ db: t.db, port: 0, host: 'no-such-host.invalid' })).rejects.toThrow(
      /^cannot listen on no-such-host\.invalid:0: no-such-host\.invalid is not a name this machine can resolve \((ENOTFOUND|EAI_AGAIN)\): check --host$/,
    )
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

    it.each(['//', '//v1/stats', '/%zz'])('is 404, not 500, for the request target %s', async (path) => {
      expect(await raw(t.url, path)).toBe(404)
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
