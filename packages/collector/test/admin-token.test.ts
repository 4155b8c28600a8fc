import { describe, expect, it } from 'vitest'
import { adminTokenProblem } from '../src/admin-token.js'

describe('adminTokenProblem', () => {
  it.each([
    ['a'.repeat(32), undefined],
    ['0123456789abcdef'.repeat(4), undefined],
    ['a'.repeat(31), 'TOUCHPOINT_ADMIN_TOKEN is 31 characters long: use at least 32 random characters, e.g. the output of "openssl rand -hex 32"'],
    ['', 'TOUCHPOINT_ADMIN_TOKEN is 0 characters long: use at least 32 random characters, e.g. the output of "openssl rand -hex 32"'],
    [`${'a'.repeat(32)} b`, 'TOUCHPOINT_ADMIN_TOKEN must not contain spaces (it travels as "Authorization: Bearer <token>")'],
    [`${'a'.repeat(64)}\n`, 'TOUCHPOINT_ADMIN_TOKEN starts or ends with white space (a line break at the end of the file it came from?): remove it (it travels as "Authorization: Bearer <token>")'],
    [`${'a'.repeat(32)}é€`, 'TOUCHPOINT_ADMIN_TOKEN holds a character other than ASCII letters, digits and punctuation, which an HTTP header cannot carry as typed: use e.g. the output of "openssl rand -hex 32"'],
    [`${'a'.repeat(32)}\u0000`, 'TOUCHPOINT_ADMIN_TOKEN holds a character other than ASCII letters, digits and punctuation, which an HTTP header cannot carry as typed: use e.g. the output of "openssl rand -hex 32"'],
    [` ${'a'.repeat(64)}`, 'TOUCHPOINT_ADMIN_TOKEN starts or ends with white space (a line break at the end of the file it came from?): remove it (it travels as "Authorization: Bearer <token>")'],
  ])('judges a token of %j: %j', (token, problem) => {
    expect(adminTokenProblem(token)).toBe(problem)
  })

  it('names the setting it was given, never the token', () => {
    expect(adminTokenProblem('secret', 'adminToken')).toBe('adminToken is 6 characters long: use at least 32 random characters, e.g. the output of "openssl rand -hex 32"')
  })
})
