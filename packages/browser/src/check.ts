// The lazily loaded checker: validates init options and the survey config, and words each
// problem. It is fetched only when the guard (guard.ts) is not sure they are right, in debug
// mode and in a preview (see config.ts), so that pages with a good config never download it.
import { closest, validateConfig } from '@touchpoint/core'
import type { Checked } from './config.js'
import type { InitOptions } from './types.js'

const ONE_OF: Record<string, string[]> = {
  theme: ['light', 'dark', 'auto'],
  position: ['bottom-right', 'bottom-left', 'top', 'center', 'inline'],
}
const TYPES: Record<string, string> = {
  config: 'string',
  locale: 'string',
  target: 'string',
  nonce: 'string',
  requireConsent: 'boolean',
  debug: 'boolean',
  zIndex: 'number',
  globalCooldownDays: 'number',
  batchSize: 'number',
  timeout: 'number',
  maxQueueAge: 'number',
  maxQueueSize: 'number',
  keepUrlQuery: 'boolean',
  redactPaths: 'boolean',
  events: 'boolean',
  surveys: 'array',
  user: 'object',
  appearance: 'object',
}

const kind = (v: unknown) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v)

// A host name or address, with an optional port, at the start of a URL that has no scheme.
const HOST = /^(localhost|\d{1,3}(?:\.\d{1,3}){3}|\[[\da-f:.]+\]|[a-z\d-]+(?:\.[a-z\d-]+)*\.([a-z][a-z\d-]+))(:\d+)?(?:[/?#]|$)/i
// `collect.php` is a file next to the page, not a host: names ending like a script or a page.
const FILE = /^(?:php|html?|aspx?|jsp|cgi|json|pl|py|rb)$/i

/**
 * The URL meant by a collector written as a host without its scheme (`127.0.0.1:8787/v1/responses`,
 * `collect.example.com/v1/responses`), or `undefined`. The browser would take the first as a path
 * on the page's own site and the second (`localhost:8787/…`) as a URL of scheme `localhost:`.
 * @example hostWithoutScheme('localhost:8787/v1/responses') // 'http://localhost:8787/v1/responses'
 */
export function hostWithoutScheme(url: string): string | undefined {
  const m = HOST.exec(url)
  if (!m || (m[2] && !m[3] && FILE.test(m[2]))) return
  // Local hosts are rarely served over TLS; anything else should be.
  return `${m[2] ? 'https' : 'http'}://${url}`
}

/** Why `collector` cannot be used, or `undefined`. Without a collector no survey runs. */
export function collectorProblem(c: unknown): string | undefined {
  const o = (typeof c === 'string' ? { url: c } : c) as { url?: unknown; headers?: unknown; transform?: unknown } | undefined
  if (kind(o) !== 'object' || typeof o!.url !== 'string' || !o!.url) {
    // Header values are left out: they are often credentials, and this goes to the console.
    let shown: string | undefined
    try {
      shown = JSON.stringify(c, (k, v) => (k === 'headers' ? '…' : v))
    } catch {
      // A cycle or a BigInt: the kind says enough.
    }
    return `collector must be a URL or { url, headers?, transform? } (got ${shown ?? kind(c)})`
  }
  const field = typeof c === 'string' ? 'collector' : 'collector.url'
  const meant = hostWithoutScheme(o!.url)
  if (meant) {
    return `${field} "${o!.url}" looks like a host without a scheme: write "${meant}" (or a path such as "/v1/responses" for a collector on this site)`
  }
  let url: URL
  try {
    url = new URL(o!.url, location.href)
  } catch {
    return `collector.url is not a URL (got "${o!.url}")`
  }
  if (!/^https?:$/.test(url.protocol)) return `${field} must be an http: or https: URL (got "${o!.url}")`
  if (o!.headers !== undefined && !(kind(o!.headers) === 'object' && Object.values(o!.headers as object).every((v) => typeof v === 'string'))) {
    return 'collector.headers must be an object of strings, e.g. { "Authorization": "Bearer …" }'
  }
  if (o!.transform !== undefined && typeof o!.transform !== 'function') return 'collector.transform must be a function'
}

/** Whether `selector` parses as CSS, so that a click trigger with a typo is reported up front. */
function isSelector(selector: string): boolean {
  try {
    document.createDocumentFragment().querySelector(selector)
    return true
  } catch {
    return false
  }
}

/**
 * The problems of `init` options, as `[option, message]`. Those options are ignored (their
 * defaults apply) and the SDK still starts, except without a usable `collector`.
 */
export function optionProblems(o: InitOptions): [string, string][] {
  const out: [string, string][] = []
  const push = (key: string, message: string) => out.push([key, message])
  const collector = collectorProblem(o.collector)
  if (collector) push('collector', collector)
  for (const [key, value] of Object.entries(o)) {
    const want = TYPES[key]
    if (value === undefined || key === 'collector') continue
    if (ONE_OF[key]) {
      if (!ONE_OF[key].includes(value as string)) push(key, `${key} must be one of ${ONE_OF[key].join(', ')} (got ${JSON.stringify(value)})`)
    } else if (!want) {
      const guess = closest(key, [...Object.keys(TYPES), ...Object.keys(ONE_OF), 'collector'])
      push(key, `${key} is not an option${guess ? ` (did you mean ${guess}?)` : ''}`)
    }
    else if (kind(value) !== want) push(key, `${key} must be ${/^[ao]/.test(want) ? 'an' : 'a'} ${want} (got ${kind(value)})`)
  }
  if (o.position === 'inline' && !o.target) push('position', 'position "inline" needs target, a CSS selector')
  for (const key of ['batchSize', 'maxQueueSize', 'timeout', 'maxQueueAge'] as const) {
    const v = o[key]
    if (typeof v === 'number' && !(v > 0 && (key === 'maxQueueAge' || Number.isInteger(v)))) push(key, `${key} must be ${key === 'maxQueueAge' ? 'a number > 0' : 'a whole number ≥ 1'} (got ${v})`)
  }
  return out
}

/** Checks options, inline surveys and the remote config together. */
export function check(o: InitOptions, remote: unknown, url?: string): Omit<Checked, 'key'> {
  const errors: string[] = []
  const problems = optionProblems(o)
  const ignored = problems.map(([k]) => k)
  const off = problems.find(([k]) => k === 'collector')
  if (off) errors.push(`init: ${off[1]}; no survey runs without a collector`)
  const rest = problems.filter((p) => p !== off)
  if (rest.length) errors.push(`init: ${rest.map(([, m]) => m).join('; ')} (ignored)`)
  const r = remote as { surveys?: unknown[] } | undefined
  const ok = typeof r === 'object' && r !== null && Array.isArray(r.surveys)
  if (remote !== undefined && !ok) errors.push(`config ${url} must be a JSON object with a "surveys" array`)
  const inline = ignored.includes('surveys') ? [] : (o.surveys ?? [])
  // A typo in an optional field costs the field, not the survey: it runs without it, with a warning.
  const result = validateConfig({ ...(ok ? r : {}), surveys: [...inline, ...(ok ? r!.surveys! : [])] }, { isSelector, unknownFields: 'warn' })
  errors.push(...result.errors.map((e) => e.message))
  return {
    surveys: off ? [] : result.config.surveys,
    cooldownDays: result.config.globalCooldownDays ?? (ignored.includes('globalCooldownDays') ? undefined : o.globalCooldownDays) ?? 0,
    ignored,
    errors,
    warnings: result.warnings.map((w) => `${w.message}; ${w.surveyId === undefined ? 'the surveys run' : 'the survey runs'} without ${w.problems.length > 1 ? 'these fields' : 'it'}`),
  }
}
