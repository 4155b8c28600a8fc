import { describe, expect, it } from 'vitest'
import { GIVE_UP_MS, nextAttempt, retryDelay } from '../../src/webhooks/backoff.js'
import { outcomeOf } from '../../src/webhooks/worker.js'

const S = 1000
const H = 3600e3

describe('retryDelay', () => {
  it.each([
    [1, 0, 2.5 * S],
    [1, 0.999999, 5 * S],
    [2, 0, 5 * S],
    [3, 0.5, 15 * S],
    [10, 0, 1280 * S],
    [11, 0, 0.5 * H], // 5 s × 2^10 is past the hour: capped
    [50, 0.999999, H],
  ])('after %i failed attempts, with jitter %f: %i ms', (attempts, random, ms) => {
    expect(retryDelay(attempts, random)).toBeCloseTo(ms, -1)
  })
})

describe('nextAttempt', () => {
  const created = Date.UTC(2026, 10, 20)
  it.each([
    ['soon after the answer', created + 10 * S, 1, created + 10 * S + 2.5 * S],
    ['when the backoff would overshoot the day: at the 24-hour mark', created + GIVE_UP_MS - 60 * S, 20, created + GIVE_UP_MS],
    ['once the day is over: never (failed)', created + GIVE_UP_MS, 30, undefined],
  ])('%s', (_, now, attempts, next) => {
    expect(nextAttempt(created, attempts, now, 0)).toBe(next)
  })
})

describe('outcomeOf', () => {
  const c = { createdAt: Date.UTC(2026, 10, 20), attempts: 1 }
  const now = c.createdAt + 1000
  it.each([
    [{ status: 200 }, { status: 'delivered', httpStatus: 200 }],
    [{ status: 204 }, { status: 'delivered', httpStatus: 204 }],
    [{ status: 500 }, { status: 'pending', httpStatus: 500, error: 'the receiver answered 500', leaveLine: false }],
    [{ status: 429 }, { status: 'pending', httpStatus: 429, error: 'the receiver answered 429', leaveLine: false }],
    [{ status: 408 }, { status: 'pending', httpStatus: 408, error: 'the receiver answered 408', leaveLine: false }],
    [{ status: 400 }, { status: 'pending', httpStatus: 400, error: 'the receiver answered 400', leaveLine: true }],
    [{ status: 301 }, { status: 'pending', httpStatus: 301, error: 'the receiver answered 301: redirects are not followed, point the webhook at the final URL', leaveLine: false }],
    [{ error: 'connection refused' }, { status: 'pending', error: 'connection refused', leaveLine: false }],
    [{ status: 410 }, { status: 'failed', httpStatus: 410, error: 'the receiver answered 410 Gone', disableWebhook: expect.stringContaining('410 Gone') }],
  ])('%j → %j', (result, outcome) => {
    const o = outcomeOf(result, c, now, 0)
    expect(o).toMatchObject(outcome)
    expect(o.nextAttemptAt).toBe(outcome.status === 'pending' ? now + 2500 : undefined)
  })

  it('fails a delivery for good once it has been tried for 24 hours', () => {
    expect(outcomeOf({ status: 503 }, c, c.createdAt + 24 * H, 0)).toEqual({ status: 'failed', httpStatus: 503, error: 'the receiver answered 503', leaveLine: false })
  })
})
