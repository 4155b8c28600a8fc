// The studio's calls to the config API, on the collector this page came from, with the
// dashboard's admin token. Reads go through the dashboard's own `getJson`.
import type { ConfigProblem, SurveyConfig } from '@touchpoint/core'
import type { ConfigVersion, VersionSummary } from '../../config-version.js'
import { ApiError, getJson, Unauthorized } from '../api.js'

export type { ConfigVersion, VersionSummary }

/** The latest version, or `undefined` while none is published. */
export async function latestVersion(token: string | undefined, signal?: AbortSignal): Promise<ConfigVersion | undefined> {
  try {
    return await getJson<ConfigVersion>('v1/config/versions/latest', token, signal)
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return undefined
    throw e
  }
}

/** What a publish or a rollback came to. */
export type PublishResult =
  | { ok: true; version: number }
  | { ok: false; conflict: VersionSummary | null; error: string }
  | { ok: false; problems: ConfigProblem[]; error: string }

async function write(method: 'PUT' | 'POST', path: string, token: string | undefined, body: unknown, base: number): Promise<PublishResult> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' }
  if (token) headers.Authorization = `Bearer ${token}`
  // Made on top of version `base`, or on nothing published (0): refused (412) if someone published meanwhile.
  if (base) headers['If-Match'] = `"v${base}"`
  else headers['If-None-Match'] = '*'
  const res = await fetch(path, { method, headers, body: JSON.stringify(body), cache: 'no-store' })
  if (res.status === 401) throw new Unauthorized()
  const answer = await res.json().catch(() => ({}))
  if (res.ok) return { ok: true, version: answer.version }
  if (res.status === 412) return { ok: false, conflict: answer.latest ?? null, error: answer.error }
  if (res.status === 400 && Array.isArray(answer.problems)) return { ok: false, problems: answer.problems, error: answer.error }
  throw new ApiError(res.status, answer.error ?? `the collector answered ${res.status} ${res.statusText}`)
}

/** Publishes `config` as a new version, made on top of version `base` (0: none yet). */
export const publishConfig = (config: SurveyConfig, note: string, base: number, token: string | undefined) =>
  write('PUT', `v1/config${note ? `?note=${encodeURIComponent(note)}` : ''}`, token, config, base)

/** Publishes a copy of `version`, while `base` is the latest. */
export const rollbackTo = (version: number, note: string, base: number, token: string | undefined) =>
  write('POST', 'v1/config/rollback', token, note ? { version, note } : { version }, base)
