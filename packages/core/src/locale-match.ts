/** Whether `locale` (e.g. `it-IT`) is covered by `prefix` (`it` or `it-IT`), ignoring case. */
export function localeMatches(prefix: string, locale: string): boolean {
  const p = prefix.toLowerCase()
  const l = locale.toLowerCase()
  return l === p || l.startsWith(p + '-')
}
