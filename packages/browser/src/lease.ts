// A lock for browsers without Web Locks (Safari < 15.4, Firefox < 96): a lease record with an
// expiry, taken in one IndexedDB transaction and renewed while held, so that a tab that dies
// releases it by letting it expire. Loaded only where navigator.locks is missing.
import type { Store } from './store.js'
import { uuid } from './uuid.js'

interface Lease {
  tab: string
  until: number
}

const tab = uuid()

/**
 * Takes the lease `name` for `ms` (renewed every third of it while held). Resolves with the
 * release function, or `null` when another tab holds it.
 */
export async function lease(state: Store, name: string, ms = 10_000): Promise<(() => void) | null> {
  let mine = false
  const take = ([l]: [Lease?]): [Lease?] => {
    const now = Date.now()
    // A lease that ends further off than any is taken for was taken under a clock that has gone
    // back since: its tab would hold it until the clock caught up, even closed (days, or years).
    mine = !l || l.until < now || l.until > now + ms || l.tab === tab
    return [mine ? { tab, until: now + ms } : l]
  }
  await state.tx([name], take)
  if (!mine) return null
  const renew = setInterval(() => void state.tx([name], take), ms / 3)
  return () => {
    clearInterval(renew)
    void state.tx<[Lease?]>([name], ([l]) => [l?.tab === tab ? undefined : l])
  }
}
