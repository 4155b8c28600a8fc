const QUOTE = 0x22
const BACKSLASH = 0x5c
const COMMA = 0x2c
const OPEN_OBJECT = 0x7b
const OPEN_ARRAY = 0x5b
const CLOSE_OBJECT = 0x7d
const CLOSE_ARRAY = 0x5d
const NULL = Buffer.from('null')
/** The bytes that matter outside strings; everything else is skipped at once. */
const SPECIAL = new Uint8Array(256)
for (const c of [QUOTE, COMMA, OPEN_OBJECT, OPEN_ARRAY, CLOSE_OBJECT, CLOSE_ARRAY]) SPECIAL[c] = 1
/** Longest member name worth decoding: `"responses"` written entirely in \u escapes. */
const MAX_NAME_BYTES = 64

/** What `nestingGuard` found so far; see there. */
export interface NestingGuard {
  /** The bytes of `chunk` to keep: all of them, except the insides of records that nest too deep. */
  write(chunk: Buffer): Buffer[]
  /** Whether the envelope itself (outside any record of `responses`) nests deeper than allowed. */
  readonly envelopeTooDeep: boolean
  /** The positions in `responses` of the records that nest deeper than allowed. */
  readonly tooDeep: ReadonlySet<number>
  /** The same for the records of `events`. */
  readonly eventsTooDeep: ReadonlySet<number>
}

/**
 * Watches a JSON body go by, chunk by chunk, for arrays and objects nested more than `maxDepth`
 * levels (the envelope's own object is level 1, a record of `responses` level 3). Deep nesting
 * costs the parser time and memory out of all proportion to its size (a 1 MB body of `[[[…`
 * is half a million arrays), and code that walks it recursively runs out of stack. So nothing
 * that deep ever reaches `JSON.parse`:
 * - outside the records (the envelope, an unknown member), the guard flags the envelope, and
 *   the caller refuses the body without reading the rest;
 * - inside a record of `responses` (or `events`), the value that crosses the limit is cut out
 *   and replaced by `null`, and the record's position is listed in `tooDeep` (`eventsTooDeep`),
 *   so that the caller rejects that record alone and keeps the others.
 *
 * A byte loop that tracks strings and brackets: 2 to 4 ms per MB (0.004 ms per KB). It does not check the
 * syntax (`JSON.parse` does, on what is kept); a cut-out value is not read at all.
 */
export function nestingGuard(maxDepth: number): NestingGuard {
  if (maxDepth < 3) throw new RangeError(`maxDepth must be 3 or more, to let records through (got ${maxDepth})`)
  let depth = 0
  let inString = false
  let escaped = false
  /** The level at which the value being cut out started; -1 when not cutting. */
  let cutAt = -1
  let rootIsObject = false
  /** At level 1, the next string is a member name. */
  let expectName = false
  /** The bytes of the member name being read at level 1; undefined when not reading one. */
  let name: number[] | undefined
  let member = ''
  /** Inside the array that is the value of the envelope's `responses` or `events`: its positions. */
  let inRecords: Set<number> | undefined
  let record = 0
  let tooDeep = new Set<number>()
  let eventsTooDeep = new Set<number>()
  let envelopeTooDeep = false

  const memberName = (bytes: number[]) => {
    const raw = Buffer.from(bytes).toString('utf8')
    if (!raw.includes('\\')) return raw
    try {
      return JSON.parse(`"${raw}"`) as string
    } catch {
      return ''
    }
  }

  return {
    get envelopeTooDeep() {
      return envelopeTooDeep
    },
    get tooDeep() {
      return tooDeep
    },
    get eventsTooDeep() {
      return eventsTooDeep
    },
    write(chunk) {
      const kept: Buffer[] = []
      let keepFrom = 0
      // The hot state in locals (a few times faster than in the closure), written back at the end.
      let d = depth
      let cut = cutAt
      let str = inString
      let esc = escaped
      const n = chunk.length
      for (let i = 0; i < n; i++) {
        let c = chunk[i]!
        if (str) {
          if (name) {
            if (esc) esc = false
            else if (c === BACKSLASH) esc = true
            else if (c === QUOTE) {
              str = false
              member = memberName(name)
              name = undefined
              continue
            }
            if (name.push(c) > MAX_NAME_BYTES) (name = undefined), (member = '')
            continue
          }
          if (esc) {
            esc = false
            continue
          }
          while (c !== QUOTE && c !== BACKSLASH && ++i < n) c = chunk[i]!
          if (c === BACKSLASH) esc = true
          else if (c === QUOTE) str = false
          continue
        }
        if (cut >= 0) {
          // Inside a value being cut out: only brackets and strings matter.
          for (;;) {
            if (c === OPEN_ARRAY || c === OPEN_OBJECT) d++
            else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
              if (--d === cut) break
            } else if (c === QUOTE) break
            if (++i === n) break
            c = chunk[i]!
          }
          if (i === n) break
          if (c === QUOTE) str = true
          else (cut = -1), (keepFrom = i + 1)
          continue
        }
        if (!SPECIAL[c]) continue
        if (c === QUOTE) {
          str = true
          if (expectName && d === 1) (name = []), (member = ''), (expectName = false)
        } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
          if (d === 0) rootIsObject = c === OPEN_OBJECT
          if (d === maxDepth) {
            // Levels 1 and 2 are the envelope and its members: deeper than that inside
            // `responses` or `events` is inside a record.
            if (!inRecords) {
              envelopeTooDeep = true
              return kept
            }
            inRecords.add(record)
            kept.push(chunk.subarray(keepFrom, i), NULL)
            cut = d++
            continue
          }
          d++
          if (d === 1 && rootIsObject) expectName = true
          else if (d === 2 && rootIsObject && c === OPEN_ARRAY && (member === 'responses' || member === 'events')) {
            // A repeated member replaces the earlier one, in JSON.parse too.
            inRecords = new Set()
            if (member === 'responses') tooDeep = inRecords
            else eventsTooDeep = inRecords
            record = 0
          }
        } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
          if (d > 0) d--
          if (d === 1) inRecords = undefined
        } else if (d === 1) expectName = rootIsObject
        else if (d === 2 && inRecords) record++
      }
      depth = d
      cutAt = cut
      inString = str
      escaped = esc
      if (cut < 0) kept.push(keepFrom ? chunk.subarray(keepFrom) : chunk)
      return kept
    },
  }
}
