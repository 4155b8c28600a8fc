import type { Text } from './types.js'

/** The visitor's locale and the UI language Touchpoint speaks to them in. */
export interface LocaleChoice {
  /** As the page or browser gave it, e.g. `it-IT`; sent with each response. */
  locale: string
  /** A supported language code, e.g. `it`; English when nothing matches. */
  language: string
}

/**
 * Picks the locale: `init({ locale })`, else `<html lang>`, else the first of
 * `navigator.languages` Touchpoint speaks; English when none is supported.
 * @example chooseLocale(undefined, 'pt-BR', ['en-US'], ['en', 'pt']) // { locale: 'pt-BR', language: 'pt' }
 */
export function chooseLocale(
  option: string | undefined,
  htmlLang: string | undefined,
  languages: readonly string[],
  supported: readonly string[],
): LocaleChoice {
  const candidates = option ? [option] : htmlLang ? [htmlLang] : languages.length ? languages : ['en']
  for (const locale of candidates) {
    const language = locale.toLowerCase().split('-')[0]!
    if (supported.includes(language)) return { locale, language }
  }
  return { locale: candidates[0]!, language: 'en' }
}

/**
 * A text in the visitor's locale: exact locale, then its language, then English, then the
 * first one given. Plain strings are returned as they are.
 */
export function localize(text: Text, locale: string): string {
  if (typeof text === 'string') return text
  const keys = Object.keys(text)
  const find = (want: string) => keys.find((k) => k.toLowerCase() === want)
  const key = find(locale.toLowerCase()) ?? find(locale.toLowerCase().split('-')[0]!) ?? find('en') ?? keys[0]!
  return text[key]!
}
