import { afterEach, describe, expect, it, vi } from 'vitest'
import { en, LANGUAGES, loadStrings } from '@touchpoint/widget'

afterEach(() => {
  vi.doUnmock('../src/locales/it.js')
  vi.resetModules()
})

describe('loadStrings', () => {
  it('speaks English and eight more languages', () => {
    expect([...LANGUAGES].sort()).toEqual(['ar', 'de', 'en', 'es', 'fr', 'it', 'ja', 'nl', 'pt'])
  })

  it.each([
    { locales: ['it-IT'], lang: 'it' },
    { locales: ['pt-BR'], lang: 'pt' },
    { locales: ['PT-pt'], lang: 'pt' },
    { locales: ['ja'], lang: 'ja' },
    { locales: ['ar-EG'], lang: 'ar' },
    { locales: ['nl-BE', 'fr-BE'], lang: 'nl' },
    { locales: ['en-GB', 'de-DE'], lang: 'en' },
    { locales: ['pl-PL', 'de-AT', 'fr'], lang: 'de' },
    { locales: ['zh-CN'], lang: 'en' },
    { locales: [], lang: 'en' },
  ])('picks $lang for $locales', async ({ locales, lang }) => {
    const strings = await loadStrings(locales)
    expect(strings.lang).toBe(lang)
    if (lang === 'en') expect(strings).toBe(en)
  })

  it('lays out Arabic right to left, and nothing else', async () => {
    for (const lang of LANGUAGES) expect(!!(await loadStrings([lang])).rtl, lang).toBe(lang === 'ar')
  })

  it('falls back to English when a language cannot be downloaded', async () => {
    vi.resetModules()
    vi.doMock('../src/locales/it.js', () => {
      throw new TypeError('Failed to fetch dynamically imported module')
    })
    const { loadStrings: load, en: english } = await import('../src/index.js')
    await expect(load(['it-IT'])).resolves.toBe(english)
  })
})
