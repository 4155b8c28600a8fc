import { useState } from 'preact/hooks'
import { request, Unauthorized } from './api.js'
import { BrandMark } from './BrandMark.js'

/**
 * Asks for the collector's admin token (TOUCHPOINT_ADMIN_TOKEN), checks it against the
 * collector, and hands it over once accepted.
 */
export function TokenForm({ reason, onToken }: { reason?: string; onToken(token: string, remember: boolean): void }) {
  const [error, setError] = useState(reason)
  const [busy, setBusy] = useState(false)

  const submit = async (e: Event) => {
    e.preventDefault()
    const form = e.currentTarget as HTMLFormElement
    const token = (form.elements.namedItem('token') as HTMLInputElement).value.trim()
    const remember = (form.elements.namedItem('remember') as HTMLInputElement).checked
    setBusy(true)
    try {
      await request('v1/comments?limit=1', token)
      onToken(token, remember)
    } catch (e) {
      setError(e instanceof Unauthorized ? 'That token was not accepted. Check TOUCHPOINT_ADMIN_TOKEN on the collector.' : (e as Error).message)
      setBusy(false)
    }
  }

  return (
    <main class="signin">
      <form class="card signin-card" onSubmit={submit}>
        <h1 class="brand">
          <BrandMark />
          Touchpoint
        </h1>
        <p>This collector keeps its answers behind an admin token. Enter the value of TOUCHPOINT_ADMIN_TOKEN.</p>
        <div class="field">
          <label for="signin-token">Admin token</label>
          <input
            id="signin-token"
            name="token"
            type="password"
            autocomplete="current-password"
            required
            spellcheck={false}
            aria-describedby={error ? 'signin-error' : undefined}
          />
        </div>
        <label class="check">
          <input name="remember" type="checkbox" />
          <span>Remember on this device</span>
        </label>
        {error && (
          <p id="signin-error" class="error" role="alert">
            {error}
          </p>
        )}
        <button class="button primary" disabled={busy}>
          {busy ? 'Checking…' : 'Open the dashboard'}
        </button>
      </form>
    </main>
  )
}
