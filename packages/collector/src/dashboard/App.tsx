import { useEffect, useState } from 'preact/hooks'
import { Dashboard } from './Dashboard.js'
import { readRoute } from './studio/route.js'
import { StudioBar } from './studio/StudioBar.js'
import { TokenForm } from './TokenForm.js'
import { clearToken, loadToken, saveToken } from './token-store.js'
import { WebhooksPage } from './webhooks/WebhooksPage.js'

// The studio (with the real prompt for its preview, and the config checker) is a chunk of its
// own, fetched when the Surveys view opens: the charts load as light as before.
type StudioModule = typeof import('./studio/Studio.js')
let studio: Promise<StudioModule> | undefined

/**
 * The dashboard, the survey studio or the webhooks (by the address's hash), or the admin-token form when the
 * collector asks for a token: asked once, then kept (see token-store.ts), and asked again only
 * if the collector stops accepting it.
 */
export function App() {
  const [token, setToken] = useState(loadToken)
  const [asking, setAsking] = useState<{ reason?: string }>()
  const [route, setRoute] = useState(() => readRoute(location.hash))
  const [Studio, setStudio] = useState<StudioModule['Studio']>()
  const [failed, setFailed] = useState<string>()

  useEffect(() => {
    const follow = () => setRoute(readRoute(location.hash))
    addEventListener('hashchange', follow)
    return () => removeEventListener('hashchange', follow)
  }, [])

  useEffect(() => {
    if (route.view === 'dashboard' || route.view === 'webhooks' || Studio) return
    studio ??= import('./studio/Studio.js')
    studio.then(
      (m) => setStudio(() => m.Studio),
      (e: Error) => {
        studio = undefined
        setFailed(`The survey studio could not be loaded (${e.message}). Reload the page to try again.`)
      },
    )
  }, [route.view])

  if (asking) {
    return (
      <TokenForm
        reason={asking.reason}
        onToken={(t, remember) => {
          saveToken(t, remember)
          setToken(t)
          setAsking(undefined)
        }}
      />
    )
  }
  const onUnauthorized = () => {
    clearToken()
    setToken(undefined)
    setAsking({ reason: token ? 'The collector no longer accepts the saved token. Enter the current one.' : undefined })
  }
  const onSignOut = token
    ? () => {
        clearToken()
        setToken(undefined)
        setAsking({})
      }
    : undefined
  if (route.view === 'webhooks') return <WebhooksPage token={token} onUnauthorized={onUnauthorized} onSignOut={onSignOut} />
  if (route.view !== 'dashboard') {
    if (Studio) return <Studio route={route} token={token} onUnauthorized={onUnauthorized} onSignOut={onSignOut} />
    // The studio's bar while its code comes: the page does not change around the line below.
    return (
      <div class="app studio">
        <StudioBar view={route.view} onSignOut={onSignOut} />
        <main>
          <p class={failed ? 'banner' : 'status'} role={failed ? 'alert' : 'status'}>
            {failed ?? 'Loading the survey studio…'}
          </p>
        </main>
      </div>
    )
  }
  return <Dashboard token={token} onUnauthorized={onUnauthorized} onSignOut={onSignOut} />
}
