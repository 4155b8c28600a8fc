/** Browsers refuse a beacon (or keepalive fetch) body over 64 KiB; stay a little under. */
export const BEACON_MAX_BYTES = 60 * 1024

const bytes = (s: string) => new TextEncoder().encode(s).length

/**
 * Splits items into groups whose body stays under `max` bytes, in order. Groups are filled from
 * each item's own size (linear work: this runs while the page is being hidden), then checked
 * whole and halved if `body` made them larger. An item too large on its own is left out: it
 * goes by a normal request later.
 */
export function beaconChunks<T>(items: T[], body: (group: T[]) => string, max = BEACON_MAX_BYTES): T[][] {
  const empty = bytes(body([]))
  const chunks: T[][] = []
  let current: T[] = []
  let size = empty
  for (const item of items) {
    const own = bytes(body([item])) - empty + 1
    if (empty + own > max) continue
    if (size + own > max && current.length) {
      chunks.push(current)
      current = []
      size = empty
    }
    current.push(item)
    size += own
  }
  if (current.length) chunks.push(current)
  const fit = (group: T[]): T[][] =>
    bytes(body(group)) <= max ? [group] : group.length > 1 ? [...fit(group.slice(0, group.length >> 1)), ...fit(group.slice(group.length >> 1))] : []
  return chunks.flatMap(fit)
}
