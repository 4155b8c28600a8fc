import { listen } from '../listen.js'

/**
 * Calls `fn` once `ms` of *visible* time has passed: the clock stops while the tab is hidden,
 * so that time-based triggers never fire into a page nobody looks at. `restart()` sets the
 * clock back to `ms` (idle uses it on each input).
 */
export function visibleTimer(ms: number, fn: () => void) {
  let left = ms
  let since = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  const pause = () => {
    clearTimeout(timer)
    timer = undefined
    left -= Date.now() - since
  }
  const run = () => {
    since = Date.now()
    timer = setTimeout(() => {
      stop()
      fn()
    }, left)
  }
  const onVisibility = () => (document.hidden ? timer && pause() : !timer && run())
  const stop = () => {
    clearTimeout(timer)
    unlisten()
  }
  const unlisten = listen(document, 'visibilitychange', onVisibility)
  // Not running yet: starts unless the tab is hidden.
  onVisibility()
  return {
    restart() {
      if (timer) pause()
      left = ms
      onVisibility()
    },
    stop,
  }
}
