import { parseArgs } from 'node:util'
import { startCollector } from './start.js'

const HELP = `touchpoint-collector: receive Touchpoint answers, show NPS/CSAT/CES

Usage: touchpoint-collector [options]

Options:
  --port N          port to listen on (default 8787; 0 picks a free one)
  --host ADDR       address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)
  --data-dir DIR    embedded database directory (default ./touchpoint-data)
  --config FILE     survey config served at GET /v1/config, validated at start
  --max-body BYTES  largest request body (default 1048576)
  --rate N          ingest requests per client per minute, 0 for no limit (default 600)
  --trust-proxy     take the client address from X-Forwarded-For
  -h, --help        this help

Environment:
  DATABASE_URL               postgres://… to use PostgreSQL instead of the embedded store
  TOUCHPOINT_ALLOWED_ORIGINS comma-separated origins that may send from a browser (default: any)
  TOUCHPOINT_ADMIN_TOKEN     when set, the read endpoints need Authorization: Bearer <token>`

function fail(message: string): never {
  console.error(`touchpoint-collector: ${message}\nRun touchpoint-collector --help for the options.`)
  process.exit(2)
}

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        config: { type: 'string' },
        'max-body': { type: 'string' },
        rate: { type: 'string' },
        'trust-proxy': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    })
  } catch (e) {
    return fail((e as Error).message)
  }
})()

if (values.help) {
  console.log(HELP)
  process.exit(0)
}

const int = (name: string, v: string | undefined) => {
  if (v === undefined) return undefined
  const n = Number(v)
  return Number.isInteger(n) && n >= 0 ? n : fail(`--${name} must be a whole number (got "${v}")`)
}

const origins = process.env.TOUCHPOINT_ALLOWED_ORIGINS?.split(',').map((s) => s.trim()).filter(Boolean)
const databaseUrl = process.env.DATABASE_URL || undefined

try {
  const c = await startCollector({
    port: int('port', values.port) ?? 8787,
    host: values.host,
    dataDir: values['data-dir'] ?? 'touchpoint-data',
    databaseUrl,
    configFile: values.config,
    maxBodyBytes: int('max-body', values['max-body']),
    ratePerMinute: int('rate', values.rate),
    trustProxy: values['trust-proxy'],
    allowedOrigins: !origins?.length || origins.includes('*') ? '*' : origins,
    adminToken: process.env.TOUCHPOINT_ADMIN_TOKEN || undefined,
  })
  const store = databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PostgreSQL in ${values['data-dir'] ?? 'touchpoint-data'}`
  console.log(`touchpoint-collector listening on ${c.url} (${store})`)
  if (!origins?.length) console.log('  any origin may send answers: set TOUCHPOINT_ALLOWED_ORIGINS to restrict it')
  const stop = () => void c.close().then(() => process.exit(0))
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
} catch (e) {
  fail((e as Error).message)
}
