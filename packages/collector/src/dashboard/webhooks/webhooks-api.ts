import { ApiError, UNREACHABLE, Unauthorized } from '../api.js'

/**
 * Sends `method path` with a JSON body to the collector this page came from, with the admin
 * token. Resolves with the parsed answer (`undefined` for 204); throws `Unauthorized` on 401,
 * `ApiError` with the collector's explanation otherwise (status 0 and `UNREACHABLE` when no
 * answer came; what an answer that is not JSON is, rather than a parser's error), and the
 * `AbortError` of an aborted request.
 */
export async function sendJson<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, token: string | undefined, body?: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {}
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  let res: Response
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal, cache: 'no-store' })
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e
    throw new ApiError(0, UNREACHABLE)
  }
  if (res.status === 401) throw new Unauthorized()
  const text = await res.text()
  let parsed: any
  try {
    parsed = text ? JSON.parse(text) : undefined
  } catch {
    if (res.ok) throw new ApiError(res.status, `the answer to ${path.split('?')[0]} is not the collector's (not JSON): is something else answering at this address, such as a proxy's sign-in page?`)
  }
  if (!res.ok) throw new ApiError(res.status, typeof parsed?.error === 'string' ? parsed.error : `the collector answered ${res.status} ${res.statusText}`.trim())
  return parsed as T
}
