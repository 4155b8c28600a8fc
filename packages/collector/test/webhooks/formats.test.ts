import { describe, expect, it } from 'vitest'
import { deliveryBody, sampleAnswer, slackText } from '../../src/webhooks/formats.js'
import { response } from '../fixtures.js'

describe('slackText', () => {
  it.each([
    [
      'a detractor with a comment, plan and device',
      response({ score: 3, comment: 'Payment failed twice', device: 'mobile', visitor: { anonymousId: 'a', attributes: { plan: 'pro' } } }),
      "NPS 3 at checkout (purchase): 'Payment failed twice' — plan pro, mobile",
    ],
    ['no comment, no stage', response({ score: 9, stage: undefined }), 'NPS 9 at checkout — desktop'],
    ['CSAT on its scale', response({ type: 'csat', score: 2 }), 'CSAT 2/5 at checkout (purchase) — desktop'],
    ['CES on 5 points', response({ type: 'ces', scale: { min: 1, max: 5 }, score: 4 }), 'CES 4/5 at checkout (purchase) — desktop'],
    [
      'an identified visitor',
      response({ score: 0, visitor: { anonymousId: 'a', userId: 'u-42', attributes: { plan: 'pro', seats: 12, nested: { x: 1 } } } }),
      'NPS 0 at checkout (purchase) — user u-42, plan pro, seats 12, desktop',
    ],
    [
      'markup and mentions typed into a comment, which stay text',
      response({ score: 1, comment: '<!channel> @here see <https://evil.test|this> & co\nnow' }),
      "NPS 1 at checkout (purchase): '&lt;!channel&gt; @\u2060here see &lt;https://evil.test|this&gt; &amp; co now' — desktop",
    ],
    [
      'Markdown links and images typed into a comment, which Mattermost shows as text',
      response({ score: 2, comment: '![](https://track.test/p.png) [Reset password](https://phish.test) [a] (b) !x' }),
      "NPS 2 at checkout (purchase): '!\u2060[]\u2060(https://track.test/p.png) [Reset password]\u2060(https://phish.test) [a] (b) !x' — desktop",
    ],
  ])('%s', (_, answer, text) => {
    expect(slackText(answer)).toBe(text)
  })

  it('quotes at most 500 characters of a comment', () => {
    const text = slackText(response({ comment: 'x'.repeat(2000) }))
    expect(text).toContain(`'${'x'.repeat(499)}…'`)
  })
})

describe('deliveryBody', () => {
  const ids = { event: 'answer' as const, webhook: 'w-1', delivery: 'd-1' }
  it('is the answer plus event, webhook and delivery in json', () => {
    const a = response()
    expect(JSON.parse(deliveryBody('json', ids, a))).toEqual({ event: 'answer', webhook: 'w-1', delivery: 'd-1', ...a })
  })

  it('is a { text } message in slack, marked when it is a test', () => {
    const a = sampleAnswer('00000000-0000-4000-8000-000000000001', Date.UTC(2026, 10, 20))
    expect(JSON.parse(deliveryBody('slack', { ...ids, event: 'test' }, a))).toEqual({
      text: "Test from Touchpoint: NPS 3 at checkout (purchase): 'Payment failed twice' — plan pro, mobile",
    })
  })
})
