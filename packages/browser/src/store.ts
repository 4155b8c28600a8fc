import { createStore, promisifyRequest } from 'idb-keyval'
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
  // idb-keyval's createStore opens the database (creating the object store once, reopening after
  // the browser closes the connection); each operation is one transaction on it. These are its
  // own get/set/… minus the default store and the cursor fallback for browsers without getAll:
  // bytes the always-loaded script does not need. `update` also deletes on undefined.
  const write = (use: UseStore, fn: (s: IDBObjectStore) => void) =>
    use('readwrite', (s) => {
      fn(s)
      return promisifyRequest(s.transaction)
    })
  const ops: Record<string, (...a: never[]) => Promise<unknown>> = {
    get: (key: string, use: UseStore) => use('readonly', (s) => promisifyRequest(s.get(key))),
    set: (key: string, value: unknown, use: UseStore) => write(use, (s) => s.put(value, key)),
    // The write happens in the read's success event, as idb-keyval does: no microtask in between.
    update: (key: string, fn: (old: unknown) => unknown, use: UseStore) =>
      write(use, (s) => {
        const read = s.get(key)
        read.onsuccess = () => {
          const value = fn(read.result)
          if (value === undefined) s.delete(key)
          else s.put(value, key)
        }
      }),
    del: (key: string, use: UseStore) => write(use, (s) => s.delete(key)),
    delMany: (keys: string[], use: UseStore) => write(use, (s) => keys.forEach((k) => s.delete(k))),
    entries: (use: UseStore) =>
      use('readonly', (s) => Promise.all([promisifyRequest(s.getAllKeys()), promisifyRequest(s.getAll())])).then(([k, v]) =>
        k.map((key, i) => [key, v[i]]),
      ),
    clear: (use: UseStore) => write(use, (s) => s.clear()),
  }
  const store = {} as Record<string, unknown>
  for (const k in ops) store[k] = (...a: never[]) => run((s) => ops[k]!(...a, s as never) as Promise<never>)
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
