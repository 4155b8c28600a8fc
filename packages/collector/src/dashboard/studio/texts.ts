import type { Text } from '@touchpoint/core'

/** One text of a survey in one language; `lang` is `''` for a text shown in every language. */
export interface TextRow {
  lang: string
  text: string
}

/**
 * A survey text as the form edits it: one row per language. A plain string is one row for
 * every language (`lang: ''`); `{ "en": …, "it": … }` one row per key, in its order.
 * @example textRows({ en: 'Hi', it: 'Ciao' }) // [{ lang: 'en', text: 'Hi' }, { lang: 'it', text: 'Ciao' }]
 */
export function textRows(t: Text | undefined): TextRow[] {
  if (t === undefined) return []
  if (typeof t === 'string') return [{ lang: '', text: t }]
  return Object.entries(t).map(([lang, text]) => ({ lang, text: typeof text === 'string' ? text : String(text) }))
}

/**
 * The text the form's rows make: nothing for no row, a string for one row without a
 * language, else `{ lang: text }` (a later row of the same language wins, as in JSON).
 */
export function rowsText(rows: readonly TextRow[]): Text | undefined {
  if (!rows.length) return undefined
  if (rows.length === 1 && !rows[0]!.lang) return rows[0]!.text
  return Object.fromEntries(rows.map((r) => [r.lang, r.text]))
}

/** The languages a survey has its own texts in, in the order they first appear. */
export function surveyLanguages(texts: readonly (Text | boolean | undefined)[]): string[] {
  const out = new Set<string>()
  for (const t of texts) if (t && typeof t === 'object') for (const k of Object.keys(t)) if (k) out.add(k)
  return [...out]
}
