import { describe, expect, it } from 'vitest'
import { cliOptions } from '../src/cli-options.js'

const options = (argv: string[], env: Record<string, string> = {}) => {
  const r = cliOptions(argv, env)
  if (r.help) throw new Error('help')
  return r
}

describe('cliOptions', () => {
  it('runs on the embedded store on loopback by default, saying that any page may send', () => {
    expect(options([])).toEqual({
      options: {
        port: 8787, host: '127.0.0.1', dataDir: 'touchpoint-data', databaseUrl: undefined, configFile: undefined,
        maxBodyBytes: undefined, ratePerMinute: undefined, trustProxy: false, allowPrivateWebhooks: false, allowedOrigins: '*',
        adminToken: undefined,
      },
      notes: ['any web page may send answers here: set TOUCHPOINT_ALLOWED_ORIGINS to your sites to restrict it'],
    })
  })

  it('takes the DESIGN §8 flags and environment', () => {
    const { options: o, notes } = options(
      ['--port', '9000', '--data-dir', '/var/lib/tp', '--config', 'surveys.json', '--host', '0.0.0.0', '--rate', '0', '--max-body', '65536', '--trust-proxy'],
      {
        DATABASE_URL: 'postgres://tp@db/tp',
        TOUCHPOINT_ALLOWED_ORIGINS: 'https://shop.example.com/, https://www.example.com:8443',
        TOUCHPOINT_ADMIN_TOKEN: 'a-long-random-admin-token',
      },
    )
    expect(o).toEqual({
      port: 9000, host: '0.0.0.0', dataDir: '/var/lib/tp', databaseUrl: 'postgres://tp@db/tp', configFile: 'surveys.json',
      maxBodyBytes: 65536, ratePerMinute: 0, trustProxy: true, allowPrivateWebhooks: false,
      allowedOrigins: ['https://shop.example.com', 'https://www.example.com:8443'], adminToken: 'a-long-random-admin-token',
    })
    expect(notes).toEqual(['--data-dir is ignored: DATABASE_URL is set'])
  })

  it('takes the port from PORT when --port is not given', () => {
    expect(options([], { PORT: '3000' }).options.port).toBe(3000)
    expect(options(['--port', '0'], { PORT: '3000' }).options.port).toBe(0)
  })

  it('warns when the answers are readable from other machines without a token', () => {
    expect(options(['--host', '0.0.0.0']).notes).toContain('anyone who can reach 0.0.0.0 can read the answers: set TOUCHPOINT_ADMIN_TOKEN')
  })

  it('warns about a short admin token', () => {
    expect(options([], { TOUCHPOINT_ADMIN_TOKEN: 'abc' }).notes).toContain(
      'TOUCHPOINT_ADMIN_TOKEN is short: use 16 or more random characters (e.g. openssl rand -hex 24)',
    )
  })

  it('copies an embedded database into PostgreSQL when asked', () => {
    expect(options(['--copy-from-data-dir', 'old-data'], { DATABASE_URL: 'postgres://db/tp' }).copyFrom).toBe('old-data')
  })

  it.each([
    [['--allow-private-webhooks'], {}],
    [[], { TOUCHPOINT_ALLOW_PRIVATE_WEBHOOKS: '1' }],
  ])('lets webhooks reach private addresses with %j %j, and says so', (argv, env) => {
    const { options: o, notes } = options(argv, env)
    expect(o.allowPrivateWebhooks).toBe(true)
    expect(notes).toContain('webhooks may reach loopback and private addresses, over plain http too (--allow-private-webhooks)')
  })

  it('keeps webhooks to public addresses unless asked, and refuses a variable it cannot read', () => {
    expect(options([], { TOUCHPOINT_ALLOW_PRIVATE_WEBHOOKS: '0' }).options.allowPrivateWebhooks).toBe(false)
    expect(() => options([], { TOUCHPOINT_ALLOW_PRIVATE_WEBHOOKS: 'yes' })).toThrow('TOUCHPOINT_ALLOW_PRIVATE_WEBHOOKS must be 1 (allow) or 0 (got "yes")')
  })

  it('asks for help', () => {
    expect(cliOptions(['-h'], {})).toEqual({ help: true })
  })

  it.each<[string[], Record<string, string>, string]>([
    [['--port', 'eighty'], {}, '--port must be a whole number from 0 to 65535 (got "eighty")'],
    [['--port', '70000'], {}, '--port must be a whole number from 0 to 65535 (got "70000")'],
    [['--rate=-1'], {}, '--rate must be a whole number (0 or more) (got "-1")'],
    [['--max-body', '1.5'], {}, '--max-body must be a whole number (0 or more) (got "1.5")'],
    [[], { PORT: 'x' }, 'PORT must be a whole number from 0 to 65535 (got "x")'],
    [['--prot', '1'], {}, "Unknown option '--prot'"],
    [[], { TOUCHPOINT_ALLOWED_ORIGINS: 'shop.example.com' }, 'TOUCHPOINT_ALLOWED_ORIGINS: "shop.example.com" is not an origin; write scheme://host[:port], e.g. https://shop.example.com'],
    [[], { TOUCHPOINT_ALLOWED_ORIGINS: 'https://example.com/shop' }, 'TOUCHPOINT_ALLOWED_ORIGINS: "https://example.com/shop" is not an origin; write scheme://host[:port], e.g. https://shop.example.com'],
    [['--copy-from-data-dir', 'old'], {}, '--copy-from-data-dir copies into PostgreSQL: set DATABASE_URL to the database to copy into'],
    [[], { TOUCHPOINT_ADMIN_TOKEN: 'two words' }, 'TOUCHPOINT_ADMIN_TOKEN must not contain spaces (it travels as "Authorization: Bearer <token>")'],
  ])('refuses %j %j, saying what to fix', (argv, env, message) => {
    expect(() => cliOptions(argv, env)).toThrow(message)
  })
})
