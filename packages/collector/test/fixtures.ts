import { randomInt, randomUUID } from 'node:crypto'
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

export const envelope = (responses: unknown[], events?: unknown[]) => ({ v: 1, sentAt: new Date().toISOString(), responses, ...(events && { events }) })

/** A valid event record (a prompt shown, by default); `patch` changes any field. */
export function event(patch: Record<string, unknown> = {}) {
  return {
    id: randomUUID(),
    kind: 'shown',
    surveyId: 'nps-survey',
    type: 'nps',
    touchpoint: 'checkout',
    stage: 'purchase',
    at: '2026-11-20T09:59:00.000Z',
    trigger: 'event:checkout_completed',
    page: { url: 'https://shop.test/checkout', path: '/checkout' },
    visitor: { anonymousId: 'a-1' },
    device: 'desktop',
    locale: 'en-US',
    ...patch,
  }
}

export const CES5 = { min: 1, max: 5 }

/**
 * Every type and scale, with the answers either side of each bucket edge: NPS 6/7 and 8/9,
 * CSAT 3/4, CES-7 4/5, CES-5 3/4. The figures they make are worked out by hand in
 * stats.test.ts (and shown by the dashboard in e2e/dashboard.test.ts).
 */
export const HAND_COMPUTED = [
  // checkout, purchase — NPS 0 6 7 8 9 10 9: promoters 3 (9 10 9), passives 2 (7 8), detractors 2 (0 6)
  ...[0, 6, 7, 8, 9, 10, 9].map((score) => response({ type: 'nps', score, touchpoint: 'checkout', stage: 'purchase', surveyId: 'checkout-nps' })),
  // delivery, retention — CSAT 3 4 5 1 4 2: top-2-box 3 of 6, mean 19/6
  ...[3, 4, 5, 1, 4, 2].map((score) => response({ type: 'csat', score, touchpoint: 'delivery', stage: 'retention', surveyId: 'delivery-csat' })),
  // support, retention — CES-7 4 5 7 1 5 6: easy (5–7) 4 of 6, mean 28/6
  ...[4, 5, 7, 1, 5, 6].map((score) => response({ type: 'ces', score, touchpoint: 'support', stage: 'retention', surveyId: 'support-ces' })),
  // support, retention — CES-5 3 4 5: easy (4–5) 2 of 3, mean 4; a separate row, never mixed with CES-7
  ...[3, 4, 5].map((score) => response({ type: 'ces', scale: CES5, score, touchpoint: 'support', stage: 'retention', surveyId: 'support-ces5' })),
  // onboarding, no stage — NPS 6 7 3: detractors 2 of 3
  ...[6, 7, 3].map((score) => response({ type: 'nps', score, touchpoint: 'onboarding', stage: undefined, surveyId: 'onboarding-nps' })),
]

/** A copy of `list` in a random order (Fisher–Yates). */
export function shuffled<T>(list: T[]): T[] {
  const out = [...list]
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1)
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}
