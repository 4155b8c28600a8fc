import type { Store } from './store.js'

/**
 * Resolves with a release function when this tab holds the lock `name`, `null` while another
 * tab holds it (no waiting). Web Locks where they work: a closed or crashed tab releases its
 * locks. Otherwise (no `navigator.locks`, or a frame that may not use them, such as a sandboxed
 * iframe) a lease in the state store, whose code is fetched only by pages that need it.
 * Used for "one prompt on screen across tabs" and "one tab flushes the queue".
 */
export function tabLock(name: string, state: Store): Promise<(() => void) | null> {
  const key = `touchpoint-${name}`
  return new Promise<(() => void) | null>((resolve, fail) => {
    // Without navigator.locks this throws, and the lease takes over as when a request fails.
    navigator.locks
      .request(key, { ifAvailable: true }, (lock) => (lock ? new Promise<void>(resolve as never) : resolve(null)))
      .catch(fail)
  }).catch(() => import('./lease.js').then((m) => m.lease(state, key)))
}
