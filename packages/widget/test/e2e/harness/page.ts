import type { Survey } from '@touchpoint/core'

/** What a test page holds besides the SDK. */
export interface PageOptions {
  surveys: Survey[]
  /** More `init` options: theme, position, appearance, locale, … */
  init?: Record<string, unknown>
  /** `<html lang>`; none when `null`. Default `en`. */
  lang?: string | null
  head?: string
  body?: string
  /** `nonce` attribute of the inline snippet, for pages whose CSP allows scripts by nonce. */
  scriptNonce?: string
}

/** A survey that shows on page load. */
export const survey = (patch: Partial<Survey> & Pick<Survey, 'type'>): Survey => ({
  id: `${patch.type}-test`,
  triggers: [{ on: 'pageview' }],
  ...patch,
})

/**
 * A page that installs the SDK as a customer does (the snippet, then `<script async>`), with
 * inline surveys and a collector at `/collect`. The SDK's events are kept in `window.events`
 * (the `error` event's `error` object as its message) for tests to read.
 */
export function promptPage({ surveys, init = {}, lang = 'en', head = '', body = '', scriptNonce }: PageOptions): string {
  // `<` escaped, so that a "</script>" in a survey text cannot end the inline script.
  const options = JSON.stringify({ collector: '/collect', surveys, ...init }).replaceAll('<', '\\u003c')
  return `<!doctype html>
<html${lang === null ? '' : ` lang="${lang}"`}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Test page</title>
${head}
<script${scriptNonce ? ` nonce="${scriptNonce}"` : ''}>
  if (typeof window.touchpoint != 'function') window.touchpoint = function () {
    (window.touchpoint.q = window.touchpoint.q || []).push(arguments);
  };
  window.events = [];
  ['shown', 'answered', 'dismissed', 'error'].forEach(function (type) {
    touchpoint('on', type, function (e) { events.push(Object.assign({ type: type }, e, e.error ? { error: String(e.error) } : {})); });
  });
  touchpoint('init', ${options});
</script>
<script async src="/sdk/touchpoint.js"></script>
</head>
<body>
<main>
<h1>Northwind Goods</h1>
${body}
</main>
</body>
</html>`
}
