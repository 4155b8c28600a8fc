/** How far (bytes, min+gzip) the always-loaded size may grow beyond its documented figure. */
export const ALWAYS_LOADED_SLACK: number
/** The always-loaded scenario's name in size.mjs and in the table. */
export const ALWAYS_LOADED: string
/** The min+gzip figure of each row of docs/performance.md's budget table, in bytes, by scenario name. */
export function documentedSizes(markdown: string): Record<string, number>
/** `+0.12 KB`, `-0.40 KB`, `±0.00 KB`. */
export function change(bytes: number): string
/** `undefined` when the always-loaded size may pass, else the message to print; see size-drift.mjs. */
export function alwaysLoadedProblem(measured: number, documented: number | undefined, slack?: number): string | undefined
