import { describe, expect, it } from 'vitest'
import { check, collectorProblem, hostWithoutScheme, optionProblems } from '../src/check.js'

const survey = { id: 's', type: 'nps' as const, triggers: [{ on: 'pageview' as const }] }
/** A collector object that is not JSON. */
const loop: Record<string, unknown> = { url: 7 }
loop.self = loop

describe('collectorProblem', () => {
  it.each([
    ['https://collect.example.com/v1/responses', undefined],
    ['/v1/responses', undefined],
    [{ url: 'https://c.test', headers: { Authorization: 'Bearer x' }, transform: (b: unknown) => b }, undefined],
    [undefined, 'collector must be a URL or { url, headers?, transform? } (got undefined)'],
    ['', 'collector must be a URL or { url, headers?, transform? } (got "")'],
    [{ url: 42 }, 'collector must be a URL or { url, headers?, transform? } (got {"url":42})'],
    [{ url: 42, headers: { Authorization: 'Bearer s3cret' } }, 'collector must be a URL or { url, headers?, transform? } (got {"url":42,"headers":"…"})'],
    [loop, 'collector must be a URL or { url, headers?, transform? } (got object)'],
    ['http://[bad', 'collector.url is not a URL (got "http://[bad")'],
    [{ url: 'https://c.test', headers: { 'X-Key': 3 } }, 'collector.headers must be an object of strings, e.g. { "Authorization": "Bearer …" }'],
    [{ url: 'https://c.test', transform: 'x' }, 'collector.transform must be a function'],
    [
      '127.0.0.1:8787/v1/responses',
      'collector "127.0.0.1:8787/v1/responses" looks like a host without a scheme: write "http://127.0.0.1:8787/v1/responses" (or a path such as "/v1/responses" for a collector on this site)',
    ],
    [
      { url: 'collect.example.com/v1/responses' },
      'collector.url "collect.example.com/v1/responses" looks like a host without a scheme: write "https://collect.example.com/v1/responses" (or a path such as "/v1/responses" for a collector on this site)',
    ],
    ['ftp://collect.example.com/in', 'collector must be an http: or https: URL (got "ftp://collect.example.com/in")'],
  ])('%j → %s', (collector, problem) => {
    expect(collectorProblem(collector)).toBe(problem)
  })
})

describe('hostWithoutScheme', () => {
  it.each([
    ['127.0.0.1:8787/v1/responses', 'http://127.0.0.1:8787/v1/responses'],
    ['127.0.0.1/v1/responses', 'http://127.0.0.1/v1/responses'],
    ['localhost:8787/v1/responses', 'http://localhost:8787/v1/responses'],
    ['localhost', 'http://localhost'],
    ['[::1]:8787/v1/responses', 'http://[::1]:8787/v1/responses'],
    ['collect.example.com/v1/responses', 'https://collect.example.com/v1/responses'],
    ['collect.example.com', 'https://collect.example.com'],
    ['example.co.uk:8443/in?k=1', 'https://example.co.uk:8443/in?k=1'],
    ['collect.php:8080/in', 'https://collect.php:8080/in'],
  ])('%s means %s', (url, meant) => {
    expect(hostWithoutScheme(url)).toBe(meant)
  })

  it.each([
    '/v1/responses',
    'v1/responses',
    './collect',
    '../api/collect',
    'api/v1/responses',
    'collect.php',
    'feedback/collect.php',
    'api.php/responses',
    'responses.json',
    'v1.2/responses',
    'https://collect.example.com/v1/responses',
    'http://localhost:8787/v1/responses',
    '//collect.example.com/v1/responses',
  ])('%s is a URL or a path as written', (url) => {
    expect(hostWithoutScheme(url)).toBeUndefined()
  })
})

describe('optionProblems', () => {
  it('accepts every documented option', () => {
    expect(
      optionProblems({
        collector: 'https://c.test',
        surveys: [],
        config: '/touchpoint.json',
        user: { id: 'u' },
        locale: 'it',
        requireConsent: true,
        debug: false,
        theme: 'auto',
        appearance: { brand: '#000' },
        position: 'inline',
        target: '#slot',
        zIndex: 10,
        nonce: 'abc',
        globalCooldownDays: 7,
        keepUrlQuery: true,
        redactPaths: false,
        events: false,
      }),
    ).toEqual([])
  })

  it.each([
    [{ theme: 'drak' }, ['theme', 'theme must be one of light, dark, auto (got "drak")']],
    [{ position: 'left' }, ['position', 'position must be one of bottom-right, bottom-left, top, center, inline (got "left")']],
    [{ zIndex: '9' }, ['zIndex', 'zIndex must be a number (got string)']],
    [{ surveys: {} }, ['surveys', 'surveys must be an array (got object)']],
    [{ colour: 'red' }, ['colour', 'colour is not an option']],
    [{ keepUrlQuerry: true }, ['keepUrlQuerry', 'keepUrlQuerry is not an option (did you mean keepUrlQuery?)']],
    [{ redactPaths: 'no' }, ['redactPaths', 'redactPaths must be a boolean (got string)']],
    [{ events: 'off' }, ['events', 'events must be a boolean (got string)']],
    [{ event: false }, ['event', 'event is not an option (did you mean events?)']],
    [{ position: 'inline' }, ['position', 'position "inline" needs target, a CSS selector']],
  ])('reports %j', (patch, problem) => {
    expect(optionProblems({ collector: 'https://c.test', ...patch } as never)).toEqual([problem])
  })
})

describe('check', () => {
  it('validates inline and remote surveys together and takes the remote cooldown', () => {
    const result = check({ collector: '/c', surveys: [survey], globalCooldownDays: 3 }, { surveys: [{ ...survey, id: 'r' }], globalCooldownDays: 7 })
    expect(result).toEqual({ surveys: [survey, { ...survey, id: 'r' }], cooldownDays: 7, ignored: [], errors: [], warnings: [] })
  })

  it('runs a survey without a misspelt field, with a warning that names the field meant', () => {
    const result = check({ collector: '/c', surveys: [{ ...survey, folowUp: true } as never] }, { surveys: [{ ...survey, id: 'r', frequency: { recontact: 30 } }], cooldown: 3 })
    expect(result.surveys).toEqual([survey, { ...survey, id: 'r', frequency: {} }])
    expect(result.errors).toEqual([])
    expect(result.warnings).toEqual([
      'config: cooldown is not a known field (did you mean globalCooldownDays?); the surveys run without it',
      'survey "s": folowUp is not a known field (did you mean followUp?); the survey runs without it',
      'survey "r": frequency.recontact is not a known field (did you mean recontactDays?); the survey runs without it',
    ])
  })

  it('still skips a survey with a wrong value of a known field', () => {
    const result = check({ collector: '/c', surveys: [{ ...survey, followUp: 3, folowUp: true } as never] }, undefined)
    expect(result.surveys).toEqual([])
    expect(result.warnings).toEqual([])
    expect(result.errors).toEqual(['survey "s": followUp must be true, false, a text or a { "locale": "text" } map (got 3); folowUp is not a known field (did you mean followUp?)'])
  })

  it('counts a text in characters, an emoji as one, as the JSON Schema does', () => {
    const question = 'Rate us ' + '⭐'.repeat(10) + '🙂'.repeat(250) // 268 characters, 518 UTF-16 units
    const ok = { ...survey, question, labels: { min: '🙂'.repeat(500) } }
    expect(check({ collector: '/c', surveys: [ok as never] }, undefined)).toMatchObject({ surveys: [ok], errors: [], warnings: [] })
    const long = check({ collector: '/c', surveys: [{ ...survey, question: '🙂'.repeat(501) } as never] }, undefined)
    expect(long.errors).toEqual([`survey "s": question must be a text of 1–500 characters (got "${'🙂'.repeat(60)}…", 501 characters)`])
  })

  it('runs no survey with a collector written as a host without a scheme', () => {
    const result = check({ collector: 'localhost:8787/v1/responses', surveys: [survey] }, undefined)
    expect(result.surveys).toEqual([])
    expect(result.errors).toEqual([
      'init: collector "localhost:8787/v1/responses" looks like a host without a scheme: write "http://localhost:8787/v1/responses" (or a path such as "/v1/responses" for a collector on this site); no survey runs without a collector',
    ])
  })

  it('reports a remote config of the wrong shape and keeps the inline surveys', () => {
    const result = check({ collector: '/c', surveys: [survey] }, [survey], '/t.json')
    expect(result.surveys).toEqual([survey])
    expect(result.errors).toEqual(['config /t.json must be a JSON object with a "surveys" array'])
  })

  it('runs no survey without a usable collector', () => {
    const result = check({ surveys: [survey] } as never, undefined)
    expect(result.surveys).toEqual([])
    expect(result.ignored).toEqual(['collector'])
  })
})
