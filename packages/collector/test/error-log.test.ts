import { describe, expect, it } from 'vitest'
import { boundedLog } from '../src/error-log.js'

describe('boundedLog', () => {
  it('writes one line per kind per interval, and counts the ones it held back', () => {
    let now = 0
    const lines: string[] = []
    const log = boundedLog({ intervalMs: 60_000, now: () => now, write: (l) => lines.push(l) })
    for (let i = 0; i < 1000; i++) log('disk full', 'disk full')
    log('other', 'other')
    now = 59_999
    log('disk full', 'disk full')
    now = 60_000
    log('disk full', 'disk full again')
    now = 130_000
    log('disk full', 'and again')
    expect(lines).toEqual(['disk full', 'other', 'disk full again (1000 more like it were not logged in the last 60 s)', 'and again'])
  })
})
