import { describe, expect, it } from 'vitest'
import { bearerMatches } from '../src/bearer-token.js'

describe('bearerMatches', () => {
  it.each<[string | undefined, boolean]>([
    ['Bearer s3cret-token', true],
    ['bearer s3cret-token', true],
    ['Bearer  s3cret-token ', true],
    ['Bearer s3cret-tokeN', false],
    ['Bearer s3cret-token2', false],
    ['Bearer s3cret', false],
    ['Basic s3cret-token', false],
    ['s3cret-token', false],
    ['Bearer ', false],
    ['', false],
    [undefined, false],
  ])('%j: %s', (header, ok) => {
    expect(bearerMatches(header, 's3cret-token')).toBe(ok)
  })
})
