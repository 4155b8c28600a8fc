import { describe, expect, it } from 'vitest'
import { nestingGuard } from '../src/nesting-guard.js'

const deep = (n: number, inner = '1') => '['.repeat(n) + inner + ']'.repeat(n)

/** Runs a body through a guard in chunks of `size` bytes; what is kept, as text, and what was found. */
function guard(body: string, maxDepth = 8, size = 7) {
  const g = nestingGuard(maxDepth)
  const bytes = Buffer.from(body)
  const kept: Buffer[] = []
  for (let i = 0; i < bytes.length && !g.envelopeTooDeep; i += size) kept.push(...g.write(bytes.subarray(i, i + size)))
  return { text: Buffer.concat(kept).toString(), envelopeTooDeep: g.envelopeTooDeep, tooDeep: [...g.tooDeep] }
}

describe('nestingGuard', () => {
  it.each([
    ['a flat envelope', '{"v":1,"responses":[{"id":"a"},{"id":"b"}]}'],
    ['nesting up to the limit in a record', `{"v":1,"responses":[{"a":${deep(5)}}]}`],
    ['nesting up to the limit in the envelope', `{"v":1,"x":${deep(7)},"responses":[]}`],
    ['brackets and quotes inside strings', `{"v":1,"responses":[{"c":"[[[[[[[[[[{{{{{{{{\\"[[[[[[[["}],"x":"]]]]"}`],
    ['a body that is not JSON', 'not json at all'],
  ])('keeps %s as it is', (_, body) => {
    expect(guard(body)).toEqual({ text: body, envelopeTooDeep: false, tooDeep: [] })
  })

  it.each([
    ['an unknown member', `{"v":1,"x":${deep(8)},"responses":[]}`],
    ['the root', deep(9)],
    ['responses that is not an array', `{"v":1,"responses":{"a":${deep(7)}}}`],
    ['a member named responses that is not the envelope\u2019s', `{"v":1,"x":{"responses":[${deep(6)}]},"responses":[]}`],
  ])('flags the envelope when %s nests too deep', (_, body) => {
    expect(guard(body).envelopeTooDeep).toBe(true)
  })

  it('cuts a record that nests too deep down to null at the limit, and says which', () => {
    const body = `{"v":1,"responses":[{"id":"a"},{"id":"b","x":{"y":${deep(5, '"[{"')}},"z":1},{"id":"c"}]}`
    const r = guard(body)
    expect(r).toEqual({ text: '{"v":1,"responses":[{"id":"a"},{"id":"b","x":{"y":[[[[null]]]]},"z":1},{"id":"c"}]}', envelopeTooDeep: false, tooDeep: [1] })
    expect(JSON.parse(r.text).responses).toHaveLength(3)
  })

  it('counts records across whitespace, strings with commas and nested arrays', () => {
    const body = `{ "responses" : [ {"a":[1,2,[3,4]],"s":"x,y"} , {"b":${deep(9)}} ,{"c":${deep(9)}} ] , "v" : 1 }`
    const r = guard(body, 8, 3)
    expect(r.tooDeep).toEqual([1, 2])
    expect(JSON.parse(r.text).responses).toEqual([{ a: [1, 2, [3, 4]], s: 'x,y' }, { b: [[[[[null]]]]] }, { c: [[[[[null]]]]] }])
  })

  it('cuts an event that nests too deep the same way, apart from the answers', () => {
    const g = nestingGuard(8)
    const body = `{"v":1,"responses":[{"id":"a"}],"events":[{"id":"e1"},{"id":"e2","page":${deep(9)}}]}`
    const text = Buffer.concat(g.write(Buffer.from(body))).toString()
    expect([g.envelopeTooDeep, [...g.tooDeep], [...g.eventsTooDeep]]).toEqual([false, [], [1]])
    expect(JSON.parse(text).events).toEqual([{ id: 'e1' }, { id: 'e2', page: [[[[[null]]]]] }])
  })

  it('reads a member name written with escapes', () => {
    const r = guard(`{"v":1,"respon\\u0073es":[{"a":${deep(9)}}]}`)
    expect(r.tooDeep).toEqual([0])
    expect(JSON.parse(r.text).responses).toEqual([{ a: [[[[[null]]]]] }])
  })

  it('follows the last responses member, as JSON.parse does', () => {
    const r = guard(`{"v":1,"responses":[{"a":${deep(9)}}],"responses":[{"ok":1},{"a":${deep(9)}}]}`)
    expect(r.tooDeep).toEqual([1])
    expect(JSON.parse(r.text).responses).toEqual([{ ok: 1 }, { a: [[[[[null]]]]] }])
  })

  it('handles half a million levels in one pass, chunk by chunk', () => {
    const n = 500_000
    const r = guard(`{"v":1,"responses":[{"id":"x","a":${deep(n)}},{"id":"y"}]}`, 32, 64 * 1024)
    expect(r.tooDeep).toEqual([0])
    expect(JSON.parse(r.text).responses[1]).toEqual({ id: 'y' })
    expect(guard(`{"v":1,"x":${deep(n)}}`, 32, 64 * 1024).envelopeTooDeep).toBe(true)
  })

  it('needs room for the records', () => {
    expect(() => nestingGuard(2)).toThrow('maxDepth must be 3 or more')
  })
})
