import { TopBar } from '../TopBar.js'
import type { Route } from './route.js'

/** The studio's bar: drawn by the studio, and by the page while the studio's code loads, alike. */
export function StudioBar({ view, onSignOut }: { view: Route['view']; onSignOut?: () => void }) {
  return (
    <TopBar section="surveys" sub="Survey studio" onSignOut={onSignOut}>
      <a class="button" href={view === 'history' ? '#/surveys' : '#/history'}>
        {view === 'history' ? 'Surveys' : 'History'}
      </a>
    </TopBar>
  )
}
