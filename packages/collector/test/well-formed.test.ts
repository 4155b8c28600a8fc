import { describe, expect, it } from 'vitest'
import { wellFormed, wellFormedText } from '../src/well-formed.js'

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
