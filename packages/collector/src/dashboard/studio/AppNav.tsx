/** The dashboard's two sections; the current one is marked for screen readers too. */
export function AppNav({ current }: { current: 'dashboard' | 'surveys' }) {
  return (
    <nav class="st-nav" aria-label="Sections">
      <a href="#/" aria-current={current === 'dashboard' ? 'page' : undefined}>
        Dashboard
      </a>
      <a href="#/surveys" aria-current={current === 'surveys' ? 'page' : undefined}>
        Surveys
      </a>
    </nav>
  )
}
