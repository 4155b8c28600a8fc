/**
 * A v4 UUID. `crypto.randomUUID` exists only in secure contexts; on plain-http pages the URL of
 * a Blob gives one, which browsers make as a random v4 UUID too (the File API asks for a UUID,
 * and Chromium, Firefox and WebKit make v4), released at once.
 */
export function uuid(): string {
  if (crypto.randomUUID) return crypto.randomUUID()
  const url = URL.createObjectURL(new Blob())
  URL.revokeObjectURL(url)
  return url.slice(-36)
}
