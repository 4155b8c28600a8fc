import { describe, expect, it } from 'vitest'
import { repeatedKey, repeatedKeyProblem, repeatedKeys } from '../src/repeated-key.js'

describe('repeatedKey', () => {
  it('finds nothing when every object has keys of its own', () => {
    expect(repeatedKey('{"id": "a", "type": "nps", "texts": {"en": {"title": "x"}, "de": {"title": "y"}}}')).toBeUndefined()
    expect(repeatedKey('[{"id": 1}, {"id": 2}]')).toBeUndefined()
    expect(repeatedKey('"just a string"')).toBeUndefined()
  })

  it('finds a key given twice in one object, with the line it comes again on', () => {
    expect(repeatedKey('{\n  "id": "a",\n  "type": "nps",\n  "id": "b"\n}')).toEqual({ key: 'id', line: 4 })
    expect(repeatedKey('{"texts": {"en": {"title": "x", "title": "y"}}}')).toEqual({ key: 'title', line: 1 })
  })

  it('reads strings as JSON does: a value is not a key, escapes are read, quotes inside do not end it', () => {
    // "id" as a value, then as a key: once each.
    expect(repeatedKey('{"a": "id", "id": 1}')).toBeUndefined()
    expect(repeatedKey('{"a\\"b": 1, "c": "}{[", "a\\u0022b": 2}')).toEqual({ key: 'a"b', line: 1 })
    expect(repeatedKey('{"x": "\\\\", "x" : 2}')).toEqual({ key: 'x', line: 1 })
    // A key and its colon on separate lines.
    expect(repeatedKey('{"k"\n:\n1,\n"k"\n:\n2}')).toEqual({ key: 'k', line: 4 })
  })

  it('keeps the keys of nested objects apart, whatever comes between them', () => {
    expect(repeatedKey('{"a": {"b": 1}, "b": [{"b": 2}, {"b": 3}], "c": {"a": 1}}')).toBeUndefined()
    expect(repeatedKey('{"a": {"b": 1}, "a": 2}')).toEqual({ key: 'a', line: 1 })
  })

  it('ends at the end of the text, given a string left open', () => {
    expect(repeatedKey('{"a": "b')).toBeUndefined()
    expect(repeatedKey('{"a\\')).toBeUndefined()
  })
})

describe('repeatedKeys', () => {
  it('finds every key given twice, each with the path of its object: keys, and positions in arrays', () => {
    const text = '{"v": 1, "responses": [{"a": 1}, {"id": "x", "score": 0, "score": 1}, {"b": {"c": [0, {"d": 1, "d": 2}]}}], "v": 2}'
    expect(repeatedKeys(text)).toEqual([
      { key: 'score', line: 1, path: ['responses', 1] },
      { key: 'd', line: 1, path: ['responses', 2, 'b', 'c', 1] },
      { key: 'v', line: 1, path: [] },
    ])
  })

  it('counts the positions of an array by its own commas, not those in strings or nested values', () => {
    expect(repeatedKeys('[",", [1, 2], {"x": [3, 4]}, {"k": 1, "k": 2}]')).toEqual([{ key: 'k', line: 1, path: [3] }])
    expect(repeatedKeys('{"a": [1, 2], "a": 3}')).toEqual([{ key: 'a', line: 1, path: [] }])
  })
})

describe('repeatedKeyProblem', () => {
  it('says the key in quotes, shortened, with nothing in it that a log or a terminal would act on', () => {
    expect(repeatedKeyProblem('{"a": 1,\n"a": 2}')).toBe('"a" is given twice in one object, on line 2: keep one (the other would be lost)')
    const key = `x\n\u009b\u202e${'y'.repeat(500)}`
    const message = repeatedKeyProblem(JSON.stringify({ k: 1 }).replace('{', `{${JSON.stringify(key)}: 1, ${JSON.stringify(key)}: 2, `))!
    expect(message).toBe(`"x\\n\\u009b\\u202e${'y'.repeat(53)}…" is given twice in one object, on line 1: keep one (the other would be lost)`)
    expect(repeatedKeyProblem('{"a": 1, "b": 2}')).toBeUndefined()
  })
})
