import { describe, expect, it } from 'vitest'
import { droppedMessage, failingMessage } from '../../src/delivery/messages.js'
import type { Dropped } from '../../src/delivery/messages.js'

const base = { url: 'https://c.test/v1/responses', maxAgeDays: 30, maxSize: 500 }

describe('droppedMessage', () => {
  it.each<[Partial<Dropped>, string]>([
    [{ count: 1, reason: 'rejected', status: 404 }, '1 answer dropped: the collector at https://c.test/v1/responses answered HTTP 404; check the collector URL (init option collector)'],
    [{ count: 3, reason: 'rejected', status: 405 }, '3 answers dropped: the collector at https://c.test/v1/responses answered HTTP 405; check the collector URL (init option collector)'],
    [{ count: 2, reason: 'rejected', status: 401 }, '2 answers dropped: the collector at https://c.test/v1/responses answered HTTP 401; check collector.headers and the origins the collector allows'],
    [{ count: 2, reason: 'rejected', status: 403 }, '2 answers dropped: the collector at https://c.test/v1/responses answered HTTP 403; check collector.headers and the origins the collector allows'],
    [{ count: 1, reason: 'rejected', status: 413 }, '1 answer dropped: the collector at https://c.test/v1/responses answered HTTP 413; the answer alone is larger than the collector accepts'],
    [{ count: 4, reason: 'rejected', status: 400 }, '4 answers dropped: the collector at https://c.test/v1/responses answered HTTP 400; check that it speaks the Touchpoint protocol (docs/collector-protocol.md), or your collector.transform'],
    [
      { count: 1, reason: 'rejected', status: 200, reasons: { 'id-1': 'score 11 is outside the nps scale 0–10' } },
      '1 answer dropped: the collector at https://c.test/v1/responses rejected it: id-1: score 11 is outside the nps scale 0–10',
    ],
    [
      { count: 2, reason: 'rejected', status: 200, reasons: { a: 'x', b: 'y' } },
      '2 answers dropped: the collector at https://c.test/v1/responses rejected them: a: x; b: y',
    ],
    [{ count: 2, reason: 'expired', lastError: 'HTTP 503' }, '2 answers dropped: older than maxQueueAge (30 days), last error HTTP 503; check that the collector at https://c.test/v1/responses is reachable and answers 2xx'],
    [
      { count: 0, events: 1, reason: 'rejected', status: 200, reasons: { e: 'kind must be shown or dismissed' } },
      '1 prompt event dropped: the collector at https://c.test/v1/responses rejected it: e: kind must be shown or dismissed',
    ],
    [{ count: 1, events: 2, reason: 'rejected', status: 400 }, '1 answer and 2 prompt events dropped: the collector at https://c.test/v1/responses answered HTTP 400; check that it speaks the Touchpoint protocol (docs/collector-protocol.md), or your collector.transform'],
    [{ count: 0, events: 3, reason: 'expired' }, '3 prompt events dropped: older than maxQueueAge (30 days); check that the collector at https://c.test/v1/responses is reachable and answers 2xx'],
    [{ count: 1, reason: 'queue full' }, '1 answer dropped: beyond maxQueueSize (500); check that the collector at https://c.test/v1/responses is reachable and answers 2xx'],
  ])('%j', (dropped, message) => {
    expect(droppedMessage({ ...base, ...dropped } as Dropped)).toBe(message)
  })
})

describe('failingMessage', () => {
  it('says how often it failed and how', () => {
    expect(failingMessage('https://c.test/v1/responses', 3, 'Failed to fetch')).toBe(
      'the collector at https://c.test/v1/responses keeps failing: 3 attempts, last error Failed to fetch; answers stay queued and are retried',
    )
  })
})
