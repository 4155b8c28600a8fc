/** The strong ETag of a published version: it never changes, as the version never does. */
export const versionTag = (version: number) => `"v${version}"`

/**
 * The versions an `If-Match` header names, `'*'` for any. Both ETags the config API gives name
 * a version: `"v7"` (a version) and `"v7-…"` (the config served from it). Weak tags (`W/"…"`)
 * name none: `If-Match` compares strongly.
 * @example matchedVersions('"v7-AbC", "v9"') // [7, 9]
 */
export function matchedVersions(header: string): number[] | '*' {
  if (header.trim() === '*') return '*'
  const out: number[] = []
  for (const tag of header.split(',')) {
    const m = /^\s*"v(\d{1,9})(?:-[\w-]*)?"\s*$/.exec(tag)
    if (m) out.push(Number(m[1]))
  }
  return out
}

/** Whether an `If-None-Match` header holds `etag` (weak comparison, as GET and HEAD use). */
export function noneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false
  return header.trim() === '*' || header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)
}
