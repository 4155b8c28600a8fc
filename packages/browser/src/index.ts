import { createTouchpoint } from './sdk.js'

const tp = createTouchpoint()

/** Starts Touchpoint: where answers go, which surveys run. A second call is ignored with a warning. */
export const init = tp.init
/** Records a custom touchpoint event, e.g. `track('checkout_completed', { total: 42 })`. */
export const track = tp.track
/** Subscribes to `ready`, `shown`, `answered`, `dismissed`, `queued`, `delivered`, `dropped` or `error`. */
export const on = tp.on
/** Removes a handler added with `on`. */
export const off = tp.off
/** Tries to deliver queued answers now; resolves when the attempt ends. */
export const flush = tp.flush
/** Removes listeners, UI and timers; queued answers stay on disk. */
export const destroy = tp.destroy

export { createTouchpoint }

export type { Touchpoint } from './sdk.js'
export type { CollectorOption, EventMap, EventName, InitOptions } from './types.js'
export type { Appearance, Position } from '@touchpoint/widget'
export type { Envelope, ResponsePayload, Survey, SurveyConfig } from '@touchpoint/core'
