import { describe, expect, it } from 'vitest'
import { bucketOf, ces, csat, nps, scaleOf } from '@touchpoint/core'

describe('nps', () => {
  it.each([
    { scores: [], score: null, promoters: 0, passives: 0, detractors: 0 },
    { scores: [9], score: 100, promoters: 1, passives: 0, detractors: 0 },
    { scores: [10, 10, 10], score: 100, promoters: 3, passives: 0, detractors: 0 },
    { scores: [0, 6], score: -100, promoters: 0, passives: 0, detractors: 2 },
    { scores: [7, 8], score: 0, promoters: 0, passives: 2, detractors: 0 },
    { scores: [6, 7, 8, 9], score: 0, promoters: 1, passives: 2, detractors: 1 },
    { scores: [10, 9, 7, 3], score: 25, promoters: 2, passives: 1, detractors: 1 },
    { scores: [9, 9, 0], score: (100 * 1) / 3, promoters: 2, passives: 0, detractors: 1 },
  ])('scores $scores as $score', ({ scores, ...expected }) => {
    const r = nps(scores)
    expect(r).toMatchObject({ ...expected, score: expected.score, n: scores.length })
  })
})

describe('csat', () => {
  it.each([
    { scores: [], score: null, mean: null },
    { scores: [3], score: 0, mean: 3 },
    { scores: [4], score: 100, mean: 4 },
    { scores: [5, 4, 3, 1], score: 50, mean: 3.25 },
    { scores: [1, 2, 3], score: 0, mean: 2 },
  ])('scores $scores as $score% (mean $mean)', ({ scores, score, mean }) => {
    expect(csat(scores)).toEqual({ score, mean, n: scores.length })
  })
})

describe('ces', () => {
  it.each([
    { scores: [], points: 7 as const, easy: null, mean: null },
    { scores: [4], points: 7 as const, easy: 0, mean: 4 },
    { scores: [5], points: 7 as const, easy: 100, mean: 5 },
    { scores: [7, 5, 4, 1], points: 7 as const, easy: 50, mean: 4.25 },
    { scores: [3], points: 5 as const, easy: 0, mean: 3 },
    { scores: [4, 5, 1, 2], points: 5 as const, easy: 50, mean: 3 },
  ])('on $points points scores $scores as $easy% easy', ({ scores, points, easy, mean }) => {
    expect(ces(scores, points)).toEqual({ easy, mean, n: scores.length })
  })
})

describe('scales and buckets', () => {
  it.each([
    { type: 'nps' as const, points: undefined, scale: { min: 0, max: 10 } },
    { type: 'csat' as const, points: undefined, scale: { min: 1, max: 5 } },
    { type: 'ces' as const, points: undefined, scale: { min: 1, max: 7 } },
    { type: 'ces' as const, points: 5, scale: { min: 1, max: 5 } },
  ])('$type with $points points runs $scale.min–$scale.max', ({ type, points, scale }) => {
    expect(scaleOf(type, points)).toEqual(scale)
  })

  it.each([
    ['nps', 0, 10, 'detractor'],
    ['nps', 6, 10, 'detractor'],
    ['nps', 7, 10, 'passive'],
    ['nps', 8, 10, 'passive'],
    ['nps', 9, 10, 'promoter'],
    ['nps', 10, 10, 'promoter'],
    ['csat', 3, 5, 'low'],
    ['csat', 4, 5, 'high'],
    ['ces', 4, 7, 'low'],
    ['ces', 5, 7, 'high'],
    ['ces', 3, 5, 'low'],
    ['ces', 4, 5, 'high'],
  ] as const)('%s %i of %i is %s', (type, score, max, bucket) => {
    expect(bucketOf(type, score, { min: type === 'nps' ? 0 : 1, max })).toBe(bucket)
  })
})
