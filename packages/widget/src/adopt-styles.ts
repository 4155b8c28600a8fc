import { css } from './styles.js'

// One sheet for every prompt of the page: parsed once, shared by reference.
let sheet: CSSStyleSheet | undefined

/**
 * Styles a shadow root with a constructable stylesheet, which a Content-Security-Policy without
 * `'unsafe-inline'` allows. Where those are missing (Safari before 16.4), a `<style>` element
 * carrying `nonce`, which such a policy allows when it lists that nonce.
 */
export function adoptStyles(shadow: ShadowRoot, nonce?: string): void {
  try {
    if (!sheet) {
      const s = new CSSStyleSheet()
      s.replaceSync(css)
      sheet = s
    }
    shadow.adoptedStyleSheets = [sheet]
  } catch {
    const style = document.createElement('style')
    if (nonce) style.nonce = nonce
    style.textContent = css
    shadow.append(style)
  }
}
