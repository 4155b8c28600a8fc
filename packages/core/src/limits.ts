/**
 * The longest value of each response field that a collector must accept, in UTF-16 code units
 * (JavaScript's `length`); `attributes` counts the characters of its JSON. The SDK never sends
 * more: it trims or leaves out what is longer, so that no answer is refused for a long URL.
 * The reference collector rejects a record over any of them.
 */
export const RESPONSE_LIMITS = {
  comment: 5000,
  touchpoint: 64,
  locale: 35,
  trigger: 200,
  url: 2048,
  path: 2048,
  referrer: 2048,
  anonymousId: 100,
  userId: 200,
  attributes: 4096,
} as const
