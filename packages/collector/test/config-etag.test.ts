import { describe, expect, it } from 'vitest'
import { matchedVersions, noneMatch, versionTag } from '../src/config-etag.js'

describe('matchedVersions', () => {
  it.each<[string, number[] | '*']>([
    ['"v7"', [7]],
    ['"v7-AbC_12-x"', [7]],
    [' "v7-a" , "v9" ', [7, 9]],
    ['*', '*'],
    ['W/"v7"', []],
    ['"7"', []],
    ['v7', []],
    ['"v7"junk', []],
    ['"v1234567890"', []],
    ['', []],
  ])('%j names %j', (header, versions) => {
    expect(matchedVersions(header)).toEqual(versions)
  })
})

describe('noneMatch', () => {
  const tag = '"v3-abc"'
  it.each<[string | undefined, boolean]>([
    [undefined, false],
    ['', false],
    ['"v3-abc"', true],
    ['W/"v3-abc"', true],
    ['"x", "v3-abc"', true],
    ['*', true],
    ['"v3-abd"', false],
    ['"v3"', false],
  ])('%j against "v3-abc": %s', (header, matches) => {
    expect(noneMatch(header, tag)).toBe(matches)
  })

  it('uses the version tag of a version', () => {
    expect(noneMatch('"v12"', versionTag(12))).toBe(true)
  })
})
