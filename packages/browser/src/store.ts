import { clear, createStore, del, delMany, entries, get, promisifyRequest, set } from 'idb-keyval'
import type { UseStore } from 'idb-keyval'

/** A key-value store: IndexedDB through idb-keyval, or memory where IndexedDB cannot be used. */
export interface Store {
  get<T>(key: string): Promise<T | undefined>
  set(key: string, value: unknown): Promise<void>
  /**
   * Read-modify-write in one transaction, so that tabs writing at once do not lose updates.
   * Returning `undefined` deletes the key (a record another tab removed stays removed).
   */
  update<T>(key: string, fn: (old: T | undefined) => T | undefined): Promise<void>
  del(key: string): Promise<void>
  delMany(keys: string[]): Promise<void>
  entries<T>(): Promise<[string, T][]>
  clear(): Promise<void>
  /** `true` when this store forgets everything with the page. */
  memory?: boolean
}

/** Errors worth one more try on a fresh connection: a full disk that may have been freed, or a connection the browser closed. */
const retryable = (e: unknown) => /QuotaExceeded|InvalidState/.test((e as Error)?.name) || /closing/i.test((e as Error)?.message)

/** A store in IndexedDB database `db`, object store `name`, retried once on a quota or closing error. */
export function idbStore(db: string, name: string): Store {
  let use: UseStore = createStore(db, name)
  const run = async <T>(op: (s: UseStore) => Promise<T>): Promise<T> => {
    try {
      return await op(use)
    } catch (e) {
      if (!retryable(e)) throw e
      use = createStore(db, name)
      return op(use)
    }
  }
  // idb-keyval's update always writes; this one deletes on undefined, in the same transaction.
  // The write happens in the read's success event, as idb-keyval does: no microtask in between.
  const update = (key: string, fn: (old: unknown) => unknown, use: UseStore) =>
    use('readwrite', (s) => {
      const read = s.get(key)
      read.onsuccess = () => {
        const value = fn(read.result)
        if (value === undefined) s.delete(key)
        else s.put(value, key)
      }
      return promisifyRequest(s.transaction)
    })
  // Every function here takes the store as its last argument.
  const ops = { get, set, update, del, delMany, entries, clear } as unknown as Record<string, (...a: unknown[]) => Promise<never>>
  const store = {} as Record<string, unknown>
  for (const k in ops) store[k] = (...a: unknown[]) => run((s) => ops[k]!(...a, s))
  return store as unknown as Store
}

/** A store that lives as long as the page: before consent, and where IndexedDB is missing or broken. */
export function memoryStore(): Store {
  const m = new Map<string, unknown>()
  const ok = Promise.resolve()
  // Values are copied through structuredClone, as IndexedDB would, so callers never share objects.
  return {
    memory: true,
    get: async (k) => structuredClone(m.get(k)) as never,
    set: async (k, v) => void m.set(k, structuredClone(v)),
    update: async (k, fn) => {
      const value = fn(structuredClone(m.get(k)) as never)
      if (value === undefined) m.delete(k)
      else m.set(k, structuredClone(value))
    },
    del: async (k) => void m.delete(k),
    delMany: async (keys) => keys.forEach((k) => m.delete(k)),
    entries: async () => structuredClone([...m]) as never,
    clear: () => (m.clear(), ok),
  }
}

/**
 * Whether IndexedDB works here: a read that must finish within `ms`. Private modes and broken
 * profiles either throw or never answer; both mean "use memory".
 */
export function probe(store: Store, ms = 3000): Promise<boolean> {
  return Promise.race([
    store.get('probe').then(() => true, () => false),
    new Promise<boolean>((resolve) => setTimeout(resolve, ms, false)),
  ])
}
