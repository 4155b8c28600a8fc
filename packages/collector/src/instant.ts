// ISO 8601 dates and date-times read by the calendar's rules. `Date.parse` is not used: V8
// rolls 2026-02-30 over to March 2 instead of refusing it, and its other formats differ between
// engines. Years are the four digits ISO 8601 writes, 0000–9999 (0000 is 1 BC).

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:Z|([+-])(\d{2}):?(\d{2}))$/

/** One day in milliseconds (UTC days have no leap seconds). */
export const DAY_MS = 86_400_000
const daysIn = (year: number, month: number) =>
  month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31

/** Milliseconds since the epoch of 00:00 UTC on a calendar day, or `undefined` for a day that does not exist. */
function utcDay(year: number, month: number, day: number): number | undefined {
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return
  // Date.UTC reads the years 0–99 as 1900–1999.
  const d = new Date(0)
  d.setUTCFullYear(year, month - 1, day)
  return d.getTime()
}

/** A date such as `2026-11-01` as the instant its day starts (UTC), or `undefined` when it is not a real date. */
export function parseDate(s: string): number | undefined {
  const m = DATE.exec(s)
  return m ? utcDay(Number(m[1]), Number(m[2]), Number(m[3])) : undefined
}

/**
 * A date-time with a zone, `2026-11-22T09:59:58.120Z` or `…+01:00`, as milliseconds since the
 * epoch (digits beyond the millisecond are dropped), or `undefined` when any of its fields is
 * out of range (February 30, 24:00, minute 60, an offset of ±24 hours or more).
 */
export function parseDateTime(s: string): number | undefined {
  const m = DATE_TIME.exec(s)
  if (!m) return
  const day = utcDay(Number(m[1]), Number(m[2]), Number(m[3]))
  const [h, min, sec] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)]
  const [oh, om] = [Number(m[9] ?? 0), Number(m[10] ?? 0)]
  if (day === undefined || h > 23 || min > 59 || sec > 59 || oh > 23 || om > 59) return
  const ms = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3))
  const offset = (m[8] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000
  return day + ((h * 60 + min) * 60 + sec) * 1000 + ms - offset
}

/** Either of the above: a date is the start of its day. */
export const parseInstant = (s: string): number | undefined => parseDate(s) ?? parseDateTime(s)

/** Whether `s` is a date without a time of day (a whole day). */
export const isDate = (s: string) => DATE.test(s)
