import { error, wrongly } from './log.js'
import { createTouchpoint } from './sdk.js'

/** What the snippet and the loader queue: `arguments` objects, or `[args, resolve]` pairs from the loader. */
type Queued = IArguments | unknown[] | [ArrayLike<unknown>, (value: unknown) => void]

/**
 * The script-tag runtime, imported by `touchpoint.js`: replaces the queueing stub with the real
 * `touchpoint(command, …args)` and replays what was queued, in order. `data-collector` and
 * `data-config` on the script tag are an `init` without JavaScript.
 */
export function boot(queued: Queued[], script: HTMLScriptElement | null): void {
  // A page whose CSP allows touchpoint.js by nonce gets the same nonce on the prompt's <style>
  // fallback (browsers without constructable stylesheets), unless init says otherwise.
  const tp = createTouchpoint({ nonce: script?.nonce || undefined })
  const run = (command: unknown, args: unknown[]): unknown => {
    try {
      const fn = (tp as Record<string, unknown>)[command as string]
      if (!Object.hasOwn(tp, command as string)) return wrongly(['command', command, Object.keys(tp)], error)
      return (fn as (...a: unknown[]) => unknown)(...args)
    } catch (e) {
      error(e)
    }
  }
  // A promise for every command, as the loader's stub gives before the runtime arrives.
  const touchpoint = (command: unknown, ...args: unknown[]) => Promise.resolve(run(command, args))
  touchpoint.loaded = true
  ;(window as unknown as { touchpoint: unknown }).touchpoint = touchpoint

  const data = script?.dataset
  const calls: [ArrayLike<unknown>, ((v: unknown) => void)?][] = queued.map((q) =>
    typeof (q as unknown[])[1] === 'function' && Array.isArray(q) ? (q as [ArrayLike<unknown>, (v: unknown) => void]) : [q as ArrayLike<unknown>],
  )
  if (data?.collector || data?.config) {
    const init: [ArrayLike<unknown>] = [['init', { collector: data.collector, config: data.config }]]
    // Attributes come first unless the page's own snippet already calls init (then theirs wins, with a warning).
    if (calls.some(([a]) => a[0] === 'init')) calls.push(init)
    else calls.unshift(init)
  }
  for (const [args, resolve] of calls) {
    const [command, ...rest] = args as unknown as Iterable<unknown>
    const result = run(command, rest)
    resolve?.(result)
  }
}
