import { error } from './log.js'
import type { EventMap } from './types.js'

type Handler = (payload: never) => void

/** The SDK's events. A handler that throws is reported on the console and never stops the others. */
export function emitter() {
  const handlers = new Map<string, Set<Handler>>()
  return {
    on<E extends keyof EventMap>(event: E, fn: (payload: EventMap[E]) => void) {
      if (!handlers.has(event)) handlers.set(event, new Set())
      handlers.get(event)!.add(fn as Handler)
    },
    off<E extends keyof EventMap>(event: E, fn: (payload: EventMap[E]) => void) {
      handlers.get(event)?.delete(fn as Handler)
    },
    emit<E extends keyof EventMap>(event: E, payload: EventMap[E]) {
      for (const fn of handlers.get(event) ?? []) {
        try {
          ;(fn as (p: EventMap[E]) => void)(payload)
        } catch (e) {
          error(`a "${event}" handler threw:`, e)
        }
      }
    },
  }
}

export type Emitter = ReturnType<typeof emitter>
