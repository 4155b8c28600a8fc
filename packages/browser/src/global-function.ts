import type { EventMap, EventName, InitOptions } from './types.js'

/**
 * The global `touchpoint(command, ...args)` of the script tag, one overload per command.
 * Every call returns a promise of the command's end (before the script loads, of its replay).
 * @example touchpoint('track', 'checkout_completed', { total: 42 })
 */
export interface TouchpointFunction {
  (command: 'init', options: InitOptions): Promise<void>
  (command: 'track', name: string, properties?: Record<string, unknown>): Promise<void>
  (command: 'identify', userId?: string | null, attributes?: Record<string, unknown>): Promise<void>
  (command: 'reset'): Promise<void>
  (command: 'show', surveyId: string, options?: { context?: Record<string, unknown> }): Promise<void>
  (command: 'consent', value: 'granted' | 'denied'): Promise<void>
  <E extends EventName>(command: 'on' | 'off', event: E, handler: (payload: EventMap[E]) => void): Promise<void>
  (command: 'flush'): Promise<void>
  (command: 'destroy'): Promise<void>
  /** Calls queued by the snippet before the script loaded. */
  q?: unknown[]
}
