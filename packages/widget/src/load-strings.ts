import { en } from './locales/en.js'
import type { Strings } from './strings.js'

// Each language but English is its own chunk (touchpoint-locale-<lang>-….js in the script-tag
// build), downloaded only for a visitor who needs it.
const LOADERS: Record<string, () => Promise<{ default: Strings }>> = {
  ar: () => import('./locales/ar.js'),
  de: () => import('./locales/de.js'),
  es: () => import('./locales/es.js'),
  fr: () => import('./locales/fr.js'),
  it: () => import('./locales/it.js'),
  ja: () => import('./locales/ja.js'),
  nl: () => import('./locales/nl.js'),
  pt: () => import('./locales/pt.js'),
}

/** Languages the prompts speak, as BCP 47 language codes. */
export const LANGUAGES: readonly string[] = ['en', ...Object.keys(LOADERS)]

/**
 * The strings for the first language of `locales` (most preferred first) that the prompts
 * speak: `pt-BR` gets Portuguese, `['xx', 'de-AT']` German. English, which is built in, when
 * none is, or when the language's chunk cannot be downloaded: a prompt in English is better
 * than none. Never rejects.
 * @example await loadStrings(['it-IT', 'en']) // Italian strings
 */
export async function loadStrings(locales: readonly string[]): Promise<Strings> {
  try {
    // The first locale whose language is spoken (`pt-BR` → `pt`): what core's chooseLocale
    // decides, written out so that this chunk does not carry its other cases.
    const language = locales.map((l) => l.toLowerCase().split('-')[0]!).find((l) => LANGUAGES.includes(l))
    return (language && (await LOADERS[language]?.())?.default) || en
  } catch {
    return en
  }
}
