import { describe, expect, it } from 'vitest'
import { createHash } from 'node:crypto'
import { hostName, hostProblem, proxyHeader, REFUSED_PAGE_CSP, refusedPage } from '../src/host-policy.js'

describe('hostName', () => {
  it.each([
    ['localhost:8787', 'localhost'],
    ['LocalHost', 'localhost'],
    ['localhost.:8787', 'localhost'],
    ['127.0.0.1:8787', '127.0.0.1'],
    ['[::1]:8787', '[::1]'],
    ['[::1]', '[::1]'],
    ['Collector.Internal', 'collector.internal'],
    [undefined, undefined],
  ])('reads %j as %j', (header, name) => {
    expect(hostName(header)).toBe(name)
  })
})

describe('hostProblem', () => {
  it.each(['localhost', 'localhost:8787', '127.0.0.1:8787', '127.255.0.9', '[::1]:8787', 'LOCALHOST'])('lets %s read', (host) => {
    expect(hostProblem(host, [])).toBeUndefined()
  })

  it.each(['evil.example', 'evil.example:8787', '127.0.0.1.evil.example', 'localhost.evil.example', '10.0.0.5:8787', '[::2]', '127.0.0.256', '0.0.0.0'])(
    'refuses %s, saying how to set a token or list the name',
    (host) => {
      const name = hostName(host)!
      expect(hostProblem(host, [])).toBe(
        `this collector has no admin token, so it shows its answers only at localhost, 127.0.0.1 or [::1] (this request was for "${name}"): ` +
          'set TOUCHPOINT_ADMIN_TOKEN (e.g. to the output of "openssl rand -hex 32") and sign in with it, or, if everyone who can reach this address ' +
          `may read the answers, start the collector with --public-host ${name} (or TOUCHPOINT_PUBLIC_HOST=${name})`,
      )
    },
  )

  it('refuses a loopback name that came through a proxy, but not a listed name', () => {
    expect(hostProblem('127.0.0.1:8787', [], 'X-Forwarded-For')).toMatch(/came through a proxy \(it carries X-Forwarded-For\)/)
    expect(hostProblem('localhost', [], 'Forwarded')).toMatch(/^this collector has no admin token/)
    expect(hostProblem('tp.lan', ['tp.lan'], 'X-Forwarded-For')).toBeUndefined()
  })

  it.each([
    [{ 'x-forwarded-for': '203.0.113.9' }, 'X-Forwarded-For'],
    [{ forwarded: 'for=203.0.113.9' }, 'Forwarded'],
    [{ 'x-real-ip': '203.0.113.9' }, 'X-Real-IP'],
    [{ 'x-forwarded-host': 'tp.example.com' }, 'X-Forwarded-Host'],
    [{ host: '127.0.0.1' }, undefined],
  ])('finds the proxy header in %j', (headers, found) => {
    expect(proxyHeader(headers)).toBe(found)
  })

  it('lets the listed names read, with or without a port', () => {
    expect(hostProblem('tp.lan:8787', ['tp.lan'])).toBeUndefined()
    expect(hostProblem('TP.lan', ['tp.lan'])).toBeUndefined()
    expect(hostProblem('[fd00::1]:8787', ['[fd00::1]'])).toBeUndefined()
    expect(hostProblem('other.lan', ['tp.lan'])).toMatch(/^this collector has no admin token/)
  })

  it('refuses a request without a Host header, and suggests no name it could not use', () => {
    expect(hostProblem(undefined, [])).toBe(
      'this collector has no admin token, so it shows its answers only at localhost, 127.0.0.1 or [::1] (this request was for no Host header): ' +
        'set TOUCHPOINT_ADMIN_TOKEN (e.g. to the output of "openssl rand -hex 32") and sign in with it',
    )
    expect(hostProblem('a b', [])).not.toContain('--public-host')
  })
})

describe('refusedPage', () => {
  it('allows its own style by hash in its policy, and nothing else', () => {
    const style = /<style>(.*?)<\/style>/.exec(refusedPage('rebind.example'))![1]!
    expect(REFUSED_PAGE_CSP).toContain(`style-src 'sha256-${createHash('sha256').update(style).digest('base64')}'`)
    expect(REFUSED_PAGE_CSP).toMatch(/^default-src 'none';/)
    expect(REFUSED_PAGE_CSP).not.toContain('script-src')
  })

  it('writes the host name as text, and suggests it as a public host only when it can be one', () => {
    const page = refusedPage('a"<b>.example')
    expect(page).toContain('<code>a&#34;&#60;b&#62;.example</code>')
    expect(page).not.toContain('<b>')
    expect(page).toContain('<code>--public-host NAME</code>')
    expect(refusedPage(undefined)).toContain('this request named no host')
  })
})
