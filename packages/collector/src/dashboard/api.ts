/** The collector refused the admin token (or wants one): the dashboard asks for it. */
export class Unauthorized extends Error {
  constructor() {
    super('this collector needs its admin token')
    this.name = 'Unauthorized'
  }
}

/** Another failure, with the collector's own explanation when it gave one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

/**
 * What a request that got no answer at all says (the collector stopped, the network down):
 * fetch's own "Failed to fetch" names neither the collector nor what to do.
 */
export const UNREACHABLE = 'The collector could not be reached: check that it is running and that this device is online, then try again.'

/**
 * Sends a request to the collector this page came from, with the admin token when there is one.
 * Resolves with any answer but 401, which throws `Unauthorized`; no answer at all throws
 * `ApiError` with status 0 and `UNREACHABLE`, an aborted request its `AbortError`.
 */
export async function send(path: string, token: string | undefined, init: RequestInit = {}): Promise<Response> {
  let res: Response
  try {
    res = await fetch(path, { ...init, headers: { ...(token && { Authorization: `Bearer ${token}` }), ...(init.headers as Record<string, string>) }, cache: 'no-store' })
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e
    throw new ApiError(0, UNREACHABLE)
  }
  if (res.status === 401) throw new Unauthorized()
  return res
}

/**
 * The JSON of an answer to `path` (`undefined` when empty). A 2xx that is not JSON (a proxy's or
 * a captive portal's page in front of the collector) says so, rather than "Unexpected token
 * '<'"; an error answer that is not JSON gives `undefined`, for `failure` to word.
 */
export async function jsonOf(res: Response, path: string): Promise<any> {
  const text = await res.text()
  try {
    return text ? JSON.parse(text) : undefined
  } catch {
    if (res.ok) throw new ApiError(res.status, `the answer to ${path.split('?')[0]} is not the collector's (not JSON): is something else answering at this address, such as a proxy's sign-in page?`)
    return undefined
  }
}

/** An error answer as an `ApiError`: the collector's explanation (`error`), or its status. */
export const failure = (res: Response, body: any) => new ApiError(res.status, typeof body?.error === 'string' ? body.error : `the collector answered ${res.status} ${res.statusText}`.trim())

/**
 * GETs `path`. Resolves with the response when it is a 2xx; throws `Unauthorized` on 401,
 * `ApiError` otherwise (status 0 and `UNREACHABLE` when no answer came), and the `AbortError` of
 * an aborted request.
 */
export async function request(path: string, token: string | undefined, signal?: AbortSignal): Promise<Response> {
  const res = await send(path, token, { signal })
  if (!res.ok) throw failure(res, await jsonOf(res, path))
  return res
}

/** `request`, parsed as JSON. */
export async function getJson<T>(path: string, token: string | undefined, signal?: AbortSignal): Promise<T> {
  const res = await request(path, token, signal)
  const body = await jsonOf(res, path)
  if (body === undefined) throw new ApiError(res.status, `the answer to ${path.split('?')[0]} is empty`)
  return body as T
}
