// touchpoint.js: the classic script of the script tag. It keeps queueing calls, then imports the
// runtime module relative to its own URL (import() works from a classic script, needs no
// type="module" tag, and is allowed by any CSP that allows this script's origin).
interface Stub {
  (...args: unknown[]): Promise<unknown>
  /** The snippet's queue. */
  q?: unknown[]
  /** Set on this script's stub and on the runtime's `touchpoint()`: Touchpoint is loading or loaded. */
  loaded?: boolean
}

;(() => {
  const w = window as unknown as { touchpoint?: Stub }
  // touchpoint.js included twice (a tag manager and the page's own tag): the first one loads
  // the runtime, which replays the queue once; a second would replay it again, into a second
  // instance. So the second stops here, whether the first is still loading or done.
  if (w.touchpoint?.loaded) return
  // This script, unless the page has an <img name="currentScript"> (or a form, frame, embed
  // or object named so), which is document.currentScript then: neither the URL to import code
  // from nor data- attributes to read.
  let script = document.currentScript as HTMLScriptElement | null
  if (script?.tagName != 'SCRIPT') script = null
  const queued: unknown[] = w.touchpoint?.q ?? []
  // Until the runtime arrives, each call is queued as the snippet queues it (its arguments),
  // with the resolver of the promise it returns as `r`.
  const stub: Stub = (...args: unknown[] & { r?: (value: unknown) => void }) =>
    new Promise((resolve) => queued.push(((args.r = resolve), args)))
  stub.loaded = true
  w.touchpoint = stub
  // import() takes the URL as a string: its href.
  import(/* @vite-ignore */ new URL('touchpoint-runtime.js', script?.src || location.href) as unknown as string).then(
    (m: { boot(q: unknown[], s: HTMLScriptElement | null): void }) => m.boot(queued, script),
    (e) => console.error('[touchpoint] could not load touchpoint-runtime.js next to touchpoint.js', e),
  )
})()
