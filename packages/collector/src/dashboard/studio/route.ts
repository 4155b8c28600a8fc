/** Where the dashboard is: its charts, or a view of the studio. It lives in the address's hash. */
export type Route =
  | { view: 'dashboard' }
  | { view: 'surveys' }
  | { view: 'survey'; index: number }
  | { view: 'json' }
  | { view: 'history' }
  | { view: 'webhooks' }

/** The route of a location hash (`#/surveys/2`, `#/webhooks` or `#webhooks`); anything else is the dashboard. */
export function readRoute(hash: string): Route {
  const path = hash.replace(/^#\/?/, '')
  if (path === 'surveys') return { view: 'surveys' }
  if (path === 'surveys/json') return { view: 'json' }
  if (path === 'history') return { view: 'history' }
  if (path === 'webhooks') return { view: 'webhooks' }
  const m = /^surveys\/(\d{1,4})$/.exec(path)
  if (m) return { view: 'survey', index: Number(m[1]) }
  return { view: 'dashboard' }
}

/** The hash of a route. */
export function routeHash(r: Route): string {
  switch (r.view) {
    case 'dashboard':
      return '#/'
    case 'survey':
      return `#/surveys/${r.index}`
    case 'json':
      return '#/surveys/json'
    default:
      return `#/${r.view}`
  }
}
