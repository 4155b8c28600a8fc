import type { Store } from './store.js'

/**
 * Resolves with a release function when this tab may show a prompt, `null` while another tab
 * shows one. Web Locks where present (a closed or crashed tab releases its lock); otherwise a
 * lease in IndexedDB, whose code is fetched only by the browsers that need it.
 */
export function promptLock(state: Store): Promise<(() => void) | null> {
  const locks = navigator.locks
  if (!locks) return import('./lease.js').then((m) => m.lease(state, 'promptLease'))
  return new Promise((resolve) => {
    void locks.request('touchpoint-prompt', { ifAvailable: true }, (lock) =>
      lock ? new Promise<void>((release) => resolve(() => release())) : resolve(null),
    )
  })
}
