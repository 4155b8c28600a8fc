import { css } from './styles.js'

/**
 * One sheet for every prompt of the page: parsed once, shared by reference. Made as soon as this
 * chunk runs, which is while the runtime still waits for the cross-tab lock, rather than in the
 * task that mounts the first prompt, whose frame would wait for it. `undefined` where
 * constructable stylesheets are missing.
 */
let sheet: CSSStyleSheet | undefined
try {
  sheet = make()
} catch {
  // Made (or not) by adoptStyles, which then takes the fallback.
}

/** Throws where constructable stylesheets are missing. */
function make() {
  const s = new CSSStyleSheet()
  s.replaceSync(css)
  return s
}

/**
 * Styles a shadow root with a constructable stylesheet, which a Content-Security-Policy without
 * `'unsafe-inline'` allows. Where those are missing (Safari before 16.4), a `<style>` element
 * carrying `nonce`, which such a policy allows when it lists that nonce.
 */
export function adoptStyles(shadow: ShadowRoot, nonce?: string): void {
  try {
    shadow.adoptedStyleSheets = [(sheet ??= make())]
  } catch {
    const style = document.createElement('style')
    if (nonce) style.nonce = nonce
    style.textContent = css
    shadow.append(style)
  }
}
