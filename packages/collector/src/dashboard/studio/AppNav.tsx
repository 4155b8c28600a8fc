/** The dashboard's sections; the current one is marked for screen readers too. */
export function AppNav({ current }: { current: 'dashboard' | 'surveys' | 'webhooks' }) {
  return (
    <nav class="st-nav" aria-label="Sections">
      <a href="#/" aria-current={current === 'dashboard' ? 'page' : undefined}>
        Dashboard
      </a>
      <a href="#/surveys" aria-current={current === 'surveys' ? 'page' : undefined}>
        Surveys
      </a>
      <a href="#/webhooks" aria-current={current === 'webhooks' ? 'page' : undefined}>
        Webhooks
      </a>
    </nav>
  )
}
