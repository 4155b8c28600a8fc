// The lazily loaded checker: validates init options and the survey config. It is fetched only
// when they differ from what this device last checked (see config.ts), so that most page
// views never download it.
import { validateConfig } from '@touchpoint/core'
import type { Checked } from './config.js'
import type { InitOptions } from './types.js'

const ONE_OF: Record<string, string[]> = {
  theme: ['light', 'dark', 'auto'],
  position: ['bottom-right', 'bottom-left', 'top', 'center', 'inline'],
}
const TYPES: Record<string, string> = {
  collector: 'any',
  config: 'string',
  locale: 'string',
  target: 'string',
  nonce: 'string',
  requireConsent: 'boolean',
  debug: 'boolean',
  zIndex: 'number',
  globalCooldownDays: 'number',
  surveys: 'array',
  user: 'object',
  appearance: 'object',
}

const kind = (v: unknown) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v)

/**
 * The problems of `init` options, as `[option, message]`. Those options are ignored (their
 * defaults apply) and the SDK still starts. `collector` is checked by the runtime itself.
 */
export function optionProblems(o: InitOptions): [string, string][] {
  const out: [string, string][] = []
  const push = (key: string, message: string) => out.push([key, message])
  for (const [key, value] of Object.entries(o)) {
    const want = TYPES[key]
    if (value === undefined || want === 'any') continue
    if (ONE_OF[key]) {
      if (!ONE_OF[key].includes(value as string)) push(key, `${key} must be one of ${ONE_OF[key].join(', ')} (got ${JSON.stringify(value)})`)
    } else if (!want) push(key, `${key} is not an option`)
    else if (kind(value) !== want) push(key, `${key} must be a ${want} (got ${kind(value)})`)
  }
  if (o.position === 'inline' && !o.target) push('position', 'position "inline" needs target, a CSS selector')
  return out
}

/** Checks options, inline surveys and the remote config together. */
export function check(o: InitOptions, remote: unknown, url?: string): Omit<Checked, 'key'> {
  const errors: string[] = []
  const ignored = optionProblems(o)
  if (ignored.length) errors.push(`init: ${ignored.map(([, m]) => m).join('; ')} (ignored)`)
  const r = remote as { surveys?: unknown[] } | undefined
  const ok = typeof r === 'object' && r !== null && Array.isArray(r.surveys)
  if (remote !== undefined && !ok) errors.push(`config ${url} must be a JSON object with a "surveys" array`)
  const inline = ignored.some(([k]) => k === 'surveys') ? [] : (o.surveys ?? [])
  const result = validateConfig({ ...(ok ? r : {}), surveys: [...inline, ...(ok ? r!.surveys! : [])] })
  errors.push(...result.errors.map((e) => e.message))
  return {
    surveys: result.config.surveys,
    cooldownDays: result.config.globalCooldownDays ?? (ignored.some(([k]) => k === 'globalCooldownDays') ? 0 : o.globalCooldownDays) ?? 0,
    ignored: ignored.map(([k]) => k),
    errors,
  }
}
