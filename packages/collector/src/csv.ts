// CSV injection, after OWASP's rule: no cell may begin with = + - @ (a spreadsheet would run it
// as a formula), a tab, a carriage return or a line feed. Spreadsheets also skip whitespace
// before the sign, and take the full-width ＝ ＋ － ＠ for the ASCII ones. And a formula can
// start inside a field too: a spreadsheet that reads the file with another separator (`;` in
// much of Europe, a tab, `|`) or quotes differently starts a new cell after one of those.
const SIGN = '=+\\-@\\uFF1D\\uFF0B\\uFF0D\\uFF20'
// After a separator, only whitespace that is no separator itself is skipped: the others
// start their own check, and the pattern stays linear (no rescanning a run of line breaks).
const FORMULA = new RegExp(`^[\\t\\r\\n]|^\\s*[${SIGN}]|[,;\\t|"'\\r\\n][^\\S\\t\\r\\n]*[${SIGN}]`)
const NEEDS_QUOTES = /[",\r\n]/

/**
 * One CSV field per RFC 4180: quoted (with quotes doubled) when it holds a quote, a comma or a
 * line break. A text that a spreadsheet could take for a formula, at its start or after a
 * separator or quote inside it, is neutralised as OWASP prescribes: a leading `'` (which
 * spreadsheets read as "this is text"), and quotes around the whole field, so that no
 * separator inside it starts a cell. Numbers are written as they are; `null` is an empty field.
 * @example csvField('=1+2";=1+2') // "'=1+2"";=1+2"
 */
export function csvField(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'string' && FORMULA.test(v)) return `"'${v.replace(/"/g, '""')}"`
  const s = String(v)
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** One CSV record, CRLF-terminated (RFC 4180). */
export function csvRecord(fields: readonly (string | number | null | undefined)[]): string {
  return `${fields.map(csvField).join(',')}\r\n`
}
