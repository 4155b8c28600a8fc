/** The snippet that sends answers to `collector`, with one survey inline so that it works as pasted. */
export function firstAnswerSnippet(collector: string): string {
  return `<script>
  if (typeof window.touchpoint != 'function') window.touchpoint = function () {
    (window.touchpoint.q = window.touchpoint.q || []).push(arguments);
  };
  touchpoint('init', {
    collector: '${collector}',
    surveys: [{ id: 'first-nps', type: 'nps', triggers: [{ on: 'pageview' }] }],
  });
</script>
<script async src="/touchpoint/touchpoint.js"></script>`
}

/**
 * What a collector with no answers at all shows instead of empty charts: how to send it the
 * first one, with its own address in the snippet.
 */
export function FirstAnswer({ collector }: { collector: string }) {
  return (
    <section class="card empty-state first-answer" aria-labelledby="first-answer-title">
      <h2 id="first-answer-title">No answers yet</h2>
      <p>
        This collector takes answers at <code>{collector}</code>. To send the first one, paste this into a page of your site, before{' '}
        <code>{'</head>'}</code>:
      </p>
      <pre>
        <code>{firstAnswerSnippet(collector)}</code>
      </pre>
      <p>
        Host <code>touchpoint.js</code> and the <code>touchpoint-*.js</code> files beside it where the second tag points: they are in{' '}
        <code>packages/browser/dist/</code> after <code>npm run build</code>, and in <code>@touchpoint/browser/dist/</code> of the npm package. When the
        collector lists the origins that may send (<code>TOUCHPOINT_ALLOWED_ORIGINS</code>), a page on another origin must be on that list. Open the
        page, answer, then press Refresh.
      </p>
    </section>
  )
}
