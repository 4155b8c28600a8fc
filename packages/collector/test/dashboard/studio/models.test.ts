import { describe, expect, it } from 'vitest'
import { configProblems } from '@touchpoint/core'
import type { Condition, Text, UrlRules } from '@touchpoint/core'
import { conditionLines, describeConditions, doubledLines, doubledLinesProblems, heldLines, linesConditions, notNumberLines, notNumberLinesProblems, typedValue } from '../../../src/dashboard/studio/conditions.js'
import type { ConditionLine } from '../../../src/dashboard/studio/conditions.js'
import { formMessage, keysOf } from '../../../src/dashboard/studio/paths.js'
import { heldProblems } from '../../../src/dashboard/studio/held-rows.js'
import { doubledProblems, doubledRows, rowsText, surveyLanguages, textRows } from '../../../src/dashboard/studio/texts.js'
import { describeUrl, linesRules, urlLines } from '../../../src/dashboard/studio/url-rules.js'
import { describeTrigger, formatInstant, ordinal } from '../../../src/dashboard/studio/words.js'

const valid = (audience: Record<string, unknown>) => configProblems({ surveys: [{ id: 's', type: 'nps', triggers: [{ on: 'pageview' }], audience }] })

describe('texts', () => {
  it.each<[Text | undefined, { lang: string; text: string }[]]>([
    [undefined, []],
    ['How was it?', [{ lang: '', text: 'How was it?' }]],
    [{ en: 'How?', it: 'Come?' }, [{ lang: 'en', text: 'How?' }, { lang: 'it', text: 'Come?' }]],
  ])('%j round-trips through its rows', (text, rows) => {
    expect(textRows(text)).toEqual(rows)
    expect(rowsText(textRows(text))).toEqual(text)
  })

  it('makes a map as soon as a row has a language', () => {
    expect(rowsText([{ lang: 'en', text: 'Hi' }])).toEqual({ en: 'Hi' })
    expect(rowsText([{ lang: 'en', text: 'Hi' }, { lang: 'ar', text: 'مرحبا' }])).toEqual({ en: 'Hi', ar: 'مرحبا' })
  })

  it('keeps the first text of a language given twice, and flags the later rows instead of merging them', () => {
    const rows = [
      { lang: 'en', text: 'How was it?' },
      { lang: 'it', text: 'Com’è andata?' },
      { lang: 'en', text: 'And again?' },
      { lang: '', text: 'x' },
      { lang: '', text: 'y' },
    ]
    expect(rowsText(rows)).toEqual({ en: 'How was it?', it: 'Com’è andata?', '': 'x' })
    expect(doubledRows(rows)).toEqual([2, 4])
    expect(doubledProblems('surveys[3].question', rows)).toEqual([
      { path: 'surveys[3].question[2]', message: 'question.en is given twice: change the language of one, or remove one' },
      { path: 'surveys[3].question[4]', message: 'question has a second text without a language: type its language, or remove it' },
    ])
    expect(doubledRows(textRows({ en: 'a', it: 'b' }))).toEqual([])
  })

  it('counts rows kept beside the working copy only while the text is still the one they were typed over', () => {
    const rows = [
      { lang: 'en', text: 'Hi' },
      { lang: 'en', text: 'Hello' },
    ]
    expect(keysOf('surveys[2].labels.min')).toEqual(['surveys', 2, 'labels', 'min'])
    const held = { 'surveys[0].labels.min': { on: JSON.stringify({ en: 'Hi' }), rows } }
    expect(heldProblems(held, { surveys: [{ labels: { min: { en: 'Hi' } } }] })).toEqual([
      { path: 'surveys[0].labels.min[1]', message: 'labels.min.en is given twice: change the language of one, or remove one' },
    ])
    // Changed elsewhere since (the JSON tab, a rollback): that edit wins, the rows are stale.
    expect(heldProblems(held, { surveys: [{ labels: { min: { en: 'Hey' } } }] })).toEqual([])
  })

  it('lists the languages a survey has texts in', () => {
    expect(surveyLanguages([{ en: 'a', it: 'b' }, 'x', true, undefined, { ar: 'c', en: 'd' }])).toEqual(['en', 'it', 'ar'])
  })
})

describe('URL rules', () => {
  it.each<[string, UrlRules | undefined]>([
    ['no rule', undefined],
    ['one test', { startsWith: '/checkout' }],
    ['tests that must all hold', { startsWith: '/shop', endsWith: '.html' }],
    ['a test that must not hold', { startsWith: '/checkout', not: { contains: 'step=1' } }],
    ['several that must not hold', { not: [{ contains: 'admin' }, { matches: '^/preview' }] }],
    ['rules of which any may hold', [{ startsWith: '/cart' }, { equals: '/checkout' }]],
  ])('%s round-trips through the form', (_, rules) => {
    const lines = urlLines(rules)
    expect(lines).not.toBeNull()
    expect(linesRules(lines!)).toEqual(rules)
    if (rules) expect(valid({ url: rules })).toEqual([])
  })

  it.each<[string, unknown]>([
    ['a not of two tests at once', { not: { contains: 'a', startsWith: 'b' } }],
    ['a not inside a not', { not: { not: { contains: 'a' } } }],
    ['an unknown test', { begins: '/' }],
  ])('leaves %s to the JSON tab', (_, rules) => {
    expect(urlLines(rules as UrlRules)).toBeNull()
  })

  it('says a rule in plain words', () => {
    expect(describeUrl([{ startsWith: '/checkout', not: { contains: 'step=1' } }, { equals: '/cart' }])).toBe(
      'starts with `/checkout` and does not contain `step=1`, or is `/cart`',
    )
    expect(describeUrl(undefined)).toBe('any page')
  })
})

describe('conditions', () => {
  it.each<[string, Record<string, Condition>]>([
    ['a value', { resolved: true, plan: 'pro', seats: 5 }],
    ['one of a list', { plan: ['pro', 'team'] }],
    ['a range', { seats: { gte: 5, lt: 50 } }],
    ['set and not set', { email: { exists: true }, trial: { exists: false } }],
    ['several operators on one property', { plan: { equals: 'pro', exists: true } }],
    // What a line's text cannot say, kept as it was read while the line is not changed.
    ['a list of a text and a number', { plan: ['pro', 5] }],
    ['a value with a comma in it', { city: ['Rome, Italy', 'Milan'] }],
    ['spaces around a value, and an empty one', { code: ' A1 ', note: '' }],
    ['true and false in a list', { flags: [true, false] }],
  ])('%s round-trips through the form', (_, conditions) => {
    expect(linesConditions(conditionLines(conditions))).toEqual(conditions)
    expect(valid({ attributes: conditions })).toEqual([])
  })

  it('writes the lines not changed as they were read when another is added or changed, and a changed one as it now says', () => {
    const read = conditionLines({ plan: ['pro', 5], city: ['Rome, Italy', 'Milan'], seats: { gte: 5 } })
    const added = [...read, { name: 'beta', op: 'is' as const, value: 'true', kind: 'boolean' as const }]
    expect(linesConditions(added)).toEqual({ plan: ['pro', 5], city: ['Rome, Italy', 'Milan'], seats: { gte: 5 }, beta: true })
    const changed = read.map((l) => (l.name === 'plan' ? { ...l, value: 'pro, 7', kind: 'number' as const } : l))
    expect(linesConditions(changed)).toEqual({ plan: ['pro', 7], city: ['Rome, Italy', 'Milan'], seats: { gte: 5 } })
  })

  it('flags a line read as a number whose value is none, and holds it as typed', () => {
    const line = (name: string, op: ConditionLine['op'], value: string, kind: ConditionLine['kind']): ConditionLine => ({ name, op, value, kind })
    const lines = [line('seats', 'is', '5a', 'number'), line('sizes', 'oneOf', '1, two, 3', 'number'), line('plan', 'is', '5a', 'text'), line('n', 'is', '2.5', 'number')]
    expect(notNumberLines(lines)).toEqual([0, 1])
    expect(heldLines(lines)).toEqual([0, 1])
    expect(notNumberLinesProblems('surveys[0].audience.attributes', lines)).toEqual([
      { path: 'surveys[0].audience.attributes[0]', message: 'audience.attributes.seats is read as a number, and "5a" is none: write digits (5, 2.5), or read it as text' },
      { path: 'surveys[0].audience.attributes[1]', message: 'audience.attributes.sizes is read as a number, and "two" is none: write digits (5, 2.5), or read it as text' },
    ])
  })

  it('keeps the first line of a property compared the same way twice, and flags the later ones instead of merging them', () => {
    const line = (name: string, op: ConditionLine['op'], value = '', kind: ConditionLine['kind'] = 'text'): ConditionLine => ({ name, op, value, kind })
    const lines = [
      line('plan', 'is', 'pro'),
      line('seats', 'gte', '5', 'number'),
      line('plan', 'is', 'team'),
      line('seats', 'gte', '10', 'number'),
      line('email', 'set'),
      line('email', 'unset'),
      line('tags', 'oneOf', 'a, b'),
      line('tags', 'oneOf', 'b, c'),
      line('seats', 'lt', '50', 'number'),
      line('trial', 'unset'),
      line('trial', 'unset'),
      line('', 'is', 'x'),
      line('', 'is', 'y'),
    ]
    // Before: the later line of each pair was written over the earlier (plan: team, seats ≥ 10, email not set…).
    expect(linesConditions(lines)).toEqual({ plan: 'pro', seats: { gte: 5, lt: 50 }, email: { exists: true }, tags: ['a', 'b'], trial: { exists: false }, '': 'x' })
    expect(doubledLines(lines)).toEqual([2, 3, 5, 7, 10, 12])
    expect(doubledLinesProblems('surveys[1].triggers[0].where', lines)).toEqual([
      { path: 'surveys[1].triggers[0].where[2]', message: 'triggers[0].where.plan is compared with "is" twice, and only the first counts: for either value, make it one "is one of" line (pro, team); else remove one' },
      { path: 'surveys[1].triggers[0].where[3]', message: 'triggers[0].where.seats is compared with "≥" twice, and only the first counts: keep the one you mean (both would have to hold: the stricter) and remove the other' },
      { path: 'surveys[1].triggers[0].where[5]', message: 'triggers[0].where.email is both "is set" and "is not set", which no email can be: remove the one you do not mean' },
      { path: 'surveys[1].triggers[0].where[7]', message: 'triggers[0].where.tags is compared with "is one of" twice, and only the first counts: put all the values in one line (a, b, c), or remove one' },
      { path: 'surveys[1].triggers[0].where[10]', message: 'triggers[0].where.trial "is not set" is given twice: remove one' },
      { path: 'surveys[1].triggers[0].where[12]', message: 'triggers[0].where has a second "is" condition without a name: type its name, or remove it' },
    ])
    // Different comparisons of one property are one operator object, not a problem.
    expect(doubledLines(conditionLines({ plan: { equals: 'pro', oneOf: ['pro', 'team'], exists: true }, seats: { gte: 5, lt: 50 } }))).toEqual([])
  })

  it('counts lines kept beside the working copy only while the conditions are still the ones they were typed over', () => {
    const lines: ConditionLine[] = [
      { name: 'plan', op: 'is', value: 'pro', kind: 'text' },
      { name: 'plan', op: 'is', value: 'team', kind: 'text' },
    ]
    const held = { 'surveys[0].audience.attributes': { on: JSON.stringify({ plan: 'pro' }), rows: lines } }
    expect(heldProblems(held, { surveys: [{ audience: { attributes: { plan: 'pro' } } }] })).toEqual([
      {
        path: 'surveys[0].audience.attributes[1]',
        message: 'audience.attributes.plan is compared with "is" twice, and only the first counts: for either value, make it one "is one of" line (pro, team); else remove one',
      },
    ])
    expect(heldProblems(held, { surveys: [{ audience: { attributes: { plan: 'team' } } }] })).toEqual([])
  })

  it('writes one operator object back the short way', () => {
    expect(linesConditions(conditionLines({ plan: { equals: 'pro' } }))).toEqual({ plan: 'pro' })
  })

  it.each<[string, ConditionLine['kind'], unknown]>([
    ['42', 'number', 42],
    ['42', 'text', '42'],
    ['4x', 'number', '4x'],
    ['', 'number', ''],
    ['true', 'boolean', true],
    ['false', 'boolean', false],
  ])('reads %j as %s: %j', (value, kind, typed) => {
    expect(typedValue(value, kind)).toEqual(typed)
  })

  it('says conditions in plain words', () => {
    expect(describeConditions({ resolved: true, seats: { gte: 5 }, plan: ['pro', 'team'] })).toBe('resolved is true and seats ≥ 5 and plan is one of pro, team')
  })
})

describe('words', () => {
  it.each([
    [1, '1st'], [2, '2nd'], [3, '3rd'], [4, '4th'], [11, '11th'], [12, '12th'], [13, '13th'], [21, '21st'], [102, '102nd'],
  ])('%i is %s', (n, word) => {
    expect(ordinal(n)).toBe(word)
  })

  it.each([
    [{ on: 'pageview' }, 'page view of any page'],
    [{ on: 'pageview', url: { contains: '/support' }, delaySeconds: 2 }, 'page view where the address contains `/support`, after 2 s'],
    [{ on: 'event', event: 'support_chat_closed', where: { resolved: true }, count: 2 }, 'event `support_chat_closed` where resolved is true, the 2nd time'],
    [{ on: 'click', selector: '#help' }, 'click on `#help`'],
    [{ on: 'exit_intent' }, 'about to leave'],
    [{ on: 'scroll', percent: 75 }, 'scrolled to 75%'],
    [{ on: 'dwell', seconds: 30 }, '30 s on the page'],
    [{ on: 'idle', seconds: 20 }, '20 s idle'],
    [{ on: 'visit', count: 3 }, '3rd visit'],
  ] as const)('says %j as %s', (trigger, words) => {
    expect(describeTrigger(trigger as never)).toBe(words)
  })

  it('shows an instant in UTC, whatever the viewer’s zone', () => {
    expect(formatInstant('2026-12-01T10:30:00+01:00')).toBe('2026-12-01 09:30 UTC')
  })
})

describe("the checker's messages in the form", () => {
  const rate = (sampleRate: unknown) => configProblems({ surveys: [{ id: 's', type: 'nps', triggers: [{ on: 'pageview' }], audience: { sampleRate } }] } as never)[0]!

  it('says the share of visitors asked in percent, as the form shows it, and leaves the checker its own words', () => {
    expect(rate(1.5).message).toBe('audience.sampleRate must be a number from 0 to 1 (got 1.5)')
    expect(formMessage(rate(1.5))).toBe('audience.sampleRate must be from 0 to 100 % (got 150 %)')
    expect(formMessage(rate(-0.015))).toBe('audience.sampleRate must be from 0 to 100 % (got -1.5 %)')
    expect(formMessage(rate('half'))).toBe('audience.sampleRate must be from 0 to 100 % (got "half")')
  })

  it('leaves every other message as the checker wrote it', () => {
    const [p] = configProblems({ surveys: [{ id: 's', type: 'nps', triggers: [{ on: 'scroll', percent: 150 }] }] } as never)
    expect(formMessage(p!)).toBe(p!.message)
  })
})
