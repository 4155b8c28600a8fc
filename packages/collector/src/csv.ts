// Cells a spreadsheet would run as a formula when it opens the file (CSV injection): = + - @,
// and tab or carriage return, which some spreadsheets skip before looking for one.
const FORMULA = /^[=+\-@\t\r]/
const NEEDS_QUOTES = /[",\r\n]/

/**
 * One CSV field per RFC 4180: quoted (with quotes doubled) when it holds a quote, a comma or a
 * line break. A text that a spreadsheet would take for a formula gets a leading `'`, which
 * spreadsheets show as text; numbers are written as they are. `null` is an empty field.
 * @example csvField('say "hi", then =1+1') // "say ""hi"", then =1+1" (quoted; no leading = so no prefix)
 */
export function csvField(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return ''
  const s = typeof v === 'string' && FORMULA.test(v) ? `'${v}` : String(v)
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** One CSV record, CRLF-terminated (RFC 4180). */
export function csvRecord(fields: readonly (string | number | null | undefined)[]): string {
  return `${fields.map(csvField).join(',')}\r\n`
}
