import { fnv1a } from '@touchpoint/core'
import type { Survey } from '@touchpoint/core'
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
  warnings: string[]
  /** The remote config came from the device's copy because the fetch failed. */
  fromCache?: boolean
}

/** How long a config fetch may take before the copy on the device is used. */
const FETCH_TIMEOUT_MS = 5000

/**
 * The remote config, fetched once per page load (revalidating the HTTP cache) and kept in
 * `state`, whose copy is used when the fetch fails so that surveys still work offline.
 */
async function fetchConfig(url: string, state: Store): Promise<{ json?: unknown; error?: string; fromCache?: boolean }> {
  try {
    const res = await fetch(url, { cache: 'no-cache', signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) })
    if (!res.ok) throw new Error(`HTTP ${res.status}`)
    const json: unknown = await res.json()
    await state.set('config', { url, json })
    return { json }
  } catch (e) {
    const cached = await state.get<{ url: string; json: unknown }>('config')
    if (cached?.url === url) return { json: cached.json, fromCache: true }
    return { error: `config ${url} could not be loaded (${(e as Error).message}) and no copy is cached` }
  }
}

/**
 * Options and surveys, checked, once per device while they do not change (a hash kept in
 * `state`). Checking is two lazy chunks: the guard (guard.ts) says whether they are right;
 * only when it is not sure is the checker (check.ts, with every message's wording) downloaded,
 * to name the problem. `strict` (debug mode, a preview) always runs the checker.
 */
export async function loadConfig(o: InitOptions, state: Store, strict?: unknown): Promise<Checked> {
  const remote = o.config ? await fetchConfig(o.config, state) : {}
  const json = remote.json
  // The nonce changes with every page and user attributes with every visitor, and the checker
  // only looks at their types: hash those, or sites with a CSP nonce would re-check every page.
  const kind = (v: unknown) => (Array.isArray(v) ? 'array' : typeof v)
  const key = fnv1a(JSON.stringify([VERSION, { ...o, nonce: kind(o.nonce), user: kind(o.user) }, json]))
  let checked = await state.get<Checked>('checked')
  if (strict || checked?.key !== key) {
    checked = { key, ...(await (await import('./guard.js')).checked(o, json, strict)) }
    await state.set('checked', checked)
  }
  return { ...checked, errors: remote.error ? [remote.error, ...checked.errors] : checked.errors, fromCache: remote.fromCache }
}
