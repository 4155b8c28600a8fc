import { describe, expect, it } from 'vitest'
import { round2, summarize } from '../src/summarize.js'

describe('round2', () => {
  it.each([
    [1, 3, 0.33],
    [2, 3, 0.67],
    [1005, 1000, 1.01], // 1.005: Math.round(1.005 * 100) / 100 gives 1
    [-1005, 1000, -1.01], // halves go away from zero on both sides
    [-12345, 1000, -12.35],
    [12345, 1000, 12.35],
    [-1, 3, -0.33],
    [0, 7, 0],
    [700, 7, 100],
  ])('rounds %i / %i to %d', (num, den, expected) => {
    expect(round2(num, den)).toBe(expected)
  })
})

/** A distribution with one answer on each listed score. */
const counts = (min: number, max: number, scores: number[]) => {
  const c = Array(max - min + 1).fill(0)
  for (const s of scores) c[s - min]++
  return c
}

describe('summarize', () => {
  it.each([
    // NPS edges: 6 is a detractor, 7 a passive, 8 a passive, 9 a promoter
    [[6], { score: -100, promoters: 0, passives: 0, detractors: 1 }],
    [[7], { score: 0, promoters: 0, passives: 1, detractors: 0 }],
    [[8], { score: 0, promoters: 0, passives: 1, detractors: 0 }],
    [[9], { score: 100, promoters: 1, passives: 0, detractors: 0 }],
    [[0, 10], { score: 0, promoters: 1, passives: 0, detractors: 1 }],
    [[10, 9, 7, 3], { score: 25, promoters: 2, passives: 1, detractors: 1 }],
  ])('NPS of %j', (scores, expected) => {
    expect(summarize('nps', { min: 0, max: 10 }, counts(0, 10, scores))).toEqual({ type: 'nps', n: scores.length, ...expected })
  })

  it.each([
    [[3], 0, 3],
    [[4], 100, 4],
    [[5, 4, 3, 1], 50, 3.25],
    [[1, 2, 2, 2, 2, 2, 3, 3], 0, 2.13], // mean 2.125
  ])('CSAT of %j is %d% with mean %d', (scores, score, mean) => {
    expect(summarize('csat', { min: 1, max: 5 }, counts(1, 5, scores))).toEqual({ type: 'csat', n: scores.length, score, mean })
  })

  it.each([
    [7, [4], 0, 4],
    [7, [5], 100, 5],
    [7, [7, 5, 4, 1], 50, 4.25],
    [5, [3], 0, 3],
    [5, [4], 100, 4],
    [5, [4, 5, 1, 2], 50, 3],
  ])('CES on %i points of %j is %d% easy with mean %d', (points, scores, easy, mean) => {
    expect(summarize('ces', { min: 1, max: points }, counts(1, points, scores))).toEqual({ type: 'ces', n: scores.length, easy, mean })
  })
})
