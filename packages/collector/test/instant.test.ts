import { describe, expect, it } from 'vitest'
import { parseDate, parseDateTime } from '../src/instant.js'

describe('parseDate', () => {
  it.each<[string, string | undefined]>([
    ['2026-11-01', '2026-11-01T00:00:00.000Z'],
    ['2024-02-29', '2024-02-29T00:00:00.000Z'], // a leap year
    ['2000-02-29', '2000-02-29T00:00:00.000Z'], // divisible by 400
    ['0000-01-01', '0000-01-01T00:00:00.000Z'], // 1 BC: the first four-digit year
    ['0050-06-15', '0050-06-15T00:00:00.000Z'], // not 1950, as Date.UTC would read it
    ['9999-12-31', '9999-12-31T00:00:00.000Z'],
    ['2026-02-29', undefined], // not a leap year
    ['1900-02-29', undefined], // divisible by 100, not by 400
    ['2026-02-30', undefined],
    ['2026-02-31', undefined],
    ['2026-04-31', undefined],
    ['2026-13-01', undefined],
    ['2026-00-10', undefined],
    ['2026-01-00', undefined],
    ['10000-01-01', undefined],
    ['+002026-01-01', undefined],
    ['2026-1-1', undefined],
    ['2026-11-01T00:00:00Z', undefined],
  ])('%s is %s', (text, iso) => {
    const t = parseDate(text)
    expect(t === undefined ? undefined : new Date(t).toISOString()).toBe(iso)
  })
})

describe('parseDateTime', () => {
  it.each<[string, string | undefined]>([
    ['2026-11-22T09:59:58.120Z', '2026-11-22T09:59:58.120Z'],
    ['2026-11-22T09:59Z', '2026-11-22T09:59:00.000Z'],
    ['2026-11-22T09:59:58Z', '2026-11-22T09:59:58.000Z'],
    ['2026-11-22T09:59:58.1234567Z', '2026-11-22T09:59:58.123Z'], // beyond the millisecond: dropped
    ['2026-11-22T10:59:58.120+01:00', '2026-11-22T09:59:58.120Z'],
    ['2026-11-22T04:29:58.120-0530', '2026-11-22T09:59:58.120Z'],
    ['2026-03-01T00:30:00+01:00', '2026-02-28T23:30:00.000Z'], // the zone moves it back a day
    ['9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'],
    ['2026-02-30T10:00:00Z', undefined], // V8's Date.parse says March 2
    ['2026-02-29T10:00:00Z', undefined],
    ['2026-11-22T24:00:00Z', undefined],
    ['2026-11-22T23:60:00Z', undefined],
    ['2026-11-22T23:59:60Z', undefined], // no leap seconds
    ['2026-11-22T10:00:00+24:00', undefined],
    ['2026-11-22T10:00:00+01:60', undefined],
    ['2026-11-22T10:00:00', undefined], // no zone: whose 10 o'clock?
    ['2026-11-22', undefined],
    ['Sun Nov 22 2026 10:00:00 GMT', undefined],
  ])('%s is %s', (text, iso) => {
    const t = parseDateTime(text)
    expect(t === undefined ? undefined : new Date(t).toISOString()).toBe(iso)
  })
})
