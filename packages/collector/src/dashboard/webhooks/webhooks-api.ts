import { failure, jsonOf, send } from '../api.js'

/**
 * Sends `method path` with a JSON body to the collector this page came from, with the admin
 * token. Resolves with the parsed answer (`undefined` for 204); throws `Unauthorized` on 401,
 * `ApiError` with the collector's explanation otherwise (status 0 and `UNREACHABLE` when no
 * answer came; what an answer that is not JSON is, rather than a parser's error), and the
 * `AbortError` of an aborted request.
 */
export async function sendJson<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, token: string | undefined, body?: unknown, signal?: AbortSignal): Promise<T> {
  const res = await send(path, token, { method, signal, ...(body !== undefined && { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }) })
  const parsed = await jsonOf(res, path)
  if (!res.ok) throw failure(res, parsed)
  return parsed as T
}
