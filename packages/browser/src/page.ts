import { listen } from './listen.js'

/** The page as responses and URL rules see it. */
export interface PageInfo {
  path: string
  href: string
  referrer: string
}

let referrer = ''

/** The current page; after an SPA navigation the referrer is the previous in-app URL. */
export function pageInfo(): PageInfo {
  return { path: location.pathname, href: location.href, referrer: referrer || document.referrer }
}

/**
 * Calls `onNavigate` after each SPA navigation: `pushState`, `replaceState`, `popstate` and
 * `hashchange`, once per URL change. `history` is wrapped, as every analytics tool does, with
 * the original called first and its result returned; the wrap is removed by the returned cleanup
 * unless someone wrapped it again since.
 */
export function watchNavigation(onNavigate: () => void): () => void {
  // Each watcher's own: a second Touchpoint on the page (createTouchpoint) sees each change too.
  let lastHref = location.href
  referrer = ''
  const check = () => {
    if (location.href === lastHref) return
    referrer = lastHref
    lastHref = location.href
    onNavigate()
  }
  const wrap = (name: 'pushState' | 'replaceState') => {
    // Wrapped where it is now: on `history` if another library wrapped it there (Sentry does),
    // else on History.prototype, so that a library wrapping History.prototype later (New
    // Relic does) still sees every call rather than being hidden by a wrap on `history`.
    const at = Object.hasOwn(history, name) ? history : History.prototype
    const original = at[name]
    const wrapped = function (this: History, ...args: Parameters<History['pushState']>) {
      const result = original.apply(this, args)
      check()
      return result
    }
    at[name] = wrapped
    return () => {
      if (at[name] === wrapped) at[name] = original
    }
  }
  const undo = [wrap('pushState'), wrap('replaceState'), listen(window, 'popstate', check), listen(window, 'hashchange', check)]
  return () => undo.forEach((f) => f())
}
