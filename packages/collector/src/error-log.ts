/** Most kinds of error remembered at once; the oldest is forgotten first. */
const MAX_KINDS = 1000

/**
 * A log that writes at most one line per kind of error per interval, and counts the lines it
 * holds back into the next one of that kind. A full disk fails every request the same way:
 * the log says so once a minute instead of filling what space is left.
 * @returns `log(kind, line)`; the kind groups lines that say the same thing.
 */
export function boundedLog({
  intervalMs = 60_000,
  now = Date.now,
  write = (line: string) => console.error(line),
}: { intervalMs?: number; now?: () => number; write?: (line: string) => void } = {}) {
  const kinds = new Map<string, { at: number; held: number }>()
  return (kind: string, line: string): void => {
    const t = now()
    const seen = kinds.get(kind)
    if (seen && t - seen.at < intervalMs) {
      seen.held++
      return
    }
    write(seen?.held ? `${line} (${seen.held} more like it were not logged in the last ${Math.round((t - seen.at) / 1000)} s)` : line)
    kinds.delete(kind)
    kinds.set(kind, { at: t, held: 0 })
    if (kinds.size > MAX_KINDS) kinds.delete(kinds.keys().next().value!)
  }
}
