/**
 * Shortest admin token the collector starts with. 32 random characters are at least 128 bits
 * from `openssl rand -hex 32` (64 characters, 256 bits): out of reach of guessing, even at the
 * 20 guesses a minute a client is allowed.
 */
export const MIN_ADMIN_TOKEN_LENGTH = 32

/**
 * Why `token` cannot be the admin token, or `undefined` when it can. The message names the
 * setting and the fix, and never repeats the token.
 */
export function adminTokenProblem(token: string, setting = 'TOUCHPOINT_ADMIN_TOKEN'): string | undefined {
  // A secret mounted from a file often ends with the file's line break, which no one sees.
  const inner = token.trim()
  if (inner && inner !== token && !/\s/.test(inner)) {
    return `${setting} starts or ends with white space (a line break at the end of the file it came from?): remove it (it travels as "Authorization: Bearer <token>")`
  }
  if (/\s/.test(token)) return `${setting} must not contain spaces (it travels as "Authorization: Bearer <token>")`
  // An HTTP header carries bytes: a browser cannot send a character beyond Latin-1, and curl sends UTF-8, which the collector reads as Latin-1.
  if (/[^\x21-\x7e]/.test(token)) {
    return `${setting} holds a character other than ASCII letters, digits and punctuation, which an HTTP header cannot carry as typed: use e.g. the output of "openssl rand -hex 32"`
  }
  if (token.length < MIN_ADMIN_TOKEN_LENGTH) {
    return `${setting} is ${token.length} characters long: use at least ${MIN_ADMIN_TOKEN_LENGTH} random characters, e.g. the output of "openssl rand -hex 32"`
  }
}
