import { describe, expect, it } from 'vitest'
import { csvField, csvRecord } from '../src/csv.js'

describe('csvField', () => {
  it.each([
    ['plain', 'plain'],
    ['', ''],
    [null, ''],
    [undefined, ''],
    [9, '9'],
    [-1, '-1'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rlf', '"cr\rlf"'],
    ['a;b', 'a;b'],
    ['a=1', 'a=1'],
    ['5-3 stars', '5-3 stars'],
    ['pros - cons', 'pros - cons'],
    ['mail me @ home', 'mail me @ home'],
    ['2026-11-20T10:00:00.000Z', '2026-11-20T10:00:00.000Z'],
  ])('writes %j as %s', (value, expected) => {
    expect(csvField(value)).toBe(expected)
  })

  // OWASP's CSV-injection rule: no cell starts with = + - @, a tab, a CR or a LF, nor does one
  // after a separator or a quote inside the field; neutralised fields get a leading ' and quotes.
  it.each([
    ['a leading =', '=1+1', `"'=1+1"`],
    ['a leading +', '+33 6 12', `"'+33 6 12"`],
    ['a leading -', '-2 stars', `"'-2 stars"`],
    ['a leading @', '@SUM(A1)', `"'@SUM(A1)"`],
    ['a leading tab', '\tindented', `"'\tindented"`],
    ['a leading carriage return', '\rreturn', `"'\rreturn"`],
    ['a leading line feed', '\nnext line', `"'\nnext line"`],
    ['a space before =', ' =1+1', `"' =1+1"`],
    ['spaces and a tab before +', '  \t+1', `"'  \t+1"`],
    ['a line feed before =', '\n=1+1', `"'\n=1+1"`],
    ['a no-break space before =', '\u00a0=1+1', `"'\u00a0=1+1"`],
    ['an ideographic space before =', '\u3000=1+1', `"'\u3000=1+1"`],
    ['a full-width ＝', '＝1+1', `"'＝1+1"`],
    ['a full-width ＋', '＋1', `"'＋1"`],
    ['a full-width －', '－1', `"'－1"`],
    ['a full-width ＠', '＠SUM(A1)', `"'＠SUM(A1)"`],
    ['; before =', 'fine;=1+1', `"'fine;=1+1"`],
    ['; and a space before -', 'fine; -1', `"'fine; -1"`],
    [', before @', 'fine,@SUM(A1)', `"'fine,@SUM(A1)"`],
    ['a tab before =', 'fine\t=1+1', `"'fine\t=1+1"`],
    ['| before =', 'fine|=1+1', `"'fine|=1+1"`],
    ['a line break before +', 'fine\r\n+1', `"'fine\r\n+1"`],
    ['a quote before =', 'he said "=1+1"', `"'he said ""=1+1"""`],
    ['an apostrophe before =', "it's '=1+1'", `"'it's '=1+1'"`],
    ['; before a full-width ＝', 'fine;＝1', `"'fine;＝1"`],
    ['a hyperlink', '=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    // The two examples on OWASP's page, escaped as it shows them.
    ['OWASP example 1', '=1+2";=1+2', `"'=1+2"";=1+2"`],
    ['OWASP example 2', `=1+2'" ;,=1+2`, `"'=1+2'"" ;,=1+2"`],
  ])('neutralises %s: %j as %s', (_, value, expected) => {
    expect(csvField(value)).toBe(expected)
  })

  it('leaves long runs of separators and spaces without a formula sign alone', () => {
    const texts = ['a' + '\t'.repeat(5000), 'a' + '\n'.repeat(5000), `;${' '.repeat(5000)}`, ' '.repeat(5000)]
    expect(texts.map((t) => csvField(t).startsWith(`"'`))).toEqual([false, false, false, false])
  })
})

describe('csvRecord', () => {
  it('joins fields with commas and ends with CRLF', () => {
    expect(csvRecord(['a', 1, null, 'b,c'])).toBe('a,1,,"b,c"\r\n')
  })
})
