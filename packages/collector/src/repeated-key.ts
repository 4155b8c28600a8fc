import { quote } from './quote.js'

/** A key given twice in one object: the key, the line it is given again on, and where the object is. */
export interface RepeatedKey {
  key: string
  line: number
  /** The keys and positions that lead to the object from the top of the text (`[]`: the top itself). */
  path: (string | number)[]
}

/**
 * Every key given twice in one object of `text`, which must be valid JSON, each with the line it
 * is given again on; none when every object's keys differ. `JSON.parse` keeps the last of a
 * repeated key and drops the others without a word: the studio, the config API, `--config` and
 * ingest say so instead.
 */
export function repeatedKeys(text: string): RepeatedKey[] {
  const found: RepeatedKey[] = []
  // Each object or array open around the position: an object's keys and the one last given, an
  // array's position (its commas so far).
  const open: ({ keys: Set<string>; key?: string } | { at: number })[] = []
  let line = 1
  // From one character that matters to the next; a string is skipped whole.
  const token = /["{}[\],\n]/g
  for (let m = token.exec(text); m; m = token.exec(text)) {
    const c = m[0]
    const top = open.at(-1)
    if (c === '\n') line++
    else if (c === '{') open.push({ keys: new Set() })
    else if (c === '[') open.push({ at: 0 })
    else if (c === '}' || c === ']') open.pop()
    else if (c === ',') {
      if (top && 'at' in top) top.at++
    } else {
      // The closing quote: the next one not escaped (after an even number of backslashes).
      let end = m.index
      do end = text.indexOf('"', end + 1)
      while (end > 0 && escapedAt(text, end))
      // A string left open (not valid JSON) ends the scan.
      if (end < 0) break
      let next = end + 1
      while (' \t\r\n'.includes(text[next]!)) next++
      if (top && 'keys' in top && text[next] === ':') {
        // Read as JSON reads it when it has escapes (`"a\u0062"` is `ab`).
        const raw = text.slice(m.index + 1, end)
        const key = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw
        if (top.keys.has(key)) found.push({ key, line, path: open.slice(0, -1).map((o) => ('at' in o ? o.at : o.key!)) })
        top.keys.add(key)
        top.key = key
      }
      token.lastIndex = end + 1
    }
  }
  return found
}

/** Whether the character at `i` follows an odd number of backslashes: escaped. */
function escapedAt(text: string, i: number): boolean {
  let n = 0
  while (text[i - 1 - n] === '\\') n++
  return n % 2 === 1
}

/** The first key given twice in one object of `text` (valid JSON), with the line it is given again on; `undefined` when none is. */
export function repeatedKey(text: string): { key: string; line: number } | undefined {
  const [first] = repeatedKeys(text)
  return first && { key: first.key, line: first.line }
}

/** Says that `key` is given twice in one object, and what to do. */
export const givenTwice = (key: string) => `${quote(key)} is given twice in one object`

/** Says the first key given twice in one object of `text` (valid JSON), where, and what to do: `undefined` when none is. */
export function repeatedKeyProblem(text: string): string | undefined {
  const twice = repeatedKey(text)
  return twice && `${givenTwice(twice.key)}, on line ${twice.line}: keep one (the other would be lost)`
}
