import { createStore, promisifyRequest } from 'idb-keyval'
import type { UseStore } from 'idb-keyval'

/** A key-value store: IndexedDB through idb-keyval, or memory where IndexedDB cannot be used. */
export interface Store {
  get<T>(key: string): Promise<T | undefined>
  set(key: string, value: unknown): Promise<void>
  /**
   * Reads `keys` in one transaction. With `fn`, the same transaction writes what `fn` returns
   * for them: its i-th value replaces key i (`undefined` deletes it: a record another tab
   * removed stays removed), keys past its end are only read. Resolves once committed, with each
   * key's value as it now stands. Read-modify-write in one transaction, so that tabs writing at
   * once do not lose updates; and one round trip to storage for several keys.
   */
  tx<T extends unknown[]>(keys: string[], fn?: (values: T) => unknown[]): Promise<T>
  delMany(keys: string[]): Promise<void>
  entries<T>(): Promise<[string, T][]>
  clear(): Promise<void>
  /** `true` when this store forgets everything with the page. */
  memory?: boolean
}

/** Errors worth one more try on a fresh connection: a full disk that may have been freed, or a connection the browser closed. */
const retryable = (e: unknown) => /QuotaExceeded|InvalidState|closing/i.test((e as Error)?.name + (e as Error)?.message)

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
  // bytes the always-loaded script does not need. Writes call commit() once their requests are
  // made: the transaction commits at once instead of after a round trip to the page, which
  // would wait behind whatever the page is doing.
  const write = (use: UseStore, fn: (s: IDBObjectStore) => void) =>
    use('readwrite', (s) => {
      fn(s)
      s.transaction.commit()
      return promisifyRequest(s.transaction)
    })
  const ops: Record<string, (use: UseStore, ...a: never[]) => Promise<unknown>> = {
    get: (use, key: string) => use('readonly', (s) => promisifyRequest(s.get(key))),
    set: (use, key: string, value: unknown) => write(use, (s) => s.put(value, key)),
    // Requests of a transaction succeed in order: when the last read succeeds, every value is
    // in. The writes happen in that success event, as idb-keyval's update does: no microtask
    // in between, or the transaction would have ended.
    tx: (use, keys: string[], fn?: (v: unknown[]) => unknown[]) =>
      use(fn ? 'readwrite' : 'readonly', (s) => {
        const reads = keys.map((k) => s.get(k))
        let out: unknown[]
        reads.at(-1)!.onsuccess = () => {
          out = reads.map((r) => r.result)
          fn?.(out).forEach((v, j) => ((out[j] = v) === undefined ? s.delete(keys[j]!) : s.put(v, keys[j])))
          s.transaction.commit()
        }
        return promisifyRequest(s.transaction).then(() => out)
      }),
    delMany: (use, keys: string[]) => write(use, (s) => keys.forEach((k) => s.delete(k))),
    entries: (use) =>
      use('readonly', (s) => Promise.all([promisifyRequest(s.getAllKeys()), promisifyRequest(s.getAll())])).then(([k, v]) =>
        k.map((key, i) => [key, v[i]]),
      ),
    clear: (use) => write(use, (s) => s.clear()),
  }
  const store = {} as Record<string, unknown>
  for (const k in ops) store[k] = (...a: never[]) => run((s) => ops[k]!(s, ...a))
  return store as unknown as Store
}

/** A store that lives as long as the page: before consent, and where IndexedDB is missing or broken. */
export function memoryStore(): Store {
  const m = new Map<string, unknown>()
  // Values are copied through structuredClone, as IndexedDB would, so callers never share objects.
  return {
    memory: true,
    get: async (k) => structuredClone(m.get(k)) as never,
    set: async (k, v) => void m.set(k, structuredClone(v)),
    tx: async (keys, fn) => {
      fn?.(structuredClone(keys.map((k) => m.get(k))) as never).forEach((v, j) => (v === undefined ? m.delete(keys[j]!) : m.set(keys[j]!, structuredClone(v))))
      return structuredClone(keys.map((k) => m.get(k))) as never
    },
    delMany: async (keys) => keys.forEach((k) => m.delete(k)),
    entries: async () => structuredClone([...m]) as never,
    clear: async () => m.clear(),
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
