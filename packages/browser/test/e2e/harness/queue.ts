import type { Page } from 'playwright-core'

// The SDK's queue as the page's IndexedDB holds it (database touchpoint-queue, object store
// responses), read and written from outside the SDK.

/** How many records the page's queue holds (0 before the SDK has made it). */
export const queueSize = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('touchpoint-queue')
        open.onerror = () => reject(open.error)
        open.onsuccess = () => {
          const db = open.result
          if (!db.objectStoreNames.contains('responses')) return db.close(), resolve(0)
          const count = db.transaction('responses').objectStore('responses').count()
          count.onsuccess = () => {
            db.close()
            resolve(count.result)
          }
        }
      }),
  )

/** Puts a record in the page's queue under its `id`, as an SDK (this one or an older one) would. */
export const putRecord = (page: Page, record: { id: string }) =>
  page.evaluate(
    (record) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('touchpoint-queue', 1)
        open.onupgradeneeded = () => open.result.createObjectStore('responses')
        open.onerror = () => reject(open.error)
        open.onsuccess = () => {
          const tx = open.result.transaction('responses', 'readwrite')
          tx.objectStore('responses').put(record, record.id)
          tx.oncomplete = () => (open.result.close(), resolve())
          tx.onerror = () => reject(tx.error)
        }
      }),
    record,
  )
