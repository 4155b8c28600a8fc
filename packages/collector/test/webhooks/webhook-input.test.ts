import { describe, expect, it } from 'vitest'
import { readWebhookInput } from '../../src/webhooks/webhook-input.js'

const URL = 'https://hooks.example.com/t'

describe('readWebhookInput', () => {
  it('fills in the defaults of a new webhook', () => {
    expect(readWebhookInput({ url: URL })).toEqual({ input: { url: URL, events: ['answer'], filter: {}, format: 'json', enabled: true } })
  })

  it('takes the detractor-alert recipe', () => {
    const body = { url: URL, events: ['answer'], filter: { type: 'nps', scores: [0, 6], withComment: true }, format: 'slack' }
    expect(readWebhookInput(body)).toEqual({ input: { ...body, enabled: true } })
  })

  it('changes only what a PATCH gives', () => {
    expect(readWebhookInput({ enabled: false }, { partial: true })).toEqual({ input: { enabled: false } })
  })

  it.each([
    [[], 'the body must be a JSON object { url, events, filter, format, enabled } (got [])'],
    [{}, 'url is required: where to POST, like https://hooks.example.com/touchpoint'],
    [{ url: URL, secret: 'x' }, 'secret is not a webhook field: use url, events, filter, format, enabled'],
    [{ url: 'http://hooks.example.com/' }, 'url must start with https:// (got http://…): http is allowed only with --allow-private-webhooks'],
    [{ url: URL, events: [] }, 'events must be a list of one or more of answer (got [])'],
    [{ url: URL, events: ['shown'] }, 'events must be a list of one or more of answer (got ["shown"])'],
    [{ url: URL, format: 'teams' }, 'format must be json or slack (got "teams")'],
    [{ url: URL, format: 'teams\u009b2J' }, 'format must be json or slack (got "teams\\u009b2J")'],
    [{ url: URL, filter: { type: 'nps', scores: JSON.parse('[0, 1e400]') } }, 'filter.scores must be [min, max], whole numbers with min ≤ max on the nps scale 0–10, e.g. [0, 6] (got [0,Infinity])'],
    [{ url: URL, enabled: 'yes' }, 'enabled must be true or false (got "yes")'],
    [{ url: URL, filter: [] }, 'filter must be an object { survey, touchpoint, stage, type, scores, scale, withComment }, each optional (got [])'],
    [{ url: URL, filter: { score: [0, 6] } }, 'filter.score is not a filter: use survey, touchpoint, stage, type, scores, scale, withComment'],
    [{ url: URL, filter: { survey: 'a b' } }, 'filter.survey must be a survey id, 1–64 letters, digits or . _ : - (got "a b")'],
    [{ url: URL, filter: { touchpoint: '' } }, 'filter.touchpoint must be a text of 1–64 characters (got "")'],
    [{ url: URL, filter: { stage: 'checkout' } }, 'filter.stage must be one of awareness, consideration, purchase, retention, advocacy (got "checkout")'],
    [{ url: URL, filter: { type: 'csta' } }, 'filter.type must be one of nps, csat, ces (got "csta")'],
    [{ url: URL, filter: { withComment: 1 } }, 'filter.withComment must be true or false (got 1)'],
    [{ url: URL, filter: { scores: [0, 6] } }, 'filter.scores needs filter.type: a score means something else on NPS (0–10), CSAT (1–5) and CES (1–5 or 1–7)'],
    [{ url: URL, filter: { type: 'nps', scores: [6, 0] } }, 'filter.scores must be [min, max], whole numbers with min ≤ max on the nps scale 0–10, e.g. [0, 6] (got [6,0])'],
    [{ url: URL, filter: { type: 'csat', scores: [0, 2] } }, 'filter.scores must be [min, max], whole numbers with min ≤ max on the csat scale 1–5, e.g. [1, 2] (got [0,2])'],
    [{ url: URL, filter: { type: 'ces', scale: 7, scores: [1, 2.5] } }, 'filter.scores must be [min, max], whole numbers with min ≤ max on the 7-point ces scale 1–7, e.g. [1, 2] (got [1,2.5])'],
    [{ url: URL, filter: { type: 'ces', scale: 5, scores: [4, 6] } }, 'filter.scores must be [min, max], whole numbers with min ≤ max on the 5-point ces scale 1–5, e.g. [1, 2] (got [4,6])'],
    // A CES range means something else on each scale.
    [{ url: URL, filter: { type: 'ces', scores: [1, 4] } }, 'filter.scores on CES needs filter.scale, 5 or 7: a 4 is "agree" (easy) on the 5-point scale and "neutral" on the 7-point one, e.g. { "type": "ces", "scale": 7, "scores": [1, 3] }'],
    [{ url: URL, filter: { type: 'ces', scale: 6 } }, 'filter.scale must be 5 or 7, the points of the CES answers to send (got 6)'],
    [{ url: URL, filter: { type: 'nps', scale: 7 } }, 'filter.scale needs filter.type "ces", the one type that runs on 5 or 7 points (got type "nps")'],
    [{ url: URL, filter: { scale: 5 } }, 'filter.scale needs filter.type "ces", the one type that runs on 5 or 7 points (got no type)'],
  ])('refuses %j: %s', (body, problem) => {
    expect(readWebhookInput(body)).toEqual({ problem })
  })
})
