// The studio's calls to the config API, on the collector this page came from, with the
// dashboard's admin token. Reads go through the dashboard's own `getJson`.
import type { ConfigProblem, SurveyConfig } from '@touchpoint/core'
import type { ConfigVersion, VersionSummary } from '../../config-version.js'
import { ApiError, failure, getJson, jsonOf, send } from '../api.js'

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

/**
 * Publishes with `method path`. A collector that cannot be reached, or something else answering
 * in its place, is said as such (`ApiError`), never taken for a publish.
 */
async function write(method: 'PUT' | 'POST', path: string, token: string | undefined, body: unknown, base: number): Promise<PublishResult> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' }
  // Made on top of version `base`, or on nothing published (0): refused (412) if someone published meanwhile.
  if (base) headers['If-Match'] = `"v${base}"`
  else headers['If-None-Match'] = '*'
  const res = await send(path, token, { method, headers, body: JSON.stringify(body) })
  const answer = await jsonOf(res, path)
  if (res.ok && typeof answer?.version === 'number') return { ok: true, version: answer.version }
  if (res.status === 412 && answer) return { ok: false, conflict: answer.latest ?? null, error: answer.error }
  if (res.status === 400 && Array.isArray(answer?.problems)) return { ok: false, problems: answer.problems, error: answer.error }
  if (res.ok) throw new ApiError(res.status, `the answer to ${path.split('?')[0]} does not say which version was published: is something else answering at this address?`)
  throw failure(res, answer)
}

/** Publishes `config` as a new version, made on top of version `base` (0: none yet). */
export const publishConfig = (config: SurveyConfig, note: string, base: number, token: string | undefined) =>
  write('PUT', `v1/config${note ? `?note=${encodeURIComponent(note)}` : ''}`, token, config, base)

/** Publishes a copy of `version`, while `base` is the latest. */
export const rollbackTo = (version: number, note: string, base: number, token: string | undefined) =>
  write('POST', 'v1/config/rollback', token, note ? { version, note } : { version }, base)
