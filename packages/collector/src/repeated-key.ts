import { quote } from './quote.js'

/**
 * The first key given twice in one object of `text`, which must be valid JSON, with the line it
 * is given again on; `undefined` when every object's keys differ. `JSON.parse` keeps the last of
 * a repeated key and drops the others without a word: the studio, the config API and
 * `--config` say so instead.
 */
export function repeatedKey(text: string): { key: string; line: number } | undefined {
  // The keys seen in each object open around the position; `undefined` for an array.
  const open: (Set<string> | undefined)[] = []
  let line = 1
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '\n') line++
    else if (c === '{') open.push(new Set())
    else if (c === '[') open.push(undefined)
    else if (c === '}' || c === ']') open.pop()
    else if (c === '"') {
      let end = i + 1
      // Bounded by the text's end: a string left open (not valid JSON) ends the scan.
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1
      if (end >= text.length) return
      let next = end + 1
      while (' \t\r\n'.includes(text[next]!)) next++
      const keys = open.at(-1)
      if (keys && text[next] === ':') {
        const key = JSON.parse(text.slice(i, end + 1)) as string
        if (keys.has(key)) return { key, line }
        keys.add(key)
      }
      i = end
    }
  }
}

/** Says the first key given twice in one object of `text` (valid JSON), where, and what to do: `undefined` when none is. */
export function repeatedKeyProblem(text: string): string | undefined {
  const twice = repeatedKey(text)
  return twice && `${quote(twice.key)} is given twice in one object, on line ${twice.line}: keep one (the other would be lost)`
}
