import { createTouchpoint as create } from './sdk.js'
import type { Touchpoint } from './sdk.js'
import type { InitOptions } from './types.js'

/** The commands, each guarded below; `on`, `off` and `destroy` return nothing. */
const COMMANDS = ['init', 'track', 'identify', 'reset', 'show', 'consent', 'on', 'off', 'flush', 'destroy'] as const
const VOID = ['on', 'off', 'destroy']
/** Whether debug mode has said once, in this process, that Touchpoint does not start on the server. */
let said = false

/**
 * A Touchpoint instance for the ESM exports. A server render (Next.js, Nuxt, SvelteKit, Remix,
 * Astro…) imports this module and may call it where there is no document: there each command does
 * nothing, keeps nothing and schedules nothing, and its promise resolves at once (`init` fires no
 * `ready`); `on` registers no handler (a server would keep one per request). Only `debug: true`
 * says so, once per process: being called there is what server rendering does, not a mistake.
 * The SDK itself is made on the first call in a page, so that importing touches nothing. The
 * script tag never runs on a server: its runtime calls sdk.ts directly and carries no guard.
 */
export function createTouchpoint(defaults?: Partial<InitOptions>): Touchpoint {
  let tp: Touchpoint | undefined
  const guarded: Record<string, (...args: unknown[]) => unknown> = {}
  for (const name of COMMANDS) {
    guarded[name] = (...args) => {
      if (typeof document != 'undefined') return ((tp ??= create(defaults))[name] as (...a: unknown[]) => unknown)(...args)
      if (name === 'init' && !said && (args[0] as InitOptions | undefined)?.debug) {
        said = true
        console.info('[touchpoint]', 'not started: there is no document here (a server render?); init runs in the browser')
      }
      return VOID.includes(name) ? undefined : Promise.resolve()
    }
  }
  return guarded as unknown as Touchpoint
}

const tp = createTouchpoint()

/** Starts Touchpoint: where answers go, which surveys run. A second call is ignored with a warning. */
export const init = tp.init
/** Records a custom touchpoint event, e.g. `track('checkout_completed', { total: 42 })`. */
export const track = tp.track
/** Says who answers: `identify('u-42', { plan: 'pro' })`; audience rules can match the attributes. */
export const identify = tp.identify
/** Forgets the user, their survey history and the anonymous id; queued answers stay. */
export const reset = tp.reset
/** Shows a survey now, skipping triggers, audience and frequency rules but not consent. */
export const show = tp.show
/** With `requireConsent: true`: `'granted'` lets Touchpoint store, send and show; `'denied'` erases what it stored. */
export const consent = tp.consent
/** Subscribes to `ready`, `shown`, `answered`, `dismissed`, `queued`, `delivered`, `dropped` or `error`. */
export const on = tp.on
/** Removes a handler added with `on`. */
export const off = tp.off
/** Tries to deliver queued answers now; resolves when the attempt ends. */
export const flush = tp.flush
/** Removes listeners, UI and timers; queued answers stay on disk. */
export const destroy = tp.destroy

export type { TouchpointFunction } from './global-function.js'
export type { Touchpoint } from './sdk.js'
export type { Collector, CollectorOption, EventMap, EventName, InitOptions } from './types.js'
export type { Appearance, Position } from '@touchpoint/widget'
export type { Context, Envelope, EventPayload, ResponsePayload, Survey, SurveyConfig } from '@touchpoint/core'
