import { ApiError, Unauthorized } from '../api.js'

/**
 * Sends `method path` with a JSON body to the collector this page came from, with the admin
 * token. Resolves with the parsed answer (`undefined` for 204); throws `Unauthorized` on 401,
 * `ApiError` with the collector's explanation otherwise.
 */
export async function sendJson<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, token: string | undefined, body?: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {}
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal, cache: 'no-store' })
  if (res.status === 401) throw new Unauthorized()
  const text = await res.text()
  const parsed = text ? JSON.parse(text) : undefined
  if (!res.ok) throw new ApiError(res.status, parsed?.error ?? `the collector answered ${res.status} ${res.statusText}`)
  return parsed as T
}
