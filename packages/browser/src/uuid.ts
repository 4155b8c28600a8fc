/**
 * A v4 UUID. `crypto.randomUUID` exists only in secure contexts; on plain-http pages the URL of
 * a Blob gives one, which browsers make as a random v4 UUID too (the File API asks for a UUID,
 * and Chromium, Firefox and WebKit make v4), released at once.
 */
export function uuid(): string {
  let url: string
  return crypto.randomUUID?.() ?? (URL.revokeObjectURL((url = URL.createObjectURL(new Blob()))), url.slice(-36))
}
