import { describe, expect, it } from 'vitest'
import { responseRate, withReach } from '../src/reach.js'
import type { StatsRow } from '../src/stats.js'

const row = (groups: Record<string, unknown>, type: 'nps' | 'ces', n: number, max = 10) =>
  ({ ...groups, type, scale: { min: type === 'nps' ? 0 : 1, max }, n }) as unknown as StatsRow

describe('responseRate', () => {
  it.each([
    [5, 8, 62.5],
    [1, 3, 33.33],
    [2, 3, 66.67],
    [3, 2, 100], // answers whose display was never reported: capped
    [0, 4, 0],
    [3, 0, null],
    [3, null, null],
  ])('%i answers of %s prompts: %s', (answered, shown, rate) => {
    expect(responseRate(answered, shown)).toBe(rate)
  })
})

describe('withReach', () => {
  it('counts both CES scales of a group against its prompts of that type', () => {
    const rows = [row({ touchpoint: 'support' }, 'ces', 3, 7), row({ touchpoint: 'support' }, 'ces', 1, 5)]
    const { results } = withReach(rows, [{ groups: { touchpoint: 'support' }, type: 'ces', shown: 8, dismissed: 1 }], ['touchpoint'])
    expect(results.map((r) => [r.scale.max, r.shown, r.dismissed, r.responseRate])).toEqual([
      [7, 8, 1, 50],
      [5, 8, 1, 50],
    ])
  })

  it('tells prompts of another type in the same group apart', () => {
    const { results, unanswered } = withReach([row({}, 'nps', 2)], [{ groups: {}, type: 'ces', shown: 4, dismissed: 0 }], [])
    expect([results[0]!.shown, results[0]!.responseRate]).toEqual([0, null])
    expect(unanswered).toEqual([{ type: 'ces', shown: 4, dismissed: 0, responseRate: 0 }])
  })

  it('folds the devices that no row names into "other" only when asked', () => {
    const rows = [row({ device: 'desktop' }, 'nps', 4), row({ device: 'other', folded: { device: 2 } }, 'nps', 1)]
    const counts = [
      { groups: { device: 'desktop' }, type: 'nps' as const, shown: 8, dismissed: 0 },
      { groups: { device: 'tablet' }, type: 'nps' as const, shown: 2, dismissed: 1 },
      { groups: { device: 'mobile' }, type: 'nps' as const, shown: 2, dismissed: 0 },
    ]
    const folded = withReach(rows, counts, ['device'], true)
    expect(folded.results.map((r) => [r.device, r.shown, r.dismissed, r.responseRate])).toEqual([
      ['desktop', 8, 0, 50],
      ['other', 4, 1, 25],
    ])
    expect(folded.unanswered).toEqual([])
    expect(withReach(rows, counts, ['device']).unanswered.map((u) => u.device)).toEqual(['tablet', 'mobile'])
  })

  it('counts the prompts of a real locale "other" on its own line, not on the folded one', () => {
    const rows = [row({ locale: 'other' }, 'nps', 3), row({ locale: 'other', folded: { locale: 2 } }, 'nps', 2)]
    const counts = [
      { groups: { locale: 'other' }, type: 'nps' as const, shown: 6, dismissed: 1 },
      { groups: { locale: 'x-free' }, type: 'nps' as const, shown: 4, dismissed: 2 },
    ]
    const { results, unanswered } = withReach(rows, counts, ['locale'], true)
    expect(results.map((r) => [r.locale, r.folded, r.shown, r.dismissed])).toEqual([
      ['other', undefined, 6, 1],
      ['other', { locale: 2 }, 4, 2],
    ])
    expect(unanswered).toEqual([])
  })

  it('gives null figures without counts (a context key is involved)', () => {
    expect(withReach([row({}, 'nps', 2)], undefined, []).results[0]).toMatchObject({ shown: null, dismissed: null, responseRate: null })
  })
})
