import { describe, expect, it } from 'vitest'
import { check, collectorProblem, optionProblems } from '../src/check.js'

const survey = { id: 's', type: 'nps' as const, triggers: [{ on: 'pageview' as const }] }

describe('collectorProblem', () => {
  it.each([
    ['https://collect.example.com/v1/responses', undefined],
    ['/v1/responses', undefined],
    [{ url: 'https://c.test', headers: { Authorization: 'Bearer x' }, transform: (b: unknown) => b }, undefined],
    [undefined, 'collector must be a URL or { url, headers?, transform? } (got undefined)'],
    ['', 'collector must be a URL or { url, headers?, transform? } (got "")'],
    [{ url: 42 }, 'collector must be a URL or { url, headers?, transform? } (got {"url":42})'],
    ['http://[bad', 'collector.url is not a URL (got "http://[bad")'],
    [{ url: 'https://c.test', headers: { 'X-Key': 3 } }, 'collector.headers must be an object of strings, e.g. { "Authorization": "Bearer …" }'],
    [{ url: 'https://c.test', transform: 'x' }, 'collector.transform must be a function'],
  ])('%j → %s', (collector, problem) => {
    expect(collectorProblem(collector)).toBe(problem)
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
      }),
    ).toEqual([])
  })

  it.each([
    [{ theme: 'drak' }, ['theme', 'theme must be one of light, dark, auto (got "drak")']],
    [{ position: 'left' }, ['position', 'position must be one of bottom-right, bottom-left, top, center, inline (got "left")']],
    [{ zIndex: '9' }, ['zIndex', 'zIndex must be a number (got string)']],
    [{ surveys: {} }, ['surveys', 'surveys must be an array (got object)']],
    [{ colour: 'red' }, ['colour', 'colour is not an option']],
    [{ position: 'inline' }, ['position', 'position "inline" needs target, a CSS selector']],
  ])('reports %j', (patch, problem) => {
    expect(optionProblems({ collector: 'https://c.test', ...patch } as never)).toEqual([problem])
  })
})

describe('check', () => {
  it('validates inline and remote surveys together and takes the remote cooldown', () => {
    const result = check({ collector: '/c', surveys: [survey], globalCooldownDays: 3 }, { surveys: [{ ...survey, id: 'r' }], globalCooldownDays: 7 })
    expect(result).toEqual({ surveys: [survey, { ...survey, id: 'r' }], cooldownDays: 7, ignored: [], errors: [] })
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
