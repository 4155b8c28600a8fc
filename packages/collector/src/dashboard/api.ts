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
 * GETs `path` from the collector this page came from, with the admin token when there is one.
 * Resolves with the response when it is a 2xx; throws `Unauthorized` on 401, `ApiError` otherwise
 * (status 0 and `UNREACHABLE` when no answer came), and the `AbortError` of an aborted request.
 */
export async function request(path: string, token: string | undefined, signal?: AbortSignal): Promise<Response> {
  let res: Response
  try {
    res = await fetch(path, { headers: token ? { Authorization: `Bearer ${token}` } : {}, signal, cache: 'no-store' })
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e
    throw new ApiError(0, UNREACHABLE)
  }
  if (res.status === 401) throw new Unauthorized()
  if (!res.ok) {
    const body = await res.json().catch(() => undefined)
    throw new ApiError(res.status, body?.error ?? `the collector answered ${res.status} ${res.statusText}`)
  }
  return res
}

/**
 * `request`, parsed as JSON. A 2xx that is not JSON (a proxy's or a captive portal's page in
 * front of the collector) says so, rather than "Unexpected token '<'".
 */
export async function getJson<T>(path: string, token: string | undefined, signal?: AbortSignal): Promise<T> {
  const res = await request(path, token, signal)
  const text = await res.text()
  try {
    return JSON.parse(text) as T
  } catch {
    throw new ApiError(res.status, `the answer to ${path.split('?')[0]} is not the collector's (not JSON): is something else answering at this address, such as a proxy's sign-in page?`)
  }
}
