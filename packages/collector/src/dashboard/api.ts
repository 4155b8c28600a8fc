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
 * GETs `path` from the collector this page came from, with the admin token when there is one.
 * Resolves with the response when it is a 2xx; throws `Unauthorized` on 401, `ApiError` otherwise.
 */
export async function request(path: string, token: string | undefined, signal?: AbortSignal): Promise<Response> {
  const res = await fetch(path, { headers: token ? { Authorization: `Bearer ${token}` } : {}, signal, cache: 'no-store' })
  if (res.status === 401) throw new Unauthorized()
  if (!res.ok) {
    const body = await res.json().catch(() => undefined)
    throw new ApiError(res.status, body?.error ?? `the collector answered ${res.status} ${res.statusText}`)
  }
  return res
}

/** `request`, parsed as JSON. */
export async function getJson<T>(path: string, token: string | undefined, signal?: AbortSignal): Promise<T> {
  return (await request(path, token, signal)).json()
}
