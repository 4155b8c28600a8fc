import { describe, expect, it } from 'vitest'
import { nulPath, wellFormed, wellFormedText } from '../src/well-formed.js'

describe('wellFormedText', () => {
  it.each([
    ['plain', 'plain', 'plain'],
    ['a lone high surrogate', 'Jo\ud83d', 'Jo\ufffd'],
    ['a lone low surrogate', '\ude00Jo', '\ufffdJo'],
    ['a pair', '\ud83d\ude00', '\ud83d\ude00'],
    ['two highs then a low', '\ud83d\ud83d\ude00', '\ufffd\ud83d\ude00'],
    ['a low then a high', '\ude00\ud83d', '\ufffd\ufffd'],
  ])('keeps or mends %s', (_, text, expected) => {
    expect(wellFormedText(text)).toBe(expected)
  })
})

describe('wellFormed', () => {
  it('mends texts at any depth, keys included, and leaves other values be', () => {
    expect(wellFormed({ ['k\ud83d']: [{ v: 'x\udc00' }, 1, null, true], n: 2 })).toEqual({ ['k\ufffd']: [{ v: 'x\ufffd' }, 1, null, true], n: 2 })
  })
})

describe('nulPath', () => {
  it.each([
    ['a clean value', { a: ['x', 1, null, { b: 'y' }] }, undefined],
    ['the value itself', 'a\0', ''],
    ['a member', { url: 'x\0' }, 'url'],
    ['a member name', { ['k\0']: 1 }, 'k\0'],
    ['deep in arrays and objects', { surveys: [{}, { labels: { min: 'a\0' } }] }, 'surveys[1].labels.min'],
    ['arrays in arrays', [[0, ['\0']]], '[0][1][0]'],
  ])('finds %s', (_, value, path) => {
    expect(nulPath(value)).toBe(path)
  })
})
