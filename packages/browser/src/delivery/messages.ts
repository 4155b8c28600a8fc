// The console wording of delivery problems: answers given up, a collector that keeps failing.
// Written whether or not debug mode is on: a developer must see answers being lost.

/** What was given up, and what the collector said; see `droppedMessage`. */
export interface Dropped {
  /** Answers given up. */
  count: number
  /** Prompt events given up with them (shown, dismissed). */
  events?: number
  reason: 'rejected' | 'expired' | 'queue full'
  /** The collector's status; a 2xx when it rejected some answers of a batch it took. */
  status?: number
  /** Per answer id, the collector's reason (a 2xx with `rejected`). */
  reasons?: Record<string, string>
  /** The last failed attempt's error, for evictions. */
  lastError?: string
  url: string
  maxAgeDays: number
  maxSize: number
}

/** What to check for a status the collector refused a batch with. */
function hint(status: number): string {
  if (status === 404 || status === 405) return 'check the collector URL (init option collector)'
  if (status === 401 || status === 403) return "check collector.headers and the origins the collector allows"
  if (status === 413) return 'the answer alone is larger than the collector accepts'
  return 'check that it speaks the Touchpoint protocol (docs/collector-protocol.md), or your collector.transform'
}

/**
 * The console error for answers that were given up, once per batch: how many, the status or
 * the limit, and what to check.
 * @example droppedMessage({ count: 2, reason: 'rejected', status: 404, url: 'https://x.test/v1/respones', … })
 * // '2 answers dropped: the collector at https://x.test/v1/respones answered HTTP 404; check the collector URL (init option collector)'
 */
export function droppedMessage(d: Dropped): string {
  const n = (k: number | undefined, noun: string) => (k ? [`${k} ${noun}${k > 1 ? 's' : ''}`] : [])
  const what = `${[...n(d.count, 'answer'), ...n(d.events, 'prompt event')].join(' and ')} dropped: `
  if (d.reason !== 'rejected') {
    const limit = d.reason === 'expired' ? `older than maxQueueAge (${d.maxAgeDays} days)` : `beyond maxQueueSize (${d.maxSize})`
    return `${what}${limit}${d.lastError ? `, last error ${d.lastError}` : ''}; check that the collector at ${d.url} is reachable and answers 2xx`
  }
  if (d.reasons) {
    return `${what}the collector at ${d.url} rejected ${d.count + (d.events ?? 0) > 1 ? 'them' : 'it'}: ${Object.entries(d.reasons).map(([id, why]) => `${id}: ${why}`).join('; ')}`
  }
  return `${what}the collector at ${d.url} answered HTTP ${d.status}; ${hint(d.status!)}`
}

/**
 * The console warning for a collector that keeps failing, once per page load.
 * @example failingMessage('https://x.test/v1/responses', 3, 'HTTP 503')
 * // 'the collector at https://x.test/v1/responses keeps failing: 3 attempts, last error HTTP 503; answers stay queued and are retried'
 */
export function failingMessage(url: string, attempts: number, lastError: string): string {
  return `the collector at ${url} keeps failing: ${attempts} attempts, last error ${lastError}; answers stay queued and are retried`
}
