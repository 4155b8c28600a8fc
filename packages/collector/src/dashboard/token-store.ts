// Where the admin token is kept between page loads. By default in sessionStorage: it goes when
// the tab closes, so that a token typed on a shared or borrowed machine does not outlive the
// visit. "Remember on this device" puts it in localStorage instead, for the machines that are
// yours. Either way only this origin's scripts can read it, and under the dashboard's CSP
// those are the dashboard's own: no inline or third-party script runs here.
const KEY = 'touchpoint-admin-token'

// Storage can be off (privacy modes): the token then lives in memory for this page only.
function stores(): Storage[] {
  try {
    return [sessionStorage, localStorage]
  } catch {
    return []
  }
}

/** The token kept from an earlier visit, if any. */
export function loadToken(): string | undefined {
  for (const s of stores()) {
    const t = s.getItem(KEY)
    if (t) return t
  }
}

/** Keeps the token for this tab, or on this device with `remember`. */
export function saveToken(token: string, remember: boolean): void {
  clearToken()
  try {
    ;(remember ? localStorage : sessionStorage).setItem(KEY, token)
  } catch {
    // Storage full or off: the token still works until the page is closed.
  }
}

/** Forgets the token everywhere. */
export function clearToken(): void {
  for (const s of stores()) s.removeItem(KEY)
}
