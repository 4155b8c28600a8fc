/** The strong ETag of a published version: it never changes, as the version never does. */
export const versionTag = (version: number) => `"v${version}"`

/** An `If-Match` header as HTTP spells it: `*`, or a list of entity tags (`"…"`, `W/"…"`). */
const TAG = '(?:W/)?"[\\x21\\x23-\\x7e\\x80-\\xff]*"'
const TAG_LIST = new RegExp(`^[\\s,]*${TAG}(?:\\s*,[\\s,]*${TAG})*[\\s,]*$`)

/**
 * The versions an `If-Match` header names, `'*'` for any, `undefined` when it is not a list of
 * entity tags (`v7` without its quotes, say). Both ETags the config API gives name a version:
 * `"v7"` (a version) and `"v7-…"` (the config served from it). Weak tags (`W/"…"`) name none:
 * `If-Match` compares strongly.
 * @example matchedVersions('"v7-AbC", "v9"') // [7, 9]
 */
export function matchedVersions(header: string): number[] | '*' | undefined {
  if (header.trim() === '*') return '*'
  if (!TAG_LIST.test(header)) return
  const out: number[] = []
  for (const [, weak, opaque] of header.matchAll(/(W\/)?"([^"]*)"/g)) {
    const m = weak ? null : /^v(\d{1,9})(?:-[\w-]*)?$/.exec(opaque!)
    if (m) out.push(Number(m[1]))
  }
  return out
}

/** Whether an `If-None-Match` header holds `etag` (weak comparison, as GET and HEAD use). */
export function noneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false
  return header.trim() === '*' || header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)
}
