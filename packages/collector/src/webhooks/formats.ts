import type { ResponsePayload } from '@touchpoint/core'

/** How a webhook's body is written: the answer as JSON, or a chat message. */
export const FORMATS = ['json', 'slack'] as const
export type Format = (typeof FORMATS)[number]

/** What a delivery is about: a stored answer, or the sample that `POST /v1/webhooks/:id/test` sends. */
export type WebhookEvent = 'answer' | 'test'

/** Longest comment quoted in a chat message; the JSON format always carries it whole. */
const MAX_QUOTE = 500

/**
 * Text from an answer made inert in a Slack or Mattermost message: `&`, `<` and `>` escaped as
 * Slack asks (both render the entities as the characters), so `<!channel>` or a `<url|label>`
 * link typed into a comment stays text; an `@` followed by a word gets a word joiner (U+2060, which
 * shows as nothing), so `@channel` in a comment pings no one on Mattermost; so do `![` and `](`,
 * so that Mattermost's Markdown makes no image (which would be fetched from anywhere) or link
 * with a label of the customer's choosing; line breaks become spaces. Backslash escapes would
 * show as backslashes in Slack.
 */
function inert(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@(?=\w)|!(?=\[)|\](?=\()/g, '$&\u2060')
    .replace(/\s+/g, ' ')
    .trim()
}

const score = (a: ResponsePayload) => (a.type === 'nps' ? `NPS ${a.score}` : `${a.type.toUpperCase()} ${a.score}/${a.scale.max}`)

/**
 * One answer as a line for a chat channel:
 * `NPS 3 at checkout (purchase): 'Payment failed twice' — plan pro, mobile`. After the dash:
 * the user id when the visitor was identified, the visitor's attributes, the device.
 */
export function slackText(a: ResponsePayload): string {
  let text = `${score(a)} at ${inert(a.touchpoint)}${a.stage ? ` (${inert(a.stage)})` : ''}`
  const comment = a.comment?.trim()
  if (comment) text += `: '${inert(comment.length > MAX_QUOTE ? `${comment.slice(0, MAX_QUOTE - 1)}…` : comment)}'`
  const details = [
    a.visitor?.userId && `user ${a.visitor.userId}`,
    ...Object.entries(a.visitor?.attributes ?? {})
      .filter(([, v]) => ['string', 'number', 'boolean'].includes(typeof v))
      .map(([k, v]) => `${k} ${v}`),
    a.device,
  ].filter(Boolean) as string[]
  if (details.length) text += ` — ${inert(details.join(', '))}`
  return text
}

/**
 * The body of one delivery. `json`: the answer as the SDK sent it, plus `event`, `webhook` (its
 * id) and `delivery` (the id in the Touchpoint-Delivery header, the same on every retry).
 * `slack`: an incoming-webhook message for Slack or Mattermost, `{ "text": … }`.
 */
export function deliveryBody(format: Format, ids: { event: WebhookEvent; webhook: string; delivery: string }, answer: ResponsePayload): string {
  if (format === 'slack') return JSON.stringify({ text: `${ids.event === 'test' ? 'Test from Touchpoint: ' : ''}${slackText(answer)}` })
  return JSON.stringify({ event: ids.event, webhook: ids.webhook, delivery: ids.delivery, ...answer })
}

/** The made-up answer a test delivery carries: a detractor with a comment, as an alert would show it. */
export function sampleAnswer(id: string, now: number): ResponsePayload {
  return {
    id,
    surveyId: 'checkout-nps',
    type: 'nps',
    scale: { min: 0, max: 10 },
    score: 3,
    comment: 'Payment failed twice',
    touchpoint: 'checkout',
    stage: 'purchase',
    answeredAt: new Date(now).toISOString(),
    locale: 'en-US',
    trigger: 'event:checkout_completed',
    page: { url: 'https://shop.example.com/checkout', path: '/checkout' },
    visitor: { anonymousId: '00000000-0000-4000-8000-000000000000', attributes: { plan: 'pro' } },
    device: 'mobile',
  }
}
