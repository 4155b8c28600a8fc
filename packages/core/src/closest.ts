/**
 * Edit distance between two words, ignoring case: insertions, deletions, substitutions and
 * swaps of two neighbouring letters each count one (`folowUp` → `followUp` is 1).
 */
function distance(a: string, b: string): number {
  a = a.toLowerCase()
  b = b.toLowerCase()
  // d[i][j]: distance between the first i letters of a and the first j of b.
  // Not Array.from with a map function, which Prototype.js replaces with one that ignores it.
  const d = [...Array(a.length + 1).keys()].map((i) => [i, ...Array<number>(b.length).fill(0)])
  for (let j = 1; j <= b.length; j++) d[0]![j] = j
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i]!
      row[j] = Math.min(d[i - 1]![j]! + 1, row[j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j]!, d[i - 2]![j - 2]! + 1)
    }
  }
  return d[a.length]![b.length]!
}

/**
 * The candidate a misspelt name most likely meant, or `undefined` when none is close: at most
 * one edit for names of up to 5 letters, two up to 8, three beyond (a typo, not another word);
 * else a candidate that holds the whole name (`delay` → `delaySeconds`).
 * @example closest('folowUp', ['followUp', 'frequency']) // 'followUp'
 */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  const allowed = name.length <= 5 ? 1 : name.length <= 8 ? 2 : 3
  let best: string | undefined
  let bestDistance = allowed + 1
  for (const c of candidates) {
    const d = distance(name, c)
    if (d < bestDistance) [best, bestDistance] = [c, d]
  }
  const lower = name.toLowerCase()
  return best ?? (name.length >= 4 ? candidates.find((c) => c.toLowerCase().includes(lower)) : undefined)
}
