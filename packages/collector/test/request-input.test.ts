import { describe, expect, it } from 'vitest'
import { quote } from '../src/quote.js'
import { shownValue } from '../src/request-input.js'

describe('how messages echo what a request sent', () => {
  it('names a number too large for a double, alone or inside a value, rather than writing null', () => {
    expect(shownValue(JSON.parse('1e400'))).toBe('a number too large to hold (beyond ±1.8e308)')
    expect(shownValue(JSON.parse('-1e400'))).toBe('a number too large to hold (beyond ±1.8e308)')
    expect(shownValue(JSON.parse('[0, 1e400, -1e400]'))).toBe('[0,Infinity,-Infinity]')
    expect(shownValue(null)).toBe('null')
  })

  it.each([
    ['an escape sequence (ESC)', '\u001b[31mred', '"\\u001b[31mred"'],
    ['a C1 control (CSI)', '\u009b31mred', '"\\u009b31mred"'],
    ['DEL', 'a\u007fb', '"a\\u007fb"'],
    ['a line separator', 'a\u2028b', '"a\\u2028b"'],
    ['a right-to-left override', 'abc\u202etxt.exe', '"abc\\u202etxt.exe"'],
  ])('escapes %s instead of echoing it raw', (_, value, shown) => {
    expect(quote(value)).toBe(shown)
    expect(shownValue(value)).toBe(shown)
  })

  it('cuts a long value to 60 characters with an ellipsis', () => {
    expect(quote('x'.repeat(1000))).toBe(`"${'x'.repeat(57)}…"`)
  })
})
