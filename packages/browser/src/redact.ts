// Path segments that identify a person or unlock an account: emails, reset and magic-link
// tokens, ids. They are replaced before answers leave the page (unless `redactPaths: false`),
// so that a collector's database, dashboards and exports never hold them.

const UUID = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i
// After the @, not a digit: `react@18.2.0` in a CDN path is a package version, not an address.
const EMAIL = /^[^@]+@[^@\d]/
const HEX = /^[\da-f]{16,}$/i
const TOKEN = /^[\w.~=+-]{16,}$/
/** Where one character class gives way to another as generated tokens do: `aB`, `a1`, `1a`. */
const SHIFT = /[a-z](?=[A-Z\d])|[A-Z](?=\d)|\d(?=[a-zA-Z])/g

/**
 * What replaces a path segment, or the segment itself: `:email`, `:id` (a UUID), `:token` (16 or
 * more hex digits; or 16 or more letters, digits and `-_.~=+` that shift from lower to upper
 * case, or between letters and digits, at least once every 8 characters, as generated tokens
 * do). Words, slugs, dates and short ids stay.
 * @example redactSegment('jane@example.com') // ':email'
 */
export function redactSegment(segment: string): string {
  let text = segment
  try {
    text = decodeURIComponent(segment)
  } catch {
    // A stray % in the path: judge it as written.
  }
  if (EMAIL.test(text)) return ':email'
  if (UUID.test(text)) return ':id'
  if (HEX.test(text)) return ':token'
  if (TOKEN.test(text)) {
    // Case shifts in words (`MyProductName`) are few, and a slug's digits come in runs
    // (`running-shoes-2024`); a random token shifts about every other character.
    const shifts = text.match(SHIFT)?.length ?? 0
    if (shifts >= 2 && shifts * 8 >= text.length) return ':token'
  }
  return segment
}

/**
 * A path, or the path of an absolute URL, with its identifying segments replaced; the query
 * and hash are left as they are (they are dropped before this unless `keepUrlQuery`).
 * @example redactUrl('https://shop.example.com/reset/4f9a2c1e8b7d6a5f4e3d') // 'https://shop.example.com/reset/:token'
 */
export function redactUrl(url: string): string {
  // An origin only after a scheme: a path may start with `//` (`//jane@example.com/orders`).
  return url.replace(/^([a-z][\w+.-]*:\/\/[^/?#]*)?([^?#]*)/i, (_, origin = '', path: string) => origin + path.split('/').map(redactSegment).join('/'))
}
