import { isIPv6 } from 'node:net'
import { parseArgs } from 'node:util'
import { adminTokenProblem } from './admin-token.js'
import { HOST_NAME } from './host-policy.js'
import { LIMITS } from './limits.js'
import type { CollectorOptions } from './start.js'
import { StartupError } from './startup-error.js'

/** `touchpoint-collector --help`. */
export const HELP = `touchpoint-collector: receive Touchpoint answers, show NPS / CSAT / CES

Usage: touchpoint-collector [options]

Options:
  --port N          port to listen on (default $PORT, else 8787; 0 picks a free one)
  --host ADDR       address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)
  --data-dir DIR    embedded database directory (default ./touchpoint-data)
  --config FILE     survey config, validated at start and published as a new version when
                    it differs from the latest one (the dashboard's Surveys view edits it)
  --seed-config FILE
                    the same, but published only when no config is published yet: later
                    starts keep what was published since from the dashboard
  --public-host NAMES
                    without an admin token, the dashboard and the read API answer only at
                    localhost, 127.x.x.x and [::1]; these host names (comma-separated) too
  --trust-proxy     count clients by the last X-Forwarded-For address (behind one proxy)
  --allow-private-webhooks
                    let webhooks reach loopback and private addresses, over http too
                    (intranets, tests); by default only https to public addresses
  --copy-from-data-dir DIR
                    copy the answers of the embedded database in DIR into the PostgreSQL
                    of DATABASE_URL (answers already there are skipped), then exit
  -h, --help        this help

Limits (per client: per address, or per IPv6 /64; 0 turns one off, except --max-body):
  --max-body BYTES                 largest request body (default ${LIMITS.maxBodyBytes}): 413
  --rate N                         answer batches per client per minute (default ${LIMITS.ratePerMinute}): 429
  --rate-answers N                 answers per client per minute (default ${LIMITS.answersPerMinute}): 429
  --rate-bytes BYTES               body bytes per client per minute (default ${LIMITS.bytesPerMinute}): 429
  --max-bytes-in-flight BYTES      body bytes held in memory at once (default ${LIMITS.maxBytesInFlight}): 503
  --max-bytes-in-flight-per-client BYTES
                                   the same, for one client (default ${LIMITS.maxBytesInFlightPerClient}): 503
  --max-connections N              open connections (default ${LIMITS.maxConnections}); more are closed
  --max-connections-per-client N   open connections from one client (default ${LIMITS.maxConnectionsPerClient})
  Each can be set in the environment too: --rate-answers as TOUCHPOINT_RATE_ANSWERS, and so on.

Environment:
  DATABASE_URL               postgres://… to use PostgreSQL instead of the embedded store
  TOUCHPOINT_ALLOWED_ORIGINS comma-separated origins whose pages may send answers
                             (default: any) and read the API from a browser (default: none);
                             *,https://admin.example.com: any page sends, that one reads too
  TOUCHPOINT_ADMIN_TOKEN     when set, the dashboard, stats, comments and export need it;
                             32 characters or more: openssl rand -hex 32
  TOUCHPOINT_PUBLIC_HOST     as --public-host
  TOUCHPOINT_ALLOW_PRIVATE_WEBHOOKS
                             1: the same as --allow-private-webhooks
  TOUCHPOINT_KEEP_ALIVE      seconds an idle connection is kept open for its next request
                             (default 5; 65 with --trust-proxy; 1 to 3600): behind a load
                             balancer, more than its idle timeout (60 on AWS ALB)
  TOUCHPOINT_DATABASE_TIMEOUT
                             seconds a request waits for PostgreSQL, for a connection and
                             its statement's answer together, before a 503 (default 10,
                             1 to 600)

Dashboard: http://<host>:<port>/   Docs: docs/collector.md`

/** The limit flags, each with its environment variable (`--rate-answers`: TOUCHPOINT_RATE_ANSWERS) and option. */
const LIMIT_FLAGS = {
  'max-body': 'maxBodyBytes',
  rate: 'ratePerMinute',
  'rate-answers': 'answersPerMinute',
  'rate-bytes': 'bytesPerMinute',
  'max-bytes-in-flight': 'maxBytesInFlight',
  'max-bytes-in-flight-per-client': 'maxBytesInFlightPerClient',
  'max-connections': 'maxConnections',
  'max-connections-per-client': 'maxConnectionsPerClient',
} as const satisfies Record<string, keyof typeof LIMITS>
type LimitFlag = keyof typeof LIMIT_FLAGS

const envName = (flag: string) => `TOUCHPOINT_${flag.toUpperCase().replace(/-/g, '_')}`

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/

/** A host name for `--public-host`, as `hostName` reads it from a Host header: lower case, IPv6 in brackets. */
function publicHost(s: string, from: string): string {
  const name = s.toLowerCase().replace(/\.$/, '')
  const v6 = name.replace(/^\[(.*)\]$/, '$1')
  // As browsers write it: [::1], not [0:0::1].
  if (isIPv6(v6)) return new URL(`http://[${v6}]`).hostname
  if (!HOST_NAME.test(name) || name.startsWith('[')) {
    throw new StartupError(`${from}: "${s}" is not a host name; write the name alone, as browsers send it, e.g. collector.internal or 192.168.1.20`)
  }
  return name
}

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
 * The collector's options from its command line and environment, with the notes worth
 * printing at start (what is open to whom). Throws `StartupError` naming the bad flag.
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
        'seed-config': { type: 'string' },
        'public-host': { type: 'string', multiple: true },
        ...(Object.fromEntries(Object.keys(LIMIT_FLAGS).map((f) => [f, { type: 'string' }])) as Record<LimitFlag, { type: 'string' }>),
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

  const whole = (name: string, v: string | undefined, max?: number, min = 0) => {
    if (v === undefined) return undefined
    const n = Number(v)
    if (v.trim() === '' || !Number.isSafeInteger(n) || n < min || n > (max ?? n)) {
      throw new StartupError(`${name} must be a whole number ${max ? `from ${min} to ${max}` : `(${min} or more)`} (got "${v}")`)
    }
    return n
  }
  const port = whole('--port', values.port, 65535) ?? whole('PORT', env.PORT || undefined, 65535) ?? 8787
  const limits: Partial<Record<(typeof LIMIT_FLAGS)[LimitFlag], number>> = {}
  for (const [flag, option] of Object.entries(LIMIT_FLAGS) as [LimitFlag, (typeof LIMIT_FLAGS)[LimitFlag]][]) {
    const min = flag === 'max-body' ? 1 : 0
    const n = whole(`--${flag}`, values[flag], undefined, min) ?? whole(envName(flag), env[envName(flag)] || undefined, undefined, min)
    if (n !== undefined) limits[option] = n
  }
  const hosts = values['public-host']?.length ? { from: '--public-host', list: values['public-host'] } : { from: 'TOUCHPOINT_PUBLIC_HOST', list: [env.TOUCHPOINT_PUBLIC_HOST ?? ''] }
  const publicHosts = hosts.list.flatMap((l) => l.split(',')).map((h) => h.trim()).filter(Boolean).map((h) => publicHost(h, hosts.from))
  const origins = env.TOUCHPOINT_ALLOWED_ORIGINS?.split(',').map((s) => s.trim()).filter(Boolean) ?? []
  // `*` beside names: any page may send, and the named ones may read too.
  // `null`: the opaque origin of sandboxed frames, which may then send (never read).
  const named = origins.filter((s) => s !== '*').map((s) => (s === 'null' ? s : origin(s)))
  const anyOrigin = !origins.length || origins.includes('*')
  const allowedOrigins = anyOrigin && !named.length ? '*' : anyOrigin ? ['*', ...named] : named
  const adminToken = env.TOUCHPOINT_ADMIN_TOKEN || undefined
  const tokenProblem = adminToken && adminTokenProblem(adminToken)
  if (tokenProblem) throw new StartupError(tokenProblem)
  const databaseUrl = env.DATABASE_URL || undefined
  const keepAlive = whole('TOUCHPOINT_KEEP_ALIVE (seconds)', env.TOUCHPOINT_KEEP_ALIVE || undefined, 3600, 1)
  const databaseTimeout = whole('TOUCHPOINT_DATABASE_TIMEOUT (seconds)', env.TOUCHPOINT_DATABASE_TIMEOUT || undefined, 600, 1)
  const host = values.host ?? '127.0.0.1'
  const copyFrom = values['copy-from-data-dir']
  if (values.config !== undefined && values['seed-config'] !== undefined) throw new StartupError('--config and --seed-config both give the survey config: use one')
  if (copyFrom !== undefined && !databaseUrl) throw new StartupError('--copy-from-data-dir copies into PostgreSQL: set DATABASE_URL to the database to copy into')

  const notes: string[] = []
  if (anyOrigin) notes.push('any web page may send answers here: set TOUCHPOINT_ALLOWED_ORIGINS to your sites to restrict it')
  if (adminToken && publicHosts.length) notes.push('--public-host is not needed: with TOUCHPOINT_ADMIN_TOKEN set, the token decides who reads')
  else if (publicHosts.length) notes.push(`anyone who can reach ${publicHosts.join(', ')} can read the answers: set TOUCHPOINT_ADMIN_TOKEN (openssl rand -hex 32)`)
  else if (!adminToken && !LOOPBACK.test(host)) {
    notes.push('without TOUCHPOINT_ADMIN_TOKEN the dashboard and the answers show only at localhost: set one (openssl rand -hex 32) to read them from other machines')
  }
  if (databaseUrl && values['data-dir']) notes.push('--data-dir is ignored: DATABASE_URL is set')
  if (!databaseUrl && databaseTimeout !== undefined) notes.push('TOUCHPOINT_DATABASE_TIMEOUT is ignored: it bounds the waits on PostgreSQL (DATABASE_URL)')
  const allowPrivateWebhooks = values['allow-private-webhooks'] ?? privateWebhooksFromEnv(env)
  if (allowPrivateWebhooks) notes.push('webhooks may reach loopback and private addresses, over plain http too (--allow-private-webhooks)')

  return {
    options: {
      port,
      host,
      dataDir: values['data-dir'] ?? 'touchpoint-data',
      databaseUrl,
      ...(databaseTimeout !== undefined && { databaseTimeoutMs: databaseTimeout * 1000 }),
      configFile: values.config,
      ...(values['seed-config'] !== undefined && { seedConfigFile: values['seed-config'] }),
      ...limits,
      trustProxy: values['trust-proxy'] ?? false,
      ...(keepAlive !== undefined && { keepAliveTimeoutMs: keepAlive * 1000 }),
      allowPrivateWebhooks,
      allowedOrigins,
      adminToken,
      publicHosts,
    },
    notes,
    ...(copyFrom !== undefined && { copyFrom }),
  }
}

/**
 * `TOUCHPOINT_ALLOW_PRIVATE_WEBHOOKS`: `1` lets webhooks reach loopback and private addresses,
 * over plain http too; `0` or unset does not; anything else stops the start. Read here for the
 * command and by `npm start`'s demo.
 */
export function privateWebhooksFromEnv(env: NodeJS.ProcessEnv): boolean {
  const value = env.TOUCHPOINT_ALLOW_PRIVATE_WEBHOOKS ?? ''
  if (!['', '0', '1'].includes(value)) throw new StartupError(`TOUCHPOINT_ALLOW_PRIVATE_WEBHOOKS must be 1 (allow) or 0 (got "${value}")`)
  return value === '1'
}
