import { RESPONSE_LIMITS as MAX } from '@touchpoint/core'
import type { EventPayload, ResponsePayload } from '@touchpoint/core'

/**
 * A text cut to `max` UTF-16 code units, ending in `…` when cut, never in half a surrogate pair
 * (a lone surrogate is what some databases refuse).
 */
export const cut = (text: string, max: number): string =>
  text.length > max ? text.slice(0, max - 1).replace(/[\ud800-\udbff]$/, '') + '…' : text

/**
 * A URL or path cut to `max`: without its query and hash first, then at the last `/` that
 * fits, so that what is left names a real page, and `…` says it was cut.
 * @example cutUrl('https://x.test/a/bbbb?q=1', 16) // 'https://x.test/…'
 */
export function cutUrl(url: string, max: number): string {
  if (url.length <= max) return url
  url = url.replace(/[?#].*/, '')
  return url.length <= max ? url : url.slice(0, max - 1).replace(/[^/]*$/, '') + '…'
}

/**
 * Attributes as JSON sends them, whose JSON fits in `max` characters: the largest are left out
 * first, so that the most keys stay. A value JSON cannot hold (a function, a big number, an
 * object that holds itself) is left out, and what is kept is plain data (no method, no proxy):
 * what the queue in IndexedDB can store, or the answer would be lost there.
 */
export function fitAttributes(attributes: Record<string, unknown>, max: number): Record<string, unknown> | undefined {
  const kept: Record<string, unknown> = {}
  for (const k of Object.keys(attributes)) {
    try {
      // Arrays stay arrays where Prototype.js gives `Array.prototype` a `toJSON` (which makes
      // them strings): the replacer sees each value as it was before `toJSON`, in `this[k]`. The
      // same as delivery/send.ts's, kept in each chunk rather than in a file of its own.
      kept[k] = JSON.parse(
        JSON.stringify(attributes[k], function (this: Record<string, unknown>, k: unknown, v) {
          return Array.isArray((k = this[k as string])) ? k : v
        }),
      )
    } catch {
      // JSON.stringify gave undefined (a function) or threw (a big number, a cycle): left out.
    }
  }
  const size = (k: string) => JSON.stringify({ [k]: kept[k] }).length
  const keys = Object.keys(kept).sort((a, b) => size(b) - size(a))
  while (JSON.stringify(kept).length > max) delete kept[keys.shift()!]
  return keys.length ? kept : undefined
}

/**
 * An answer or an event as it can be sent: every field within the protocol's limits
 * (`RESPONSE_LIMITS`), so that a collector never refuses it for a long URL. Texts and URLs are
 * cut, attributes dropped key by key, and a user id that does not fit is left out (a cut id
 * names nobody). `touchpoint` (checked with the config) and `anonymousId` (a UUID) always fit;
 * an answer's `context` was picked within its limits. Page URLs go through `url` first (redaction).
 */
export function fit<P extends ResponsePayload | EventPayload>(p: P, url: (u: string) => string = (u) => u): P {
  const { page, visitor } = p
  const { comment } = p as ResponsePayload
  return {
    ...p,
    // An event has no comment: `undefined`, which JSON leaves out.
    comment: comment && cut(comment, MAX.comment),
    locale: p.locale && cut(p.locale, MAX.locale),
    trigger: p.trigger && cut(p.trigger, MAX.trigger),
    page: page && {
      url: cutUrl(url(page.url), MAX.url),
      path: cutUrl(url(page.path), MAX.path),
      referrer: page.referrer && cutUrl(url(page.referrer), MAX.referrer),
    },
    visitor: visitor && {
      ...visitor,
      userId: visitor.userId && visitor.userId.length <= MAX.userId ? visitor.userId : undefined,
      attributes: visitor.attributes && fitAttributes(visitor.attributes, MAX.attributes),
    },
  }
}
