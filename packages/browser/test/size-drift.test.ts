import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ALWAYS_LOADED, alwaysLoadedProblem, change, documentedSizes } from '../../../.ci/size-drift.mjs'

// `npm run size` against docs/performance.md: what it reads there and when it fails.

describe('documentedSizes', () => {
  it('reads the min+gzip figure of each row of the budget table, in bytes', () => {
    const table = [
      '| what | measured | budget |',
      '| --- | --- | --- |',
      '| always-loaded (loader + runtime), min+gzip | 5.96 KB (brotli 5.36 KB, min 14.00 KB) | ≤ 6.00 KB |',
      '| UI chunk + the heaviest language (ja), min+gzip | 12.44 KB (brotli 11.13 KB, min 30.32 KB) | — |',
      '| lease lock (browsers without Web Locks only), min+gzip | 0.25 KB (brotli 0.21 KB, min 0.35 KB) | — |',
      '| script time until Touchpoint is ready | 4.4 ms / 3.6 ms | "a few ms" |',
    ].join('\n')
    expect(documentedSizes(table)).toEqual({
      'always-loaded (loader + runtime)': 5960,
      'UI chunk + the heaviest language (ja)': 12440,
      'lease lock (browsers without Web Locks only)': 250,
    })
  })

  it('finds the always-loaded figure in the real docs/performance.md', () => {
    const doc = readFileSync(join(process.cwd(), 'docs/performance.md'), 'utf8')
    expect(documentedSizes(doc)[ALWAYS_LOADED]).toBeGreaterThan(0)
  })
})

describe('change', () => {
  it.each([
    [20, '+0.02 KB'],
    [-400, '-0.40 KB'],
    [0, '±0.00 KB'],
    [4, '±0.00 KB'],
    [1234, '+1.23 KB'],
  ])('%i bytes → %s', (bytes, text) => {
    expect(change(bytes)).toBe(text)
  })
})

describe('alwaysLoadedProblem', () => {
  it.each([
    // measured, documented in the working tree, passes?
    [5970, 5960, true], // grew 0.01 KB
    [6060, 5960, true], // grew exactly 0.1 KB
    [6061, 5960, false], // grew more than 0.1 KB, the table says 5.96: not updated
    [6061, 6060, true], // the same change wrote 6.06 KB in the table (rounded to 0.01 KB)
    [5500, 5960, true], // shrank: never a problem
    [5960, undefined, false], // no figure to compare with
  ])('measured %i bytes, documented %s: passes %s', (measured, documented, passes) => {
    expect(alwaysLoadedProblem(measured, documented) === undefined).toBe(passes)
  })

  it('says by how much, against what, and how to put it right', () => {
    expect(alwaysLoadedProblem(6200, 5960)).toBe(
      'always-loaded (loader + runtime) grew by 0.24 KB beyond the 5.96 KB that docs/performance.md gives (more than 0.10 KB): every page pays for it. ' +
        'If it is worth it, update the budget table in the same change (npm run bench rewrites it, or write 6.20 KB in its row)',
    )
  })
})
