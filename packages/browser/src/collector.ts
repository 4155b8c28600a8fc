import type { CollectorOption } from './types.js'

/** A collector, resolved: absolute URL, headers, optional transform. */
export interface Collector {
  url: string
  headers: Record<string, string>
  transform?: (batch: never) => unknown
}

/** Resolves `collector` against the page, or returns why it cannot be used. */
export function resolveCollector(c: CollectorOption | undefined): Collector | string {
  const o = typeof c === 'string' ? { url: c } : c
  if (typeof o !== 'object' || !o || typeof o.url !== 'string' || !o.url) {
    return `collector must be a URL or { url, headers?, transform? } (got ${JSON.stringify(c)})`
  }
  if (o.transform !== undefined && typeof o.transform !== 'function') return 'collector.transform must be a function'
  try {
    return { url: new URL(o.url, location.href).href, headers: { ...o.headers }, transform: o.transform as Collector['transform'] }
  } catch {
    return `collector.url is not a URL (got "${o.url}")`
  }
}
