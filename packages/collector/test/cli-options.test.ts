import { describe, expect, it } from 'vitest'
import { cliOptions } from '../src/cli-options.js'

const TOKEN = 'f'.repeat(64)

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
        trustProxy: false, allowPrivateWebhooks: false, allowedOrigins: '*', adminToken: undefined, publicHosts: [],
      },
      notes: ['any web page may send answers here: set TOUCHPOINT_ALLOWED_ORIGINS to your sites to restrict it'],
    })
  })

  it('takes the documented flags and environment', () => {
    const { options: o, notes } = options(
      ['--port', '9000', '--data-dir', '/var/lib/tp', '--config', 'surveys.json', '--host', '0.0.0.0', '--rate', '0', '--max-body', '65536', '--trust-proxy'],
      {
        DATABASE_URL: 'postgres://tp@db/tp',
        TOUCHPOINT_ALLOWED_ORIGINS: 'https://shop.example.com/, https://www.example.com:8443',
        TOUCHPOINT_ADMIN_TOKEN: TOKEN,
      },
    )
    expect(o).toEqual({
      port: 9000, host: '0.0.0.0', dataDir: '/var/lib/tp', databaseUrl: 'postgres://tp@db/tp', configFile: 'surveys.json',
      maxBodyBytes: 65536, ratePerMinute: 0, trustProxy: true, allowPrivateWebhooks: false, publicHosts: [],
      allowedOrigins: ['https://shop.example.com', 'https://www.example.com:8443'], adminToken: TOKEN,
    })
    expect(notes).toEqual(['--data-dir is ignored: DATABASE_URL is set'])
  })

  it('takes every limit from its flag, or else from its environment variable', () => {
    const flags = [
      ['--max-body', '1'], ['--rate', '2'], ['--rate-answers', '3'], ['--rate-bytes', '4'], ['--max-bytes-in-flight', '5'],
      ['--max-bytes-in-flight-per-client', '6'], ['--max-connections', '7'], ['--max-connections-per-client', '8'],
    ].flat()
    const expected = {
      maxBodyBytes: 1, ratePerMinute: 2, answersPerMinute: 3, bytesPerMinute: 4, maxBytesInFlight: 5, maxBytesInFlightPerClient: 6,
      maxConnections: 7, maxConnectionsPerClient: 8,
    }
    expect(options(flags).options).toMatchObject(expected)
    const env = {
      TOUCHPOINT_MAX_BODY: '1', TOUCHPOINT_RATE: '2', TOUCHPOINT_RATE_ANSWERS: '3', TOUCHPOINT_RATE_BYTES: '4', TOUCHPOINT_MAX_BYTES_IN_FLIGHT: '5',
      TOUCHPOINT_MAX_BYTES_IN_FLIGHT_PER_CLIENT: '6', TOUCHPOINT_MAX_CONNECTIONS: '7', TOUCHPOINT_MAX_CONNECTIONS_PER_CLIENT: '8',
    }
    expect(options([], env).options).toMatchObject(expected)
    expect(options(['--rate-answers', '30'], env).options.answersPerMinute).toBe(30)
  })

  it.each<[string[], Record<string, string>, string[]]>([
    [['--public-host', 'Collector.Internal'], {}, ['collector.internal']],
    [['--public-host', 'a.test,10.0.0.5', '--public-host', '::1'], {}, ['a.test', '10.0.0.5', '[::1]']],
    [[], { TOUCHPOINT_PUBLIC_HOST: 'a.test, [fd00:0::1], b.test.' }, ['a.test', '[fd00::1]', 'b.test']],
    [['--public-host', 'flag.test'], { TOUCHPOINT_PUBLIC_HOST: 'env.test' }, ['flag.test']],
  ])('reads the public host names of %j %j as a Host header names them', (argv, env, hosts) => {
    expect(options(argv, env).options.publicHosts).toEqual(hosts)
  })

  it('keeps the origins named beside * (any page may send, those may read too), and still says that any page may send', () => {
    const { options: o, notes } = options([], { TOUCHPOINT_ALLOWED_ORIGINS: '*, https://admin.example.com/' })
    expect(o.allowedOrigins).toEqual(['*', 'https://admin.example.com'])
    expect(notes).toContain('any web page may send answers here: set TOUCHPOINT_ALLOWED_ORIGINS to your sites to restrict it')
    expect(options([], { TOUCHPOINT_ALLOWED_ORIGINS: '*' }).options.allowedOrigins).toBe('*')
  })

  it('takes null, the origin of sandboxed frames, as the getting-started guide says to list it', () => {
    expect(options([], { TOUCHPOINT_ALLOWED_ORIGINS: 'https://shop.example.com, null' }).options.allowedOrigins).toEqual(['https://shop.example.com', 'null'])
  })

  it('takes the port from PORT when --port is not given', () => {
    expect(options([], { PORT: '3000' }).options.port).toBe(3000)
    expect(options(['--port', '0'], { PORT: '3000' }).options.port).toBe(0)
  })

  it('says how to read from other machines when it listens beyond loopback without a token', () => {
    expect(options(['--host', '0.0.0.0']).notes).toContain(
      'without TOUCHPOINT_ADMIN_TOKEN the dashboard and the answers show only at localhost: set one (openssl rand -hex 32) to read them from other machines',
    )
    expect(options(['--host', '0.0.0.0'], { TOUCHPOINT_ADMIN_TOKEN: TOKEN }).notes).toEqual([
      'any web page may send answers here: set TOUCHPOINT_ALLOWED_ORIGINS to your sites to restrict it',
    ])
  })

  it('warns that public host names open the answers to whoever reaches them', () => {
    expect(options(['--host', '0.0.0.0', '--public-host', 'tp.lan']).notes).toContain(
      'anyone who can reach tp.lan can read the answers: set TOUCHPOINT_ADMIN_TOKEN (openssl rand -hex 32)',
    )
    expect(options(['--public-host', 'tp.lan'], { TOUCHPOINT_ADMIN_TOKEN: TOKEN }).notes).toContain(
      '--public-host is not needed: with TOUCHPOINT_ADMIN_TOKEN set, the token decides who reads',
    )
  })

  it('copies an embedded database into PostgreSQL when asked', () => {
    expect(options(['--copy-from-data-dir', 'old-data'], { DATABASE_URL: 'postgres://db/tp' }).copyFrom).toBe('old-data')
  })

  it('bounds the waits on PostgreSQL by TOUCHPOINT_DATABASE_TIMEOUT, 10 s unless set', () => {
    const pg = { DATABASE_URL: 'postgres://db/tp' }
    expect(options([], pg).options).not.toHaveProperty('databaseTimeoutMs')
    expect(options([], { ...pg, TOUCHPOINT_DATABASE_TIMEOUT: '3' }).options.databaseTimeoutMs).toBe(3000)
    expect(options([], { ...pg, TOUCHPOINT_DATABASE_TIMEOUT: '600' }).options.databaseTimeoutMs).toBe(600_000)
    expect(options([], { ...pg, TOUCHPOINT_DATABASE_TIMEOUT: '' }).options).not.toHaveProperty('databaseTimeoutMs')
    // The embedded store waits for no server: the variable is noted as ignored there.
    expect(options([], { TOUCHPOINT_DATABASE_TIMEOUT: '3' }).notes).toContain('TOUCHPOINT_DATABASE_TIMEOUT is ignored: it bounds the waits on PostgreSQL (DATABASE_URL)')
  })

  it('keeps idle connections open as long as TOUCHPOINT_KEEP_ALIVE says', () => {
    expect(options([]).options).not.toHaveProperty('keepAliveTimeoutMs')
    expect(options([], { TOUCHPOINT_KEEP_ALIVE: '75' }).options.keepAliveTimeoutMs).toBe(75_000)
    expect(options(['--trust-proxy'], { TOUCHPOINT_KEEP_ALIVE: '620' }).options).toMatchObject({ trustProxy: true, keepAliveTimeoutMs: 620_000 })
  })

  it('takes a config file to seed an empty database with', () => {
    expect(options(['--seed-config', 'touchpoint.json']).options).toMatchObject({ seedConfigFile: 'touchpoint.json', configFile: undefined })
    expect(options([]).options).not.toHaveProperty('seedConfigFile')
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
    [['--max-body', '1.5'], {}, '--max-body must be a whole number (1 or more) (got "1.5")'],
    [['--max-body', '0'], {}, '--max-body must be a whole number (1 or more) (got "0")'],
    [[], { TOUCHPOINT_MAX_CONNECTIONS: 'many' }, 'TOUCHPOINT_MAX_CONNECTIONS must be a whole number (0 or more) (got "many")'],
    [[], { PORT: 'x' }, 'PORT must be a whole number from 0 to 65535 (got "x")'],
    [[], { TOUCHPOINT_KEEP_ALIVE: '0' }, 'TOUCHPOINT_KEEP_ALIVE (seconds) must be a whole number from 1 to 3600 (got "0")'],
    [[], { TOUCHPOINT_KEEP_ALIVE: '65s' }, 'TOUCHPOINT_KEEP_ALIVE (seconds) must be a whole number from 1 to 3600 (got "65s")'],
    [[], { TOUCHPOINT_DATABASE_TIMEOUT: '0' }, 'TOUCHPOINT_DATABASE_TIMEOUT (seconds) must be a whole number from 1 to 600 (got "0")'],
    [[], { TOUCHPOINT_DATABASE_TIMEOUT: '10s' }, 'TOUCHPOINT_DATABASE_TIMEOUT (seconds) must be a whole number from 1 to 600 (got "10s")'],
    [[], { TOUCHPOINT_DATABASE_TIMEOUT: '2.5' }, 'TOUCHPOINT_DATABASE_TIMEOUT (seconds) must be a whole number from 1 to 600 (got "2.5")'],
    [[], { TOUCHPOINT_DATABASE_TIMEOUT: '601' }, 'TOUCHPOINT_DATABASE_TIMEOUT (seconds) must be a whole number from 1 to 600 (got "601")'],
    [['--prot', '1'], {}, "Unknown option '--prot'"],
    [[], { TOUCHPOINT_ALLOWED_ORIGINS: 'shop.example.com' }, 'TOUCHPOINT_ALLOWED_ORIGINS: "shop.example.com" is not an origin; write scheme://host[:port], e.g. https://shop.example.com'],
    [[], { TOUCHPOINT_ALLOWED_ORIGINS: 'https://example.com/shop' }, 'TOUCHPOINT_ALLOWED_ORIGINS: "https://example.com/shop" is not an origin; write scheme://host[:port], e.g. https://shop.example.com'],
    [['--copy-from-data-dir', 'old'], {}, '--copy-from-data-dir copies into PostgreSQL: set DATABASE_URL to the database to copy into'],
    [['--config', 'a.json', '--seed-config', 'b.json'], {}, '--config and --seed-config both give the survey config: use one'],
    [[], { TOUCHPOINT_ADMIN_TOKEN: 'two words' }, 'TOUCHPOINT_ADMIN_TOKEN must not contain spaces (it travels as "Authorization: Bearer <token>")'],
    [[], { TOUCHPOINT_ADMIN_TOKEN: 'a'.repeat(31) }, 'TOUCHPOINT_ADMIN_TOKEN is 31 characters long: use at least 32 random characters, e.g. the output of "openssl rand -hex 32"'],
    [['--public-host', 'https://tp.lan'], {}, '--public-host: "https://tp.lan" is not a host name; write the name alone, as browsers send it, e.g. collector.internal or 192.168.1.20'],
    [[], { TOUCHPOINT_PUBLIC_HOST: 'tp.lan:8787' }, 'TOUCHPOINT_PUBLIC_HOST: "tp.lan:8787" is not a host name'],
  ])('refuses %j %j, saying what to fix', (argv, env, message) => {
    expect(() => cliOptions(argv, env)).toThrow(message)
  })
})
