import type { ResponsePayload, Stage } from '@touchpoint/core'

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32), so that the demo looks the same each time. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface Touchpoint {
  touchpoint: string
  stage: Stage
  type: 'nps' | 'csat' | 'ces'
  max: number
  /** Relative weight of each score from the scale's minimum up, at the start of the period … */
  from: number[]
  /** … and at its end: the demo's journey gets better over time, unevenly. */
  to: number[]
  perDay: number
}

const JOURNEY: Touchpoint[] = [
  { touchpoint: 'search', stage: 'consideration', type: 'ces', max: 7, from: [2, 3, 5, 8, 12, 10, 6], to: [1, 2, 3, 6, 12, 13, 9], perDay: 6 },
  { touchpoint: 'product-page', stage: 'consideration', type: 'csat', max: 5, from: [2, 3, 8, 14, 10], to: [1, 2, 6, 14, 14], perDay: 5 },
  { touchpoint: 'checkout', stage: 'purchase', type: 'nps', max: 10, from: [2, 1, 1, 2, 2, 3, 4, 8, 10, 11, 9], to: [1, 1, 1, 1, 1, 2, 3, 7, 10, 14, 14], perDay: 9 },
  { touchpoint: 'payment', stage: 'purchase', type: 'ces', max: 7, from: [3, 3, 4, 6, 9, 9, 6], to: [1, 1, 2, 4, 9, 12, 11], perDay: 4 },
  { touchpoint: 'delivery', stage: 'retention', type: 'csat', max: 5, from: [4, 4, 7, 12, 10], to: [3, 3, 6, 12, 12], perDay: 5 },
  { touchpoint: 'support-chat', stage: 'retention', type: 'ces', max: 5, from: [4, 5, 7, 10, 6], to: [2, 3, 6, 11, 10], perDay: 2 },
  { touchpoint: 'account', stage: 'advocacy', type: 'nps', max: 10, from: [1, 1, 1, 2, 2, 4, 5, 9, 11, 9, 7], to: [1, 1, 1, 1, 2, 3, 5, 9, 11, 11, 9], perDay: 3 },
]

// What customers say at each touchpoint, when pleased and when not.
const COMMENTS: Record<string, [good: string[], bad: string[]]> = {
  search: [['Found exactly what I needed in seconds.', 'Filters by size are really handy.'], ['Search results were noisy for "desk lamp".', 'No results for "lampshade" although you sell them.']],
  'product-page': [['Clear photos and honest dimensions.', 'Loved the reviews section.'], ['The size guide is confusing.', 'Not sure if it ships to Switzerland.']],
  checkout: [['Checkout took less than a minute. Love it.', 'Great prices and the site is fast.'], ["Couldn't apply my discount code.", 'Shipping costs were a surprise at the end.']],
  payment: [['Paying with Apple Pay was effortless.', 'Smooth, no redirect to the bank.'], ['Payment failed twice before it went through.', '3-D Secure page timed out.']],
  delivery: [['Delivery arrived a day early!', 'Tracking updates were spot on.'], ['The parcel was late and nobody told me.', 'Box was damaged, lamp fine though.']],
  'support-chat': [['Support sorted my issue in one message.', 'Friendly and quick, thank you Marta!'], ['Had to explain my problem three times.', 'Waited 20 minutes for a reply.']],
  account: [['Would recommend to friends, already did.', 'Reliable shop, fair returns.'], ['Too many marketing emails.', 'Returns took two weeks to refund.']],
}

/**
 * A quarter of realistic answers (about 34 a day up to `now`) over a small shop's journey:
 * every type and scale, five stages, a few comments. For the dashboard's screenshot and demo.
 */
export function demoAnswers(now = Date.now(), days = 90, seed = 7): ResponsePayload[] {
  const rnd = random(seed)
  const out: ResponsePayload[] = []
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(rnd() * 16).toString(16)).join('')
  for (let d = days - 1; d >= 0; d--) {
    const progress = 1 - d / (days - 1)
    const weekend = new Date(now - d * 86_400_000).getUTCDay() % 6 === 0
    for (const tp of JOURNEY) {
      const count = Math.round(tp.perDay * (weekend ? 0.6 : 1) * (0.6 + rnd() * 0.8))
      const weights = tp.from.map((w, i) => w + (tp.to[i]! - w) * progress)
      const total = weights.reduce((a, b) => a + b, 0)
      for (let k = 0; k < count; k++) {
        let pick = rnd() * total
        let i = 0
        while (pick > weights[i]! && i < weights.length - 1) pick -= weights[i++]!
        const min = tp.type === 'nps' ? 0 : 1
        const score = min + i
        const answeredAt = new Date(now - d * 86_400_000 - Math.floor(rnd() * 86_400_000 * (d === 0 ? 0.5 : 1)))
        const [good, bad] = COMMENTS[tp.touchpoint]!
        const pool = (score - min) / (tp.max - min) >= 0.6 ? good : bad
        out.push({
          id: `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`,
          surveyId: `${tp.touchpoint}-${tp.type}`,
          type: tp.type,
          scale: { min, max: tp.max },
          score,
          ...(rnd() < 0.2 && { comment: pool[Math.floor(rnd() * pool.length)]! }),
          touchpoint: tp.touchpoint,
          stage: tp.stage,
          answeredAt: answeredAt.toISOString(),
          locale: rnd() < 0.7 ? 'en-US' : 'it-IT',
          trigger: `event:${tp.touchpoint.replace('-', '_')}_viewed`,
          page: { url: `https://shop.example.com/${tp.touchpoint}`, path: `/${tp.touchpoint}` },
          visitor: { anonymousId: hex(16) },
          device: rnd() < 0.55 ? 'mobile' : 'desktop',
        })
      }
    }
  }
  return out
}

/**
 * The prompts behind demo answers, for the response rates and the fatigue card: each answer's
 * own prompt, and for some, prompts its visitor saw before it and dismissed or left. How many
 * follows the touchpoint (some ask more often than others answer) and the answer's id, so that
 * the demo looks the same each time. Ids are made from the answer's, with another version digit.
 */
export function demoEvents(answers: readonly ResponsePayload[]) {
  const out: Record<string, unknown>[] = []
  answers.forEach((a, i) => {
    const at = Date.parse(a.answeredAt)
    const base = { surveyId: a.surveyId, type: a.type, touchpoint: a.touchpoint, stage: a.stage, trigger: a.trigger, page: a.page, visitor: a.visitor, device: a.device, locale: a.locale }
    const id = (n: number) => `${a.id.slice(0, 14)}${n}${a.id.slice(15)}`
    out.push({ ...base, id: id(1), kind: 'shown', at: new Date(at - 20_000).toISOString() })
    // 0–3 earlier prompts, more at touchpoints deeper in the journey; every other one dismissed.
    const earlier = (i + a.touchpoint.length) % (2 + (a.touchpoint.length % 3))
    for (let k = 0; k < earlier; k++) {
      const shownAt = at - (k + 1) * 3_600_000
      out.push({ ...base, id: id(2 + 2 * k), kind: 'shown', at: new Date(shownAt).toISOString() })
      if (k % 2 === 0) out.push({ ...base, id: id(3 + 2 * k), kind: 'dismissed', at: new Date(shownAt + 5_000).toISOString() })
    }
  })
  return out
}
