import { describe, expect, it } from 'vitest'
import { matchedVersions, noneMatch, versionTag } from '../src/config-etag.js'

describe('matchedVersions', () => {
  it.each<[string, number[] | '*' | undefined]>([
    ['"v7"', [7]],
    ['"v7-AbC_12-x"', [7]],
    [' "v7-a" , "v9" ', [7, 9]],
    ['*', '*'],
    ['W/"v7"', []],
    ['"7"', []],
    ['"v7", W/"v9", "x,y"', [7]],
    [', "v7",, "v8" ,', [7, 8]],
    ['"v1234567890"', []],
    // Not a list of entity tags: refused as such, not read as naming nothing.
    ['v7', undefined],
    ['"v7"junk', undefined],
    ['"v7', undefined],
    ['"v7" "v8"', undefined],
    ['W/v7', undefined],
    ['', undefined],
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
