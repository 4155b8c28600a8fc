// The cost of the SDK over time: `npm run size` compares what it measures with the figures of
// docs/performance.md's budget table ("Against the budgets", which `npm run bench` writes).
// Pure functions, tested in packages/browser/test/size-drift.test.ts.

/** How far (bytes, min+gzip) the always-loaded size may grow beyond its documented figure. */
export const ALWAYS_LOADED_SLACK = 100

/** The always-loaded scenario's name in size.mjs and in the table. */
export const ALWAYS_LOADED = 'always-loaded (loader + runtime)'

/**
 * The min+gzip figure of each row of the budget table, in bytes, by scenario name.
 * @example documentedSizes('| always-loaded (loader + runtime), min+gzip | 5.96 KB (brotli …) | ≤ 6.00 KB |')
 * // { 'always-loaded (loader + runtime)': 5960 }
 */
export function documentedSizes(markdown) {
  const sizes = {}
  for (const m of markdown.matchAll(/^\| (.+?), min\+gzip \| (\d+(?:\.\d+)?) KB/gm)) sizes[m[1]] = Math.round(Number(m[2]) * 1000)
  return sizes
}

/** `+0.12 KB`, `-0.40 KB`, `±0.00 KB` (1 KB = 1000 bytes). */
export function change(bytes) {
  const kb = (Math.abs(bytes) / 1000).toFixed(2)
  return kb === '0.00' ? '±0.00 KB' : `${bytes > 0 ? '+' : '-'}${kb} KB`
}

/**
 * Whether the always-loaded size may pass. It fails when it grew by more than
 * `ALWAYS_LOADED_SLACK` beyond the figure that docs/performance.md, as it is in the working
 * tree, gives for it: a change that makes every page heavier must say so in the budget table
 * in the same change (`npm run bench`, or the row edited by hand), and then that figure is the
 * one measured and this passes. Comparing with the file, not with git, holds before a commit,
 * in CI, and in a checkout without history alike.
 * @returns `undefined` when it may pass, else the message to print
 */
export function alwaysLoadedProblem(measured, documented, slack = ALWAYS_LOADED_SLACK) {
  if (documented === undefined) return `docs/performance.md gives no figure for "${ALWAYS_LOADED}": run npm run bench to write its budget table`
  if (measured - documented <= slack) return
  return (
    `${ALWAYS_LOADED} grew by ${change(measured - documented).slice(1)} beyond the ${(documented / 1000).toFixed(2)} KB that docs/performance.md gives ` +
    `(more than ${(slack / 1000).toFixed(2)} KB): every page pays for it. If it is worth it, update the budget table in the same change ` +
    `(npm run bench rewrites it, or write ${(measured / 1000).toFixed(2)} KB in its row)`
  )
}
