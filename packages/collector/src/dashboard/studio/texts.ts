import type { ConfigProblem, Text } from '@touchpoint/core'
import { inSurvey, laterRepeats, rowPath } from './paths.js'

/** One text of a survey in one language; `lang` is `''` for a text shown in every language. */
export interface TextRow {
  lang: string
  text: string
}

/** Whether `r` is a row as the form keeps it (rows kept in the browser are read back through this). */
export const isTextRow = (r: unknown): r is TextRow => typeof r === 'object' && r !== null && typeof (r as TextRow).lang === 'string' && typeof (r as TextRow).text === 'string'

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
 * language, else `{ lang: text }`. A language given by an earlier row too keeps the earlier
 * row's text: the later row is not lost, the form keeps it and flags it (`doubledRows`) until
 * its language is changed or it is removed, and nothing is published meanwhile.
 */
export function rowsText(rows: readonly TextRow[]): Text | undefined {
  if (!rows.length) return undefined
  if (rows.length === 1 && !rows[0]!.lang) return rows[0]!.text
  const doubled = new Set(doubledRows(rows))
  return Object.fromEntries(rows.filter((_, i) => !doubled.has(i)).map((r) => [r.lang, r.text]))
}

/**
 * The rows that give a language an earlier row already gives (their indexes): a
 * `{ lang: text }` map holds one text per language, so each such row is a problem to fix.
 * @example doubledRows([{ lang: 'en', text: 'Hi' }, { lang: 'it', text: 'Ciao' }, { lang: 'en', text: 'Hello' }]) // [2]
 */
export const doubledRows = (rows: readonly TextRow[]): number[] => laterRepeats(rows, (r) => r.lang)

/**
 * The problems of the rows of the text at `path` (`surveys[2].question`) that give a language
 * twice, worded as the checker words its own (the field's path within its survey first).
 */
export function doubledProblems(path: string, rows: readonly TextRow[]): ConfigProblem[] {
  const field = inSurvey(path)
  return doubledRows(rows).map((i) => {
    const lang = rows[i]!.lang
    const message = lang ? `${field}.${lang} is given twice: change the language of one, or remove one` : `${field} has a second text without a language: type its language, or remove it`
    return { path: rowPath(path, i), message }
  })
}

/** The languages a survey has its own texts in, in the order they first appear. */
export function surveyLanguages(texts: readonly (Text | boolean | undefined)[]): string[] {
  const out = new Set<string>()
  for (const t of texts) if (t && typeof t === 'object') for (const k of Object.keys(t)) if (k) out.add(k)
  return [...out]
}
