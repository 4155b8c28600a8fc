import type { Store } from './store.js'

/**
 * Resolves with a release function when this tab holds the lock `name`, `null` while another
 * tab holds it (no waiting). Web Locks where present: a closed or crashed tab releases its
 * locks. Otherwise a lease in IndexedDB, whose code is fetched only by browsers that need it.
 * Used for "one prompt on screen across tabs" and "one tab flushes the queue".
 */
export function tabLock(name: string, state: Store): Promise<(() => void) | null> {
  const locks = navigator.locks
  if (!locks) return import('./lease.js').then((m) => m.lease(state, `lease:${name}`))
  return new Promise((resolve) => {
    void locks.request(`touchpoint-${name}`, { ifAvailable: true }, (lock) =>
      lock ? new Promise<void>((release) => resolve(release as () => void)) : resolve(null),
    )
  })
}
