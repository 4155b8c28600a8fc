import { describe, expect, it } from 'vitest'
import { configProblems, MAX_CONFIG_DEPTH } from '@touchpoint/core'
import { designSurvey } from './fixtures.js'

const good = designSurvey

describe('configProblems', () => {
  it('is empty for a valid config', () => {
    expect(configProblems({ surveys: [good], globalCooldownDays: 7 })).toEqual([])
  })

  it('gives every problem its path from the root, in the checker’s words', () => {
    const problems = configProblems({
      surveys: [
        good,
        { ...good, id: 'broken', type: 'nsp', triggers: [{ on: 'event' }, { on: 'scroll', percent: 150 }] },
        { ...good, id: 'other', audience: { attributes: { 'my plan': { gt: 'x' } } }, question: { en: '' } },
      ],
      globalCooldownDays: -1,
    })
    expect(problems).toEqual([
      { path: 'globalCooldownDays', message: 'globalCooldownDays must be a number ≥ 0 (got -1)' },
      { path: 'surveys[1].type', message: 'type must be one of nps, csat, ces (got "nsp")' },
      { path: 'surveys[1].triggers[0].event', message: 'triggers[0].event is required for "event" (got nothing)' },
      { path: 'surveys[1].triggers[1].percent', message: 'triggers[1].percent must be a number from 1 to 100 (got 150)' },
      { path: 'surveys[2].question.en', message: 'question.en must be a text of 1–500 characters (got "")' },
      // A key with a space in it keeps its place in the path.
      { path: 'surveys[2].audience.attributes.my plan.gt', message: 'audience.attributes.my plan.gt must be a number (got "x")' },
    ])
  })

  it('points at the second of two surveys with one id, not the first', () => {
    expect(configProblems({ surveys: [good, { ...good, stage: 'buy' }] })).toEqual([
      { path: 'surveys[1].id', message: 'id is used by an earlier survey' },
      { path: 'surveys[1].stage', message: 'stage must be one of awareness, consideration, purchase, retention, advocacy (got "buy")' },
    ])
  })

  it.each([
    [{ surveys: [good, 42] }, [{ path: 'surveys[1]', message: 'surveys[1] must be an object (got 42)' }]],
    [{ surveys: {} }, [{ path: 'surveys', message: 'surveys must be an array of surveys (got {})' }]],
    // The config itself is not an object: the problem is the whole config's (path ''), not its surveys field's.
    [null, [{ path: '', message: 'the config has to be an object: { "surveys": [ … ] } (got null)' }]],
    [[{ id: 'x' }], [{ path: '', message: 'the config has to be an object: { "surveys": [ … ] } (got an array)' }]],
    [{ surveys: [{ ...good, followUp: 3 }] }, [{ path: 'surveys[0].followUp', message: 'followUp must be true, false, a text or a { "locale": "text" } map (got 3)' }]],
    [{ surveys: [], cooldown: 3 }, [{ path: 'cooldown', message: 'cooldown is not a known field (did you mean globalCooldownDays?)' }]],
    [{ surveys: [{ ...good, status: 'on' }] }, [{ path: 'surveys[0].status', message: 'status must be one of live, paused, draft (got "on")' }]],
  ])('places %j', (input, problems) => {
    expect(configProblems(input)).toEqual(problems)
  })

  it('counts a text in characters, an emoji as one, as the JSON Schema does', () => {
    expect(configProblems({ surveys: [{ ...good, question: '🙂'.repeat(500) }] })).toEqual([])
    expect(configProblems({ surveys: [{ ...good, question: '🙂'.repeat(501) }] })).toEqual([
      { path: 'surveys[0].question', message: `question must be a text of 1–500 characters (got "${'🙂'.repeat(60)}…", 501 characters)` },
    ])
  })

  it('refuses a config nested deeper than any config needs, without overflowing the stack', () => {
    let not: unknown = { contains: 'x' }
    for (let i = 0; i < 200_000; i++) not = { not }
    const deep = { surveys: [{ ...good, audience: { url: not } }] }
    expect(configProblems(deep)).toEqual([{ path: '', message: `the config nests more than ${MAX_CONFIG_DEPTH} levels deep` }])
  })
})
