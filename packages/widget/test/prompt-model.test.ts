import { describe, expect, it } from 'vitest'
import { en, LANGUAGES, loadStrings, promptModel } from '@touchpoint/widget'
import type { Survey } from '@touchpoint/core'

const survey = (patch: Partial<Survey>): Survey => ({ id: 's', type: 'nps', triggers: [{ on: 'pageview' }], ...patch })

describe('promptModel', () => {
  it('gives NPS eleven points named by number, the ends with their labels', () => {
    const m = promptModel(survey({}), en, 'en-US')
    expect(m.options.map((o) => o.name)).toEqual([
      '0 – Not at all likely', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10 – Extremely likely',
    ])
    expect(m.ends).toEqual(['Not at all likely', 'Extremely likely'])
    expect(m.question).toBe(en.nps.question)
  })

  it.each([
    { patch: { type: 'csat' as const }, names: ['1 – Very dissatisfied', '2 – Dissatisfied', '3 – Neutral', '4 – Satisfied', '5 – Very satisfied'] },
    { patch: { type: 'ces' as const, scale: 5 as const }, names: ['1 – Strongly disagree', '2 – Disagree', '3 – Neither agree nor disagree', '4 – Agree', '5 – Strongly agree'] },
  ])('names every point of $patch.type', ({ patch, names }) => {
    expect(promptModel(survey(patch), en, 'en').options.map((o) => o.name)).toEqual(names)
  })

  it('gives CES seven points from 1 by default', () => {
    const m = promptModel(survey({ type: 'ces' }), en, 'en')
    expect(m.scale).toEqual({ min: 1, max: 7 })
    expect(m.options[6]!.name).toBe('7 – Strongly agree')
  })

  it('uses the survey question in the visitor locale, then its language, then English', () => {
    const question = { en: 'EN', it: 'IT', 'pt-BR': 'BR' }
    expect(promptModel(survey({ question }), en, 'it-IT').question).toBe('IT')
    expect(promptModel(survey({ question }), en, 'pt-br').question).toBe('BR')
    expect(promptModel(survey({ question }), en, 'de').question).toBe('EN')
    expect(promptModel(survey({ question: 'Plain' }), en, 'de').question).toBe('Plain')
  })

  it('takes a survey text in the language of the strings when the visitor locale has none', () => {
    // navigator.languages = ['pl', 'it']: the prompts speak Italian, so the question should too.
    const it_ = { ...en, lang: 'it' }
    const question = { en: 'EN', it: 'IT' }
    expect(promptModel(survey({ question }), it_, 'pl').question).toBe('IT')
    expect(promptModel(survey({ question: { en: 'EN', pl: 'PL' } }), it_, 'pl').question).toBe('PL')
    expect(promptModel(survey({ followUp: question }), it_, 'pl').followUp!(1)).toBe('IT')
    expect(promptModel(survey({ labels: { max: question } }), it_, 'pl').ends[1]).toBe('IT')
  })

  it('uses custom end labels for names and ends', () => {
    const m = promptModel(survey({ labels: { min: 'Never', max: { en: 'Surely' } } }), en, 'en')
    expect(m.ends).toEqual(['Never', 'Surely'])
    expect(m.options[0]!.name).toBe('0 – Never')
  })

  it.each([
    [0, en.followUp.detractor],
    [6, en.followUp.detractor],
    [7, en.followUp.passive],
    [8, en.followUp.passive],
    [9, en.followUp.promoter],
    [10, en.followUp.promoter],
  ])('asks an NPS %i the %s follow-up', (score, wording) => {
    expect(promptModel(survey({ followUp: true }), en, 'en').followUp!(score)).toBe(wording)
  })

  it.each([
    ['csat', undefined, 3, en.followUp.low],
    ['csat', undefined, 4, en.followUp.high],
    ['ces', undefined, 4, en.followUp.low],
    ['ces', undefined, 5, en.followUp.high],
    ['ces', 5, 3, en.followUp.low],
    ['ces', 5, 4, en.followUp.high],
  ] as const)('asks a %s (%s points) %i the matching follow-up', (type, scale, score, wording) => {
    expect(promptModel(survey({ type, scale, followUp: true }), en, 'en').followUp!(score)).toBe(wording)
  })

  it('has no follow-up unless asked, and a custom one when given', () => {
    expect(promptModel(survey({}), en, 'en').followUp).toBeNull()
    expect(promptModel(survey({ followUp: { en: 'Why?' } }), en, 'en').followUp!(3)).toBe('Why?')
  })
})

describe.each(LANGUAGES)('scale in %s', (lang) => {
  it.each([
    { patch: { type: 'nps' as const }, values: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] },
    { patch: { type: 'csat' as const }, values: [1, 2, 3, 4, 5] },
    { patch: { type: 'csat' as const, style: 'stars' as const }, values: [1, 2, 3, 4, 5] },
    { patch: { type: 'ces' as const }, values: [1, 2, 3, 4, 5, 6, 7] },
    { patch: { type: 'ces' as const, scale: 5 as const }, values: [1, 2, 3, 4, 5] },
  ])('names each point of $patch.type ($values.length) by its number first, ends by their labels', async ({ patch, values }) => {
    const strings = await loadStrings([lang])
    const m = promptModel(survey(patch), strings, lang)
    expect(m.options.map((o) => o.value)).toEqual(values)
    for (const o of m.options) expect(o.name).toMatch(new RegExp(`^${o.value}( – .+)?$`))
    expect(m.options[0]!.name).toBe(`${values[0]} – ${m.ends[0]}`)
    expect(m.options.at(-1)!.name).toBe(`${values.at(-1)} – ${m.ends[1]}`)
    expect(m.question).toBe(strings[patch.type].question)
  })
})
