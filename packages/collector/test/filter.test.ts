import { describe, expect, it } from 'vitest'
import { filterProblem, filterSql } from '../src/filter.js'
import type { Filter } from '../src/filter.js'

describe('filterSql', () => {
  it.each<[Filter, string, unknown[]]>([
    [{}, '', []],
    [{ survey: 's', touchpoint: 't', stage: 'purchase' }, 'survey_id = $1 AND touchpoint = $2 AND stage = $3', ['s', 't', 'purchase']],
    [{ from: '2026-11-01' }, 'answered_at >= to_timestamp($1::float8 / 1000)', [Date.parse('2026-11-01T00:00:00.000Z')]],
    [{ to: '2026-11-01' }, 'answered_at < to_timestamp($1::float8 / 1000)', [Date.parse('2026-11-02T00:00:00.000Z')]],
    [{ to: '2026-11-01T10:00:00Z' }, 'answered_at < to_timestamp($1::float8 / 1000)', [Date.parse('2026-11-01T10:00:00.001Z')]],
    [{ from: '2026-11-01T10:00:00+01:00' }, 'answered_at >= to_timestamp($1::float8 / 1000)', [Date.parse('2026-11-01T09:00:00.000Z')]],
    [{ to: '9999-12-31' }, 'answered_at < to_timestamp($1::float8 / 1000)', [Date.parse('+010000-01-01T00:00:00.000Z')]],
    [{ from: '0000-01-01' }, 'answered_at >= to_timestamp($1::float8 / 1000)', [Date.parse('0000-01-01T00:00:00.000Z')]],
  ])('turns %j into a condition with parameters', (filter, sql, params) => {
    const p: unknown[] = []
    expect(filterSql(filter, p)).toBe(sql)
    expect(p).toEqual(params)
  })

  it('numbers its placeholders after the parameters already there', () => {
    const p: unknown[] = ['x']
    expect(filterSql({ touchpoint: 't' }, p)).toBe('touchpoint = $2')
  })
})

describe('filterProblem', () => {
  it.each<[Filter, string | undefined]>([
    [{ from: '2026-11-01', to: '2026-11-01' }, undefined],
    [{ from: '2026-11-01T09:00:00.123456Z' }, undefined],
    [{ from: '0000-01-01', to: '9999-12-31' }, undefined],
    [{ from: '2026-11-01T00:00:00Z', to: '9999-12-31' }, undefined],
    [{ from: '2026-11-01T00:00:00Z', to: '2026-11-01' }, undefined],
    [{ from: '11/01/2026' }, 'from must be a real date like 2026-11-01 or an ISO 8601 date-time like 2026-11-01T09:00:00Z, in the years 0000–9999 (got "11/01/2026")'],
    [{ to: '2026-13-01' }, 'to must be a real date like 2026-11-01 or an ISO 8601 date-time like 2026-11-01T09:00:00Z, in the years 0000–9999 (got "2026-13-01")'],
    [{ from: '2026-02-31' }, 'from must be a real date like 2026-11-01 or an ISO 8601 date-time like 2026-11-01T09:00:00Z, in the years 0000–9999 (got "2026-02-31")'],
    [{ from: '10000-01-01' }, 'from must be a real date like 2026-11-01 or an ISO 8601 date-time like 2026-11-01T09:00:00Z, in the years 0000–9999 (got "10000-01-01")'],
    [{ to: '2026-11-01T24:00:00Z' }, 'to must be a real date like 2026-11-01 or an ISO 8601 date-time like 2026-11-01T09:00:00Z, in the years 0000–9999 (got "2026-11-01T24:00:00Z")'],
    [{ from: '2026-11-02T00:00:00Z', to: '2026-11-01' }, 'from (2026-11-02T00:00:00Z) must come before to (2026-11-01)'],
    [{ from: '2026-11-01T10:00:00Z', to: '2026-11-01T09:00:00Z' }, 'from (2026-11-01T10:00:00Z) must come before to (2026-11-01T09:00:00Z)'],
    [{ stage: 'Purchase' }, 'stage must be one of awareness, consideration, purchase, retention, advocacy (got "Purchase")'],
    // What was sent is quoted cut short, its control characters escaped, however long it is.
    [{ stage: 'x'.repeat(10_000) }, `stage must be one of awareness, consideration, purchase, retention, advocacy (got "${'x'.repeat(57)}…")`],
    [{ device: '\u001b[2J\u009b31m' }, 'device must be one of mobile, tablet, desktop (got "\\u001b[2J\\u009b31m")'],
    [{ from: `2026-11-01${' '.repeat(5000)}` }, `from must be a real date like 2026-11-01 or an ISO 8601 date-time like 2026-11-01T09:00:00Z, in the years 0000–9999 (got "2026-11-01${' '.repeat(47)}…")`],
    [{ context: { [`a\n${'b'.repeat(500)}`]: 'x' } }, `"context.a\\n${'b'.repeat(47)}…" names no context key: keys are 1–64 letters, digits or _ . : -`],
  ])('%j: %s', (filter, problem) => {
    expect(filterProblem(filter)).toBe(problem)
  })
})
