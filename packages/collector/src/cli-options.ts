import { parseArgs } from 'node:util'
import type { CollectorOptions } from './start.js'
import { StartupError } from './startup-error.js'

/** `touchpoint-collector --help`. */
export const HELP = `touchpoint-collector: receive Touchpoint answers, show NPS / CSAT / CES

Usage: touchpoint-collector [options]

Options:
  --port N          port to listen on (default $PORT, else 8787; 0 picks a free one)
  --host ADDR       address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)
  --data-dir DIR    embedded database directory (default ./touchpoint-data)
  --config FILE     survey config served at GET /v1/config, validated at start
  --max-body BYTES  largest request body (default 1048576)
  --rate N          answer batches per client per minute, 0 for no limit (default 600)
  --trust-proxy     count clients by the last X-Forwarded-For address (behind one proxy)
  --allow-private-webhooks
                    let webhooks reach loopback and private addresses, over http too
                    (intranets, tests); by default only https to public addresses
  --copy-from-data-dir DIR
                    copy the answers of the embedded database in DIR into the PostgreSQL
                    of DATABASE_URL (answers already there are skipped), then exit
  -h, --help        this help

Environment:
  DATABASE_URL               postgres://… to use PostgreSQL instead of the embedded store
  TOUCHPOINT_ALLOWED_ORIGINS comma-separated origins whose pages may send answers
                             (default: any) and read the API from a browser (default: none)
  TOUCHPOINT_ADMIN_TOKEN     when set, the dashboard, stats, comments and export need it
  TOUCHPOINT_ALLOW_PRIVATE_WEBHOOKS
                             1: the same as --allow-private-webhooks

Dashboard: http://<host>:<port>/   Docs: docs/collector.md`

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/

/** An origin as browsers send it (`https://shop.example.com`), from what a person may write (a trailing slash). */
function origin(s: string): string {
  let u: URL | undefined
  try {
    u = new URL(s)
  } catch {
    // reported below
  }
  if (!u || !/^https?:$/.test(u.protocol) || u.pathname !== '/' || u.search || u.hash || u.username) {
    throw new StartupError(`TOUCHPOINT_ALLOWED_ORIGINS: "${s}" is not an origin; write scheme://host[:port], e.g. https://shop.example.com`)
  }
  return u.origin
}

/**
 * The collector's options from its command line and environment (DESIGN §8), with the notes
 * worth printing at start (what is open to whom). Throws `StartupError` naming the bad flag.
 */
export function cliOptions(
  argv: string[],
  env: Record<string, string | undefined>,
): { help: true } | { help?: false; options: CollectorOptions; notes: string[]; copyFrom?: string } {
  let values
  try {
    ;({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        config: { type: 'string' },
        'max-body': { type: 'string' },
        rate: { type: 'string' },
        'trust-proxy': { type: 'boolean' },
        'allow-private-webhooks': { type: 'boolean' },
        'copy-from-data-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }))
  } catch (e) {
    throw new StartupError((e as Error).message)
  }
  if (values.help) return { help: true }

  const whole = (name: string, v: string | undefined, max?: number) => {
    if (v === undefined) return undefined
    const n = Number(v)
    if (v.trim() === '' || !Number.isSafeInteger(n) || n < 0 || n > (max ?? n)) {
      throw new StartupError(`${name} must be a whole number ${max ? `from 0 to ${max}` : '(0 or more)'} (got "${v}")`)
    }
    return n
  }
  const port = whole('--port', values.port, 65535) ?? whole('PORT', env.PORT || undefined, 65535) ?? 8787
  const origins = env.TOUCHPOINT_ALLOWED_ORIGINS?.split(',').map((s) => s.trim()).filter(Boolean) ?? []
  const allowedOrigins = !origins.length || origins.includes('*') ? '*' : origins.map(origin)
  const adminToken = env.TOUCHPOINT_ADMIN_TOKEN || undefined
  if (adminToken && /\s/.test(adminToken)) throw new StartupError('TOUCHPOINT_ADMIN_TOKEN must not contain spaces (it travels as "Authorization: Bearer <token>")')
  const databaseUrl = env.DATABASE_URL || undefined
  const host = values.host ?? '127.0.0.1'
  const copyFrom = values['copy-from-data-dir']
  if (copyFrom !== undefined && !databaseUrl) throw new StartupError('--copy-from-data-dir copies into PostgreSQL: set DATABASE_URL to the database to copy into')

  const notes: string[] = []
  if (allowedOrigins === '*') notes.push('any web page may send answers here: set TOUCHPOINT_ALLOWED_ORIGINS to your sites to restrict it')
  if (!adminToken && !LOOPBACK.test(host)) {
    notes.push(`anyone who can reach ${host} can read the answers: set TOUCHPOINT_ADMIN_TOKEN`)
  }
  if (adminToken && adminToken.length < 16) notes.push('TOUCHPOINT_ADMIN_TOKEN is short: use 16 or more random characters (e.g. openssl rand -hex 24)')
  if (databaseUrl && values['data-dir']) notes.push('--data-dir is ignored: DATABASE_URL is set')
  const privateHooks = env.TOUCHPOINT_ALLOW_PRIVATE_WEBHOOKS ?? ''
  if (!['', '0', '1'].includes(privateHooks)) throw new StartupError(`TOUCHPOINT_ALLOW_PRIVATE_WEBHOOKS must be 1 (allow) or 0 (got "${privateHooks}")`)
  const allowPrivateWebhooks = values['allow-private-webhooks'] ?? privateHooks === '1'
  if (allowPrivateWebhooks) notes.push('webhooks may reach loopback and private addresses, over plain http too (--allow-private-webhooks)')

  return {
    options: {
      port,
      host,
      dataDir: values['data-dir'] ?? 'touchpoint-data',
      databaseUrl,
      configFile: values.config,
      maxBodyBytes: whole('--max-body', values['max-body']),
      ratePerMinute: whole('--rate', values.rate),
      trustProxy: values['trust-proxy'] ?? false,
      allowPrivateWebhooks,
      allowedOrigins,
      adminToken,
    },
    notes,
    ...(copyFrom !== undefined && { copyFrom }),
  }
}
