import { describe, expect, it } from 'vitest'
import { describeError, isDataError, isTransient, isUnavailable, isWriteFailure, scrub } from '../src/db/database-error.js'

const pgError = (code: string, message: string) => Object.assign(new Error(message), { name: 'error', code, detail: 'Failing row contains (secret)', where: 'JSON data, line 1: {"secret"', params: ['secret'] })
const nodeError = (code: string, message: string) => Object.assign(new Error(message), { code })

describe('database errors', () => {
  it.each([
    ['invalid text for jsonb', pgError('22P02', 'invalid input syntax for type json'), { data: true, transient: false, write: false, unavailable: false }],
    ['a check constraint', pgError('23514', 'new row for relation "responses" violates check constraint "x"'), { data: true, transient: false, write: false, unavailable: false }],
    ['too deep', pgError('54001', 'stack depth limit exceeded'), { data: true, transient: false, write: false, unavailable: false }],
    ['a deadlock', pgError('40P01', 'deadlock detected'), { data: false, transient: true, write: false, unavailable: false }],
    ['a serialization failure', pgError('40001', 'could not serialize access'), { data: false, transient: true, write: false, unavailable: false }],
    ['a full disk', pgError('53100', 'could not extend file "base/5/1": No space left on device'), { data: false, transient: false, write: true, unavailable: true }],
    ['a read-only transaction', pgError('25006', 'cannot execute INSERT in a read-only transaction'), { data: false, transient: false, write: true, unavailable: true }],
    ['an I/O error', pgError('58030', 'could not write to file'), { data: false, transient: false, write: true, unavailable: true }],
    ['a shutdown', pgError('57P01', 'terminating connection due to administrator command'), { data: false, transient: false, write: false, unavailable: true }],
    ['ENOSPC', nodeError('ENOSPC', 'ENOSPC: no space left on device, write'), { data: false, transient: false, write: true, unavailable: true }],
    ['EIO', nodeError('EIO', 'EIO: i/o error, fdatasync'), { data: false, transient: false, write: true, unavailable: true }],
    ['EROFS', nodeError('EROFS', 'EROFS: read-only file system'), { data: false, transient: false, write: true, unavailable: true }],
    ['ECONNREFUSED', nodeError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'), { data: false, transient: false, write: false, unavailable: true }],
    ["PGlite's abort", Object.assign(new Error('Aborted()'), { name: 'RuntimeError' }), { data: false, transient: false, write: true, unavailable: true }],
    ['a syntax error', pgError('42601', 'syntax error at or near "x"'), { data: false, transient: false, write: false, unavailable: false }],
    ['a bug', new TypeError('x is not a function'), { data: false, transient: false, write: false, unavailable: false }],
  ])('%s', (_, e, is) => {
    expect({ data: isDataError(e), transient: isTransient(e), write: isWriteFailure(e), unavailable: isUnavailable(e) }).toEqual(is)
  })

  it.each([
    [pgError('22P02', 'invalid input syntax for type uuid: "jane@example.com"'), '22P02 invalid input syntax for type uuid: "…"'],
    [pgError('23514', 'new row for relation "responses" violates check constraint "responses_check"'), '23514 new row for relation "…" violates check constraint "…"'],
    [nodeError('ENOSPC', 'ENOSPC: no space left on device, write'), 'ENOSPC: no space left on device, write'],
  ])('describes %s without its values: %s', (e, line) => {
    expect(describeError(e)).toBe(line)
  })

  it('says where an error of the code itself was thrown', () => {
    expect(describeError(new TypeError('x is not a function'))).toMatch(/^TypeError x is not a function \(at .+database-error\.test\.ts:\d+:\d+/)
  })

  it('scrubs escaped quotes and long messages', () => {
    expect(scrub('a "b\\"c" d')).toBe('a "…" d')
    expect(scrub('x'.repeat(500))).toHaveLength(200)
  })
})
