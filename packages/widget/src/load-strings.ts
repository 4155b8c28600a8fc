import { chooseLocale } from '@touchpoint/core'
import { en } from './locales/en.js'
import type { Strings } from './strings.js'

// Each language but English is its own module, imported only when a visitor needs it.
const LOADERS: Record<string, () => Promise<Strings>> = {}

/** Languages the prompts speak. */
export const LANGUAGES = ['en', ...Object.keys(LOADERS)]

/**
 * The strings for the first language of `locales` (most preferred first) that the prompts
 * speak; English, which is built in, when none is.
 * @example await loadStrings(['it-IT', 'en']) // Italian strings
 */
export async function loadStrings(locales: readonly string[]): Promise<Strings> {
  const { language } = chooseLocale(undefined, undefined, locales, LANGUAGES)
  return (await LOADERS[language]?.()) ?? en
}
