import { envelope } from '../fixtures.js'

/** POSTs an envelope (or a raw body, when a string) to a collector's /v1/responses. */
export function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${url}/v1/responses`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

/** Stores answers through the API, checking that every one was accepted. */
export async function seed(url: string, responses: unknown[]): Promise<void> {
  for (let i = 0; i < responses.length; i += 500) {
    const res = await post(url, envelope(responses.slice(i, i + 500)))
    const body = await res.json()
    if (res.status !== 200 || body.accepted !== Math.min(500, responses.length - i)) throw new Error(`seeding failed: ${res.status} ${JSON.stringify(body)}`)
  }
}

/** GETs a path and parses the JSON answer; `token` goes out as a bearer token. */
export async function getJson(url: string, path: string, token?: string): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(`${url}${path}`, token ? { headers: { Authorization: `Bearer ${token}` } } : {})
  return { status: res.status, body: await res.json(), headers: res.headers }
}
