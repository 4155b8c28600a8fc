import { describe, expect, it } from 'vitest'
import {
  audienceMiss, chooseLocale, deviceOf, explain, frequencyMiss, inSample, localeMatches, localize, matchCondition,
  matchUrl, nextVisit, sampleValue, VISIT_TIMEOUT_MS,
} from '@touchpoint/core'
import type { AudienceContext, Reason, Survey } from '@touchpoint/core'

const DAY = 864e5

describe('matchUrl', () => {
  const path = '/checkout/step-2'
  const href = 'https://shop.test/checkout/step-2?coupon=SPRING#pay'
  it.each([
    [{ equals: '/checkout/step-2' }, true],
    [{ equals: '/checkout' }, false],
    [{ equals: href }, true],
    [{ contains: 'step' }, true],
    [{ contains: 'coupon=SPRING' }, true],
    [{ contains: 'cart' }, false],
    [{ startsWith: '/checkout' }, true],
    [{ startsWith: 'https://shop.test/' }, true],
    [{ startsWith: '/cart' }, false],
    [{ endsWith: 'step-2' }, true],
    [{ endsWith: '#pay' }, true],
    [{ endsWith: '/checkout' }, false],
    [{ matches: '^/checkout/step-\\d$' }, true],
    [{ matches: '^/cart' }, false],
    [{ startsWith: '/checkout', contains: 'step-2' }, true],
    [{ startsWith: '/checkout', contains: 'step-3' }, false],
    [{ startsWith: '/checkout', not: { contains: 'step-2' } }, false],
    [{ startsWith: '/checkout', not: { contains: 'step-1' } }, true],
    [{ not: [{ contains: 'cart' }, { contains: 'admin' }] }, true],
    [[{ startsWith: '/cart' }, { startsWith: '/checkout' }], true],
    [[{ startsWith: '/cart' }, { startsWith: '/account' }], false],
  ])('%j → %s', (rule, expected) => {
    expect(matchUrl(rule, path, href)).toBe(expected)
  })
})

describe('matchCondition', () => {
  it.each([
    ['pro', 'pro', true],
    ['pro', 'free', false],
    [3, '3', false],
    [true, true, true],
    [['pro', 'team'], 'team', true],
    [['pro', 'team'], 'free', false],
    [{ equals: 'pro' }, 'pro', true],
    [{ oneOf: [1, 2] }, 2, true],
    [{ exists: true }, 0, true],
    [{ exists: true }, undefined, false],
    [{ exists: true }, null, false],
    [{ exists: false }, undefined, true],
    [{ gt: 100 }, 100.5, true],
    [{ gt: 100 }, 100, false],
    [{ gte: 100 }, 100, true],
    [{ lt: 5 }, 4, true],
    [{ lte: 5 }, 6, false],
    [{ gte: 10, lt: 20 }, 15, true],
    [{ gte: 10, lt: 20 }, 20, false],
    [{ gt: 1 }, '5', false],
    [{ gt: 1 }, undefined, false],
  ])('%j against %j → %s', (condition, value, expected) => {
    expect(matchCondition(condition, value)).toBe(expected)
  })
})

describe('audienceMiss', () => {
  const ctx: AudienceContext = {
    path: '/checkout',
    href: 'https://shop.test/checkout',
    device: 'desktop',
    locale: 'it-IT',
    attributes: { plan: 'pro', seats: 12 },
    visitorId: 'v-1',
  }
  const survey = (audience: Survey['audience']): Survey => ({ id: 's', type: 'nps', triggers: [{ on: 'pageview' }], audience })

  it.each<[Survey['audience'], Reason | undefined]>([
    [undefined, undefined],
    [{}, undefined],
    [{ url: { startsWith: '/checkout' } }, undefined],
    [{ url: { startsWith: '/cart' } }, ['url', '/checkout']],
    [{ device: ['desktop', 'tablet'] }, undefined],
    [{ device: ['mobile'] }, ['device', 'desktop']],
    [{ locale: ['it'] }, undefined],
    [{ locale: ['it-IT'] }, undefined],
    [{ locale: ['it-CH', 'de'] }, ['locale', 'it-IT']],
    [{ attributes: { plan: 'pro', seats: { gte: 10 } } }, undefined],
    [{ attributes: { plan: ['team', 'enterprise'] } }, ['attribute', 'plan', 'pro']],
    [{ attributes: { country: { exists: true } } }, ['attribute', 'country', undefined]],
    [{ sampleRate: 1 }, undefined],
    [{ sampleRate: 0 }, ['sample', 0]],
    [{ url: { startsWith: '/cart' }, device: ['mobile'] }, ['url', '/checkout']],
  ])('%j → %j', (audience, reason) => {
    expect(audienceMiss(survey(audience), ctx)).toEqual(reason)
  })
})

describe('sampling', () => {
  it('gives a visitor the same draw for a survey every time', () => {
    expect(sampleValue('visitor-1', 'nps')).toBe(sampleValue('visitor-1', 'nps'))
    expect(sampleValue('visitor-1', 'nps')).not.toBe(sampleValue('visitor-1', 'csat'))
  })

  it('keeps about sampleRate of visitors, spread evenly', () => {
    const inside = Array.from({ length: 10_000 }, (_, i) => inSample(`visitor-${i}`, 'checkout-nps', 0.3)).filter(Boolean)
    expect(inside.length / 10_000).toBeGreaterThan(0.28)
    expect(inside.length / 10_000).toBeLessThan(0.32)
  })

  it.each([0, 0.5, 1])('draws in [0, 1) so that rate %s means none, half, all', (rate) => {
    const v = sampleValue('x', 'y')
    expect(v).toBeGreaterThanOrEqual(0)
    expect(v).toBeLessThan(1)
    expect(inSample('x', 'y', rate)).toBe(v < rate)
  })
})

describe('frequencyMiss', () => {
  const now = Date.UTC(2026, 10, 23)
  const survey = (frequency?: Survey['frequency']): Survey => ({ id: 's', type: 'nps', triggers: [{ on: 'pageview' }], frequency })
  it.each<[string, Survey['frequency'], Parameters<typeof frequencyMiss>[1], number | undefined, number, Reason | undefined]>([
    ['never seen', undefined, undefined, undefined, 0, undefined],
    ['shown, not answered', undefined, { shows: 1, lastShownAt: now - DAY }, undefined, 0, undefined],
    ['answered, no recontact', undefined, { shows: 1, answeredAt: now - 400 * DAY }, undefined, 0, ['answered', 400 * DAY, undefined]],
    ['dismissed, no recontact', undefined, { shows: 1, dismissedAt: now - DAY }, undefined, 0, ['dismissed', DAY, undefined]],
    ['answered within recontactDays', { recontactDays: 90 }, { shows: 1, answeredAt: now - 3 * DAY }, undefined, 0, ['answered', 3 * DAY, 90]],
    ['answered after recontactDays', { recontactDays: 90 }, { shows: 1, answeredAt: now - 91 * DAY }, undefined, 0, undefined],
    ['dismissed after answering', { recontactDays: 30 }, { shows: 2, answeredAt: now - 40 * DAY, dismissedAt: now - 5 * DAY }, undefined, 0, ['dismissed', 5 * DAY, 30]],
    ['at maxShows', { maxShows: 2 }, { shows: 2 }, undefined, 0, ['maxShows', 2, 2]],
    ['under maxShows', { maxShows: 2 }, { shows: 1 }, undefined, 0, undefined],
    ['within the global cooldown', undefined, undefined, now - 2 * DAY, 7, ['cooldown', 2 * DAY, 7]],
    ['after the global cooldown', undefined, undefined, now - 8 * DAY, 7, undefined],
    ['no global cooldown', undefined, undefined, now - 1000, 0, undefined],
  ])('%s', (_, frequency, history, lastAny, cooldown, reason) => {
    expect(frequencyMiss(survey(frequency), history, lastAny, cooldown, now)).toEqual(reason)
  })
})

describe('explain', () => {
  it.each<[Reason, string]>([
    [['url', '/cart'], 'page /cart does not match audience.url'],
    [['device', 'mobile'], 'device mobile is not in audience.device'],
    [['locale', 'fr-FR'], 'locale fr-FR is not in audience.locale'],
    [['attribute', 'plan', 'free'], 'attribute plan = "free" does not meet audience.attributes.plan'],
    [['attribute', 'plan', undefined], 'attribute plan = undefined does not meet audience.attributes.plan'],
    [['sample', 0.1], 'visitor is outside sampleRate 0.1'],
    [['answered', 3 * DAY + 5, 90], 'answered 3 days ago, recontactDays 90'],
    [['answered', 1000, undefined], 'answered today; never asked again without frequency.recontactDays'],
    [['dismissed', DAY, 7], 'dismissed 1 day ago, recontactDays 7'],
    [['maxShows', 2, 2], 'shown 2 times, maxShows 2'],
    [['cooldown', 2 * DAY, 7], 'a survey was shown 2 days ago, globalCooldownDays 7'],
    [['status', 'paused'], 'status is paused'],
    [['starts', '2026-12-01T09:00:00Z'], 'starts at 2026-12-01T09:00:00Z (startsAt)'],
    [['ended', '2026-12-31T23:00:00Z'], 'ended at 2026-12-31T23:00:00Z (endsAt)'],
  ])('%j', (reason, words) => {
    expect(explain(reason)).toBe(words)
  })
})

describe('nextVisit', () => {
  const t = Date.UTC(2026, 10, 23, 12)
  it.each([
    ['the first activity starts visit 1', undefined, t, 1],
    ['activity within 30 minutes continues the visit', { count: 2, lastActivityAt: t - VISIT_TIMEOUT_MS }, t, 2],
    ['activity after 30 minutes starts the next visit', { count: 2, lastActivityAt: t - VISIT_TIMEOUT_MS - 1 }, t, 3],
  ])('%s', (_, prev, now, count) => {
    expect(nextVisit(prev, now)).toEqual({ count, lastActivityAt: now })
  })
})

describe('deviceOf', () => {
  it.each([
    ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36', 0, 'desktop'],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148', 5, 'mobile'],
    ['Mozilla/5.0 (Linux; Android 15; Pixel 9) AppleWebKit/537.36 Chrome/156.0 Mobile Safari/537.36', 5, 'mobile'],
    ['Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 Chrome/156.0 Safari/537.36', 5, 'tablet'],
    ['Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148', 5, 'tablet'],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 Version/18.0 Safari/605.1.15', 5, 'tablet'],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 Version/18.0 Safari/605.1.15', 0, 'desktop'],
  ])('%s (%i touch points) is a %s', (ua, touch, device) => {
    expect(deviceOf(ua, touch)).toBe(device)
  })
})

describe('locales', () => {
  it.each([
    ['it', 'it-IT', true],
    ['IT', 'it-it', true],
    ['it-IT', 'it-IT', true],
    ['it-CH', 'it-IT', false],
    ['it', 'ita', false],
  ])('prefix %s covers %s: %s', (prefix, locale, expected) => {
    expect(localeMatches(prefix, locale)).toBe(expected)
  })

  it.each([
    [['de-AT'], undefined, [], { locale: 'de-AT', language: 'de' }],
    [[undefined], 'pt-BR', ['en-US'], { locale: 'pt-BR', language: 'pt' }],
    [[undefined], undefined, ['sv-SE', 'fr-FR'], { locale: 'fr-FR', language: 'fr' }],
    [[undefined], undefined, ['sv-SE'], { locale: 'sv-SE', language: 'en' }],
    [['sv'], 'de', ['de'], { locale: 'sv', language: 'en' }],
    [[undefined], undefined, [], { locale: 'en', language: 'en' }],
  ] as const)('option %j, html %j, browser %j → %j', ([option], html, languages, expected) => {
    expect(chooseLocale(option, html, languages, ['en', 'de', 'fr', 'pt'])).toEqual(expected)
  })

  it.each([
    [{ en: 'Hi', it: 'Ciao', 'pt-BR': 'Oi' }, 'it-IT', 'Ciao'],
    [{ en: 'Hi', it: 'Ciao', 'pt-BR': 'Oi' }, 'pt-br', 'Oi'],
    [{ en: 'Hi', it: 'Ciao' }, 'ja', 'Hi'],
    [{ it: 'Ciao', de: 'Hallo' }, 'ja', 'Ciao'],
    ['Hello', 'it', 'Hello'],
  ])('localizes %j for %s', (text, locale, expected) => {
    expect(localize(text, locale)).toBe(expected)
  })
})
