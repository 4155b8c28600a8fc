import { randomUUID } from 'node:crypto'
import type { ResponsePayload } from '@touchpoint/core'

/** A valid response; `patch` changes any field. */
export function response(patch: Partial<ResponsePayload> = {}): ResponsePayload {
  const type = patch.type ?? 'nps'
  return {
    id: randomUUID(),
    surveyId: `${type}-survey`,
    type,
    scale: type === 'nps' ? { min: 0, max: 10 } : type === 'csat' ? { min: 1, max: 5 } : { min: 1, max: 7 },
    score: type === 'nps' ? 9 : 4,
    touchpoint: 'checkout',
    stage: 'purchase',
    answeredAt: '2026-11-20T10:00:00.000Z',
    locale: 'en-US',
    trigger: 'event:checkout_completed',
    page: { url: 'https://shop.test/checkout', path: '/checkout' },
    visitor: { anonymousId: 'a-1' },
    device: 'desktop',
    ...patch,
  }
}

export const envelope = (responses: unknown[]) => ({ v: 1, sentAt: new Date().toISOString(), responses })
