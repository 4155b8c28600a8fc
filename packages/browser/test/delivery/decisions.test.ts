import { describe, expect, it } from 'vitest'
import { backoff, BACKOFF_BASE_MS, BACKOFF_CAP_MS } from '../../src/delivery/backoff.js'
import { beaconChunks } from '../../src/delivery/beacon-chunks.js'
import { migrate } from '../../src/delivery/migrate.js'
import { isOld } from '../../src/types.js'
import { outcomeOf } from '../../src/delivery/outcome.js'
import { plan } from '../../src/delivery/plan.js'
import { retryAfter, RETRY_AFTER_CAP_MS } from '../../src/delivery/retry-after.js'
import type { AnswerRecord } from '../../src/types.js'

const DAY = 864e5

describe('outcomeOf (the status policy)', () => {
  it.each([
    [200, 'delivered'], [201, 'delivered'], [202, 'delivered'], [204, 'delivered'], [299, 'delivered'],
    [408, 'retry'], [429, 'retry'], [500, 'retry'], [502, 'retry'], [503, 'retry'], [504, 'retry'], [599, 'retry'],
    [400, 'drop'], [401, 'drop'], [403, 'drop'], [404, 'drop'], [405, 'drop'], [409, 'drop'], [413, 'drop'], [415, 'drop'], [422, 'drop'],
    [undefined, 'retry'], [0, 'retry'], [304, 'retry'],
  ] as const)('%s → %s', (status, outcome) => {
    expect(outcomeOf(status)).toBe(outcome)
  })
})

describe('backoff', () => {
  it.each([
    [1, BACKOFF_BASE_MS],
    [2, 2 * BACKOFF_BASE_MS],
    [3, 4 * BACKOFF_BASE_MS],
    [9, 256 * BACKOFF_BASE_MS],
    [30, BACKOFF_CAP_MS],
    [1000, BACKOFF_CAP_MS],
  ])('after %i failures waits in [0, %i) ms', (attempts, ceiling) => {
    expect(backoff(attempts, 0)).toBe(0)
    expect(backoff(attempts, 0.999999)).toBeLessThan(ceiling)
    expect(backoff(attempts, 0.999999)).toBeGreaterThanOrEqual(Math.floor(ceiling * 0.999))
  })

  it('spreads retries over the whole window (full jitter)', () => {
    const waits = Array.from({ length: 2000 }, () => backoff(4))
    expect(Math.min(...waits)).toBeLessThan(800)
    expect(Math.max(...waits)).toBeGreaterThan(7200)
    expect(Math.max(...waits)).toBeLessThan(8000)
  })
})

describe('retryAfter', () => {
  const now = Date.parse('2026-11-23T10:00:00Z')
  it.each([
    ['120', 120_000],
    [' 5 ', 5000],
    ['0', 0],
    ['Mon, 23 Nov 2026 10:01:30 GMT', 90_000],
    ['Mon, 23 Nov 2026 09:00:00 GMT', 0],
    ['86400', RETRY_AFTER_CAP_MS],
    ['Tue, 24 Nov 2026 10:00:00 GMT', RETRY_AFTER_CAP_MS],
    [null, undefined],
    ['', undefined],
    ['soon', undefined],
  ])('%j → %s ms', (header, ms) => {
    expect(retryAfter(header, now)).toBe(ms)
  })
})

const rec = (id: string, patch: Partial<AnswerRecord> = {}): AnswerRecord => ({
  v: 4,
  id,
  payload: { id } as never,
  attempts: 0,
  nextAttemptAt: 0,
  firstQueuedAt: 0,
  ...patch,
})

describe('plan', () => {
  const now = 100 * DAY
  const limits = { maxAgeDays: 30, maxSize: 3 }

  it('sends what is due, oldest first, and says when the rest is due', () => {
    const p = plan([rec('b', { firstQueuedAt: now - 2 }), rec('a', { firstQueuedAt: now - 3 }), rec('c', { firstQueuedAt: now - 1, nextAttemptAt: now + 5000 })], now, limits)
    expect(p.due.map((r) => r.id)).toEqual(['a', 'b'])
    expect([...p.expired, ...p.full]).toEqual([])
    expect(p.nextAt).toBe(now + 5000)
  })

  it('sends records still in backoff when forced', () => {
    expect(plan([rec('a', { firstQueuedAt: now, nextAttemptAt: now + 1 })], now, limits, true).due).toHaveLength(1)
  })

  it('sends at once a record set to wait longer than any backoff or Retry-After (the clock went back since)', () => {
    const p = plan([rec('back', { firstQueuedAt: now, nextAttemptAt: now + RETRY_AFTER_CAP_MS + 1 }), rec('paused', { firstQueuedAt: now, nextAttemptAt: now + RETRY_AFTER_CAP_MS })], now, limits)
    expect(p.due.map((r) => r.id)).toEqual(['back'])
    expect(p.nextAt).toBe(now + RETRY_AFTER_CAP_MS)
  })

  it('evicts records older than maxQueueAge', () => {
    const p = plan([rec('old', { firstQueuedAt: now - 31 * DAY }), rec('new', { firstQueuedAt: now - 29 * DAY })], now, limits)
    expect(p.expired.map((r) => r.id)).toEqual(['old'])
    expect(p.full).toEqual([])
    expect(p.due.map((r) => r.id)).toEqual(['new'])
  })

  it('evicts the oldest beyond maxQueueSize', () => {
    const p = plan(['a', 'b', 'c', 'd', 'e'].map((id, i) => rec(id, { firstQueuedAt: now - 10 + i })), now, limits)
    expect(p.full.map((r) => r.id)).toEqual(['a', 'b'])
    expect(p.expired).toEqual([])
    expect(p.due.map((r) => r.id)).toEqual(['c', 'd', 'e'])
  })
})

describe('migrate', () => {
  const payload = { id: 'x', surveyId: 's' } as never
  const shaped = { id: 'x', surveyId: 's', shaped: true } as never
  const outgoing = () => shaped

  it('upgrades a version 1 record, keeping its age, its answer trimmed and redacted', () => {
    expect(migrate({ v: 1, id: 'x', payload, queuedAt: 1234 }, outgoing)).toEqual({
      v: 4, id: 'x', payload: shaped, attempts: 0, nextAttemptAt: 0, firstQueuedAt: 1234,
    })
  })

  it('upgrades a version 2 record (answer not yet trimmed), keeping its attempts', () => {
    expect(migrate({ ...rec('x', { attempts: 2 }), v: 2, payload }, outgoing)).toEqual({ ...rec('x', { attempts: 2 }), v: 4, payload: shaped })
  })

  it('keeps a current record as it is', () => {
    const r = rec('x', { attempts: 3 })
    expect(migrate(r, outgoing)).toBe(r)
  })

  it('upgrades a version 3 record (event not yet trimmed), keeping its attempts', () => {
    const event = { id: 'e', kind: 'shown' }
    expect(migrate({ ...rec('e', { attempts: 1 }), v: 3, payload: event }, outgoing)).toEqual({ ...rec('e', { attempts: 1 }), v: 4, payload: shaped })
  })

  it.each([{ v: 99, id: 'future' }, undefined, 'junk'])('leaves %j alone: it is not understood', (stored) => {
    expect(migrate(stored, outgoing)).toBeUndefined()
  })

  it.each([
    [{ v: 1 }, true],
    [{ v: 2 }, true],
    [{ v: 3 }, true],
    [{ v: 4 }, false],
    [{ v: 99 }, false],
    [undefined, false],
    ['junk', false],
  ])('isOld(%j) is %s', (stored, old) => {
    expect(isOld(stored)).toBe(old)
  })
})

describe('beaconChunks', () => {
  const body = (items: string[]) => JSON.stringify({ v: 1, responses: items })

  it('groups items under the byte limit, in order', () => {
    const items = Array.from({ length: 10 }, (_, i) => `item-${i}-${'x'.repeat(80)}`)
    const chunks = beaconChunks(items, body, 400)
    expect(chunks.flat()).toEqual(items)
    for (const c of chunks) expect(new TextEncoder().encode(body(c)).length).toBeLessThanOrEqual(400)
    expect(chunks.length).toBeGreaterThan(2)
  })

  it('counts bytes, not characters', () => {
    const items = ['ééééééééééééééééééééééééé', 'ééééééééééééééééééééééééé']
    expect(beaconChunks(items, body, 80)).toEqual([[items[0]], [items[1]]])
  })

  it('halves a group that a transform made too large', () => {
    const bloated = (items: string[]) => JSON.stringify(items.map((i) => i.repeat(items.length)))
    const items = ['aaaa', 'bbbb', 'cccc', 'dddd']
    const chunks = beaconChunks(items, bloated, 40)
    expect(chunks.flat()).toEqual(items)
    for (const c of chunks) expect(bloated(c).length).toBeLessThanOrEqual(40)
  })

  it('leaves out an item too large on its own', () => {
    expect(beaconChunks(['small', 'x'.repeat(500), 'tiny'], body, 100)).toEqual([['small', 'tiny']])
  })
})
