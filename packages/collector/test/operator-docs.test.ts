import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { HELP } from '../src/cli-options.js'
import { LIMITS } from '../src/limits.js'

// What an operator reads (docs/collector.md, --help) against what the command reads.
const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8')
const DOC = read('../../../docs/collector.md')
const SOURCE = read('../src/cli-options.ts')

const helpFlags = [...new Set([...HELP.matchAll(/(?<![\w-])--[a-z][a-z-]+/g)].map((m) => m[0]))]
/** The limit flags: the lines of --help's Limits that start with a flag. */
const limitFlags = [...HELP.slice(HELP.indexOf('\nLimits'), HELP.indexOf('\nEnvironment')).matchAll(/^ {2}(--[a-z-]+)/gm)].map((m) => m[1]!)
const envName = (flag: string) => `TOUCHPOINT_${flag.slice(2).toUpperCase().replace(/-/g, '_')}`

describe('the operator docs', () => {
  it('describe every flag of --help, and --help every flag they describe', () => {
    expect(helpFlags.length).toBeGreaterThan(15)
    for (const flag of helpFlags) expect(DOC, flag).toContain(`\`${flag}`)
    const documented = new Set([...DOC.matchAll(/`(--[a-z][a-z-]+)/g)].map((m) => m[1]!))
    for (const flag of documented) expect(helpFlags, `${flag} is in docs/collector.md`).toContain(flag)
  })

  it('describe every environment variable the command reads', () => {
    const vars = [...new Set([...SOURCE.matchAll(/env\.([A-Z][A-Z_]+)/g)].map((m) => m[1]!))]
    expect(vars).toEqual(expect.arrayContaining(['DATABASE_URL', 'PORT', 'TOUCHPOINT_ADMIN_TOKEN', 'TOUCHPOINT_ALLOWED_ORIGINS']))
    for (const v of [...vars, ...limitFlags.map(envName)]) expect(DOC, v).toContain(`\`${v}\``)
    for (const v of vars.filter((v) => v !== 'PORT')) expect(HELP, v).toContain(v)
  })

  it('give each limit its default, flag and variable, as the code has them', () => {
    const options: Record<string, number> = {
      '--max-body': LIMITS.maxBodyBytes, '--rate': LIMITS.ratePerMinute, '--rate-answers': LIMITS.answersPerMinute,
      '--rate-bytes': LIMITS.bytesPerMinute, '--max-bytes-in-flight': LIMITS.maxBytesInFlight,
      '--max-bytes-in-flight-per-client': LIMITS.maxBytesInFlightPerClient, '--max-connections': LIMITS.maxConnections,
      '--max-connections-per-client': LIMITS.maxConnectionsPerClient,
    }
    expect(limitFlags.sort()).toEqual(Object.keys(options).sort())
    const table = DOC.slice(DOC.indexOf('## Limits and hardening'))
    for (const [flag, value] of Object.entries(options)) {
      const row = table.split('\n').find((l) => l.includes(`| \`${flag} `))
      expect(row, flag).toBeDefined()
      const [, , byDefault, , variable] = row!.split('|').map((c) => c.trim())
      expect(byDefault!.replace(/(\d),(\d)/g, '$1$2').match(/\d+/g)!.map(Number), flag).toContain(value)
      expect(variable).toBe(`\`${envName(flag)}\``)
      expect(HELP).toContain(`(default ${value})`)
    }
  })
})
