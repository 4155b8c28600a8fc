import { CHECKED_HEADER, fnv1a, VERSION as RULES } from '@touchpoint/core'
import type { Survey, SurveyConfig } from '@touchpoint/core'
import type { Store } from './store.js'
import type { InitOptions } from './types.js'
import { VERSION } from './version.js'

/** Options and surveys after checking, as cached on the device. */
export interface Checked {
  /** Hash of what was checked, with the SDK version (the rules change with it). */
  key: number
  surveys: Survey[]
  cooldownDays: number
  /** Options that were wrong and are ignored. */
  ignored: string[]
  /** One message per problem; printed on every page load, cached or not. */
  errors: string[]
  /** Unknown fields left out of surveys that run anyway; printed as warnings on every page load. */
  warnings?: string[]
  /** The remote config came from the device's copy because the fetch failed: why it failed (`HTTP 404`, a timeout…). */
  fromCache?: string
}

/** How long a config fetch may take before the copy on the device is used. */
const FETCH_TIMEOUT_MS = 5000

/** The remote config; `vouched` when its collector checked it by the same rules as this SDK's. */
interface Remote {
  json?: unknown
  vouched?: boolean
  error?: string
  fromCache?: string
}

/**
 * The remote config, fetched once per page load (revalidating the HTTP cache) and kept in
 * `state`, whose copy is used when the fetch fails so that surveys still work offline.
 */
async function fetchConfig(url: string, state: Store): Promise<Remote> {
  try {
    const res = await fetch(url, { cache: 'no-cache', signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) })
    // 410 Gone: the site retired its config. It is kept as one without surveys, so that neither
    // this page nor an offline one falls back on the copy.
    const gone = res.status == 410
    if (!res.ok && !gone) throw new Error(`HTTP ${res.status}`)
    const remote = { url, json: gone ? { surveys: [] } : await res.json(), vouched: res.headers.get(CHECKED_HEADER) == RULES }
    await state.set('config', remote)
    return remote
  } catch (e) {
    const cached = await state.get<Remote & { url: string }>('config')
    if (cached?.url === url) return { ...cached, fromCache: (e as Error).message }
    return { error: `config ${url} could not be loaded (${(e as Error).message}) and no copy is cached` }
  }
}

/**
 * The options that need no check beside a config its collector vouches for, with the type each
 * must have. Anything else (a theme, numbers, a collector with headers, inline surveys…) is left
 * to the guard.
 */
const PLAIN: Record<string, string> = { collector: 'string', config: 'string', nonce: 'string', locale: 'string', requireConsent: 'boolean', user: 'object' }

/**
 * Whether a collector's URL is an http(s) URL or a path from the site's root (a host without its
 * scheme would be taken as a path on the page's site). Throws when it is no URL at all. The guard
 * checks a collector with it too.
 */
export const httpUrl = (url: unknown) => /^(https?:\/\/|\/)/i.test(url as string) && /^https?:$/.test(new URL(url as string, location.href).protocol)

/** Whether the options are plain (`PLAIN`), with a collector given as an `httpUrl`. */
const plain = (o: InitOptions) => {
  try {
    return httpUrl(o.collector) && Object.entries(o).every(([k, v]) => v === undefined || (typeof v == PLAIN[k] && v !== null && !Array.isArray(v)))
  } catch {}
}

/**
 * Options and surveys, checked, once per device while they do not change (a hash kept in
 * `state`). A config its collector vouches for, with options the runtime finds right and no
 * inline surveys, is taken as it is. Otherwise checking is two lazy chunks: the guard (guard.ts)
 * says whether they are right; only when it is not sure is the checker (check.ts, with every
 * message's wording) downloaded, to name the problem. `strict` (debug mode, a preview) always
 * runs the checker.
 */
export async function loadConfig(o: InitOptions, state: Store, strict?: unknown): Promise<Checked> {
  const remote: Remote = o.config ? await fetchConfig(o.config, state) : {}
  const json = remote.json as SurveyConfig
  // The nonce changes with every page and user attributes with every visitor, and the checker
  // only looks at their types: hash those, or sites with a CSP nonce would re-check every page.
  const kind = (v: unknown) => (Array.isArray(v) ? 'array' : typeof v)
  // Options that JSON cannot hold (a cycle, a BigInt, in an option the guard then names as
  // ignored) leave the key NaN, which matches no stored key: checked on every page.
  let key = NaN
  try {
    key = fnv1a(JSON.stringify([VERSION, { ...o, nonce: kind(o.nonce), user: kind(o.user) }, json]))
  } catch {}
  let checked = await state.get<Checked>('checked')
  if (strict || checked?.key !== key) {
    checked = {
      key,
      ...(!strict && remote.vouched && plain(o)
        ? { surveys: json.surveys, cooldownDays: json.globalCooldownDays ?? 0, ignored: [], errors: [] }
        : await (await import('./guard.js')).checked(o, json, strict)),
    }
    await state.set('checked', checked)
  }
  return { ...checked, errors: remote.error ? [remote.error, ...checked.errors] : checked.errors, fromCache: remote.fromCache }
}
