import { error, wrongly } from './log.js'
import { createTouchpoint } from './sdk.js'

/** What the snippet and the loader queue: the `arguments` of each call, with the loader's resolver of its promise as `r`. */
type Queued = ArrayLike<unknown> & { r?: (value: unknown) => void }

/**
 * The script-tag runtime, imported by `touchpoint.js`: replaces the queueing stub with the real
 * `touchpoint(command, …args)` and replays what was queued, in order. `data-collector` and
 * `data-config` on the script tag are an `init` without JavaScript.
 */
export function boot(queued: Queued[], script: HTMLScriptElement | null): void {
  // A page whose CSP allows touchpoint.js by nonce gets the same nonce on the prompt's <style>
  // fallback (browsers without constructable stylesheets), unless init says otherwise.
  const tp = createTouchpoint({ nonce: script?.nonce || undefined })
  /** Runs one call: its command, then its arguments. */
  const run = ([command, ...args]: Iterable<unknown>): unknown => {
    try {
      if (!Object.hasOwn(tp, command as string)) return wrongly(['command', command, Object.keys(tp)], error)
      return (tp as unknown as Record<string, (...a: unknown[]) => unknown>)[command as string]!(...args)
    } catch (e) {
      error(e)
    }
  }
  // A promise for every command, as the loader's stub gives before the runtime arrives.
  const touchpoint = (...call: unknown[]) => Promise.resolve(run(call))
  touchpoint.loaded = true
  ;(window as unknown as { touchpoint: unknown }).touchpoint = touchpoint

  const data = script?.dataset
  if (data?.collector || data?.config) {
    const init = ['init', { collector: data.collector, config: data.config }]
    // Attributes come first unless the page's own snippet already calls init (then theirs wins, with a warning).
    if (queued.some((a) => a[0] === 'init')) queued.push(init)
    else queued.unshift(init)
  }
  for (const call of queued) {
    // Run even with no `r` to call: `r?.(run())` would skip run() too.
    const result = run(call as unknown as Iterable<unknown>)
    call.r?.(result)
  }
}
