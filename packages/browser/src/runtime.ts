import type { Device } from '@touchpoint/core'
import type { Entry } from './debug.js'
import type { Emitter } from './emitter.js'
import type { PageInfo } from './page.js'
import type { Store } from './store.js'
import type { Collector, InitOptions } from './types.js'

/** Who answers, as stored on the device. */
export interface Visitor {
  anonymousId: string
  /** `null`: forgotten by `identify(null)` (before consent, the stored id must not come back). */
  userId?: string | null
  attributes?: Record<string, unknown>
}

/**
 * What the lazily loaded chunks (prompt, delivery) get from the runtime. Getters, not values:
 * storage moves from memory to IndexedDB and back with consent, and answers come later.
 */
export interface Runtime {
  options(): InitOptions
  state(): Store
  queue(): Store
  visitor(): Visitor
  locales(): readonly string[]
  collector(): Collector
  page(): PageInfo
  device(): Device
  emit: Emitter['emit']
  log(surveyId: string, ...entry: Entry): void
  /** Reports an error: console and `error` event; its message is `prefix` (what failed) and the error's own. */
  report(error: unknown, prefix?: string): void
  /** Loads the delivery chunk if needed and flushes the queue (`force`: backoff or not). */
  deliver(force?: boolean): Promise<void>
}
