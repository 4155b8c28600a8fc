import { useEffect, useRef, useState } from 'preact/hooks'

/**
 * A new webhook's secret, shown this once (the collector never shows it again), with a copy
 * button. Takes the focus when it appears, so that a keyboard or screen-reader user lands on it.
 */
export function SecretNotice({ url, secret, onDone }: { url: string; secret: string; onDone(): void }) {
  const [copied, setCopied] = useState('')
  const ref = useRef<HTMLElement>(null)
  useEffect(() => ref.current?.focus(), [])
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret)
      setCopied('Copied.')
    } catch {
      setCopied('Copying is not allowed here: select the secret and copy it.')
    }
  }
  return (
    <section class="card panel secret-notice" aria-labelledby="secret-title" tabIndex={-1} ref={ref}>
      <h2 id="secret-title">Webhook created</h2>
      <p>
        The signing secret of the webhook to <span class="hook-url">{url}</span>, shown this once. Give it to your receiver: it checks each
        delivery's <code>Touchpoint-Signature</code> with it.
      </p>
      <p class="secret-row">
        <code class="secret-value">{secret}</code>
      </p>
      <div class="secret-actions">
        <button type="button" class="button" onClick={copy}>
          Copy secret
        </button>
        <button type="button" class="button primary" onClick={onDone}>
          I have saved it
        </button>
        <span role="status" class="status">
          {copied}
        </span>
      </div>
    </section>
  )
}
