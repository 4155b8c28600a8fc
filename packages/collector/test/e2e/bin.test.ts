import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../../../', import.meta.url))
const pkg = JSON.parse(readFileSync(join(root, 'packages/collector/package.json'), 'utf8')) as { bin: Record<string, string>; files: string[] }
const BIN = join(root, 'packages/collector', pkg.bin['touchpoint-collector']!)
const ESC = '\x1b'

// The environment of a shell, without what the package manager running these tests adds.
const shell = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm_|pnpm_|NO_COLOR$|FORCE_COLOR$)/i.test(k)))

/** Runs a command to its end, stdout and stderr captured (not a terminal). */
function run(cmd: string, args: string[], env: Record<string, string | undefined> = {}) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', env: { ...shell, ...env }, timeout: 30_000 })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

/** Runs `command` in a pseudo-terminal (util-linux `script`), as a person at a terminal would. */
const inTerminal = (command: string, env: Record<string, string | undefined> = {}) => run('script', ['-qec', command, '/dev/null'], { TERM: 'xterm', ...env })

describe('the touchpoint-collector command', () => {
  it('is a committed file outside dist/, so that installing links it before anything is built', () => {
    expect(pkg.bin['touchpoint-collector']).toBe('./bin/touchpoint-collector.js')
    expect(pkg.files).toContain('bin')
    expect(readFileSync(BIN, 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/)
    expect(statSync(BIN).mode & 0o111).not.toBe(0)
  })

  it('runs the built collector: --help, with no colour codes', () => {
    const r = run(process.execPath, [BIN, '--help'])
    expect(r.code).toBe(0)
    expect(r.out).toContain('--data-dir')
    expect(r.out + r.err).not.toContain(ESC)
  })

  it('is on the path of the workspace: pnpm exec touchpoint-collector --help', () => {
    const r = run(process.execPath, ['.ci/pnpm.mjs', 'exec', 'touchpoint-collector', '--help'])
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    expect(r.out).toContain('--data-dir')
  })

  it('says to build first when dist/ is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tp-bin-'))
    try {
      mkdirSync(join(dir, 'bin'))
      copyFileSync(BIN, join(dir, 'bin/touchpoint-collector.js'))
      const r = run(process.execPath, [join(dir, 'bin/touchpoint-collector.js'), '--help'])
      expect(r.code).toBe(1)
      expect(r.err).toBe(
        `touchpoint-collector: the collector is not built (${join(dir, 'dist/cli.js')} is missing).\n` +
          'In a clone of the Touchpoint repository, run "npm run build" at its root first.\n',
      )
      expect(existsSync(join(dir, 'dist'))).toBe(false)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe("the repository scripts' messages", () => {
  const say = `${JSON.stringify(process.execPath)} -e "import('./.ci/setup.mjs').then((m) => m.say('hello'))"`

  it.each([
    ['to a terminal: bold', true, {}, `${ESC}[1m[touchpoint]${ESC}[0m hello`],
    ['to a terminal with NO_COLOR=1: plain', true, { NO_COLOR: '1' }, '[touchpoint] hello'],
    ['to a terminal with NO_COLOR empty: bold, as no-color.org says', true, { NO_COLOR: '' }, `${ESC}[1m[touchpoint]${ESC}[0m hello`],
    ['to a dumb terminal: plain', true, { TERM: 'dumb' }, '[touchpoint] hello'],
    ['to a pipe: plain', false, {}, '[touchpoint] hello'],
  ] as const)('are written %s', (_, terminal, env, expected) => {
    const r = terminal ? inTerminal(say, env) : run('sh', ['-c', say], env)
    expect(r.code).toBe(0)
    expect(r.out.replace(/\r\n/g, '\n')).toBe(`${expected}\n`)
  })
})
