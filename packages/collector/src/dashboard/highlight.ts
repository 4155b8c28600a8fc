/**
 * Letters the collector's folding (PostgreSQL's `unaccent` rules) writes as others, which no
 * Unicode decomposition does: `ß` is `ss`, `æ` is `ae`.
 */
const LETTERS: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ð: 'd', ł: 'l', þ: 'th', ħ: 'h', ı: 'i' }

/**
 * Lower case without accents, as the collector folds comments to search them, one result per
 * character of `s`, so that a match maps back to the text as written. The compatibility forms
 * go too: full-width `％` is `%`, `ﬁ` is `fi`.
 */
function foldEach(s: string): string[] {
  return [...s].map((c) => [...c.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase()].map((l) => LETTERS[l] ?? l).join(''))
}

/**
 * `text` cut into the parts that match one of `words` (case and accents aside, as the
 * collector's search matches them) and those that do not, in order: what the comment list marks.
 */
export function highlight(text: string, words: readonly string[]): { text: string; match: boolean }[] {
  const chars = [...text]
  const folded = foldEach(text)
  // Where each character's folded form starts in the folded text.
  const starts: number[] = []
  let flat = ''
  for (const f of folded) starts.push(flat.length), (flat += f)
  const marked = new Array<boolean>(chars.length).fill(false)
  for (const w of words.map((w) => foldEach(w).join('')).filter(Boolean)) {
    for (let at = flat.indexOf(w); at !== -1; at = flat.indexOf(w, at + 1)) {
      chars.forEach((_, i) => {
        const end = starts[i]! + folded[i]!.length
        if (starts[i]! < at + w.length && end > at) marked[i] = true
      })
    }
  }
  const parts: { text: string; match: boolean }[] = []
  chars.forEach((c, i) => {
    const last = parts.at(-1)
    if (last && last.match === marked[i]) last.text += c
    else parts.push({ text: c, match: marked[i]! })
  })
  return parts
}
