import { createTouchpoint } from './sdk.js'

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

export { createTouchpoint }

export type { TouchpointFunction } from './global-function.js'
export type { Touchpoint } from './sdk.js'
export type { Collector, CollectorOption, EventMap, EventName, InitOptions } from './types.js'
export type { Appearance, Position } from '@touchpoint/widget'
export type { Context, Envelope, EventPayload, ResponsePayload, Survey, SurveyConfig } from '@touchpoint/core'
