import { useEffect, useState } from 'preact/hooks'
import { Dashboard } from './Dashboard.js'
import { TokenForm } from './TokenForm.js'
import { clearToken, loadToken, saveToken } from './token-store.js'
import { WebhooksPage } from './webhooks/WebhooksPage.js'

// Pages by address fragment, so that the collector serves one page and the filters in the query stay as they are.
const pageOf = () => (location.hash === '#webhooks' ? 'webhooks' : 'overview')

/**
 * The dashboard, or the admin-token form when the collector asks for a token: asked once,
 * then kept (see token-store.ts), and asked again only if the collector stops accepting it.
 */
export function App() {
  const [token, setToken] = useState(loadToken)
  const [asking, setAsking] = useState<{ reason?: string }>()
  const [page, setPage] = useState(pageOf)
  useEffect(() => {
    const onHash = () => setPage(pageOf())
    addEventListener('hashchange', onHash)
    return () => removeEventListener('hashchange', onHash)
  }, [])

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
  const View = page === 'webhooks' ? WebhooksPage : Dashboard
  return (
    <View
      token={token}
      onUnauthorized={() => {
        clearToken()
        setToken(undefined)
        setAsking({ reason: token ? 'The collector no longer accepts the saved token. Enter the current one.' : undefined })
      }}
      onSignOut={
        token
          ? () => {
              clearToken()
              setToken(undefined)
              setAsking({})
            }
          : undefined
      }
    />
  )
}
