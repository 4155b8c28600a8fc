// What an error from PostgreSQL, PGlite or the file system means to the collector. Their error
// objects carry the values of the statement that failed (pg's `detail` and `where`, PGlite's
// `params` and `query`: comments, user ids, URLs): nothing here ever reads those fields.

const SQLSTATE = /^[0-9A-DF-Z][0-9A-Z]{4}$/

/** A PostgreSQL SQLSTATE (`22P02`), or a Node system error code (`ENOSPC`), or `undefined`. */
export function errorCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code
  return typeof code === 'string' && /^[0-9A-Z_]{3,32}$/.test(code) ? code : undefined
}

const sqlState = (e: unknown) => {
  const code = errorCode(e)
  return code && SQLSTATE.test(code) ? code : undefined
}

/**
 * Whether the database refused the values of a record rather than failed: class 22 (data
 * exception: bad text, a number out of range), 23 (a constraint) or 54 (a value too large or
 * too deep). Another record of the same batch may well be stored.
 */
export const isDataError = (e: unknown) => /^(22|23|54)/.test(sqlState(e) ?? '')

/** A serialization failure or a deadlock: the statement did nothing and may simply run again. */
export const isTransient = (e: unknown) => ['40001', '40P01'].includes(sqlState(e) ?? '')

// The disk, not the statement: out of space or quota, read-only, an I/O error, or PGlite's
// WebAssembly aborting. SQLSTATE classes 53 (insufficient resources), 58 (system error), 25006
// (read-only transaction), and Node's codes for the same.
const WRITE_FAILURE = /^(53|58)...$|^25006$|^E(NOSPC|DQUOT|ROFS|IO|ACCES|PERM)$/
// The database is gone or going: class 08 (connection), 57 (shut down, cancelled), and Node's codes.
const GONE = /^(08|57)...$|^E(CONNREFUSED|CONNRESET|TIMEDOUT|PIPE|HOSTUNREACH|NOTFOUND)$/

const aborted = (e: unknown) => e instanceof Error && e.name === 'RuntimeError' && /abort/i.test(e.message)

/** Whether `e` says that nothing can be written now (a full or read-only disk), whatever the statement. */
export const isWriteFailure = (e: unknown) => WRITE_FAILURE.test(errorCode(e) ?? '') || aborted(e)

/** Whether `e` says the database cannot store anything now (rather than that a statement or a record is wrong). */
export const isUnavailable = (e: unknown) => isWriteFailure(e) || GONE.test(errorCode(e) ?? '')

/** An error's message with its quoted values cut out (PostgreSQL quotes the values it cites). */
export const scrub = (message: string) => message.replace(/"(?:[^"\\]|\\.)*"/g, '"…"').replace(/\s+/g, ' ').slice(0, 200)

/**
 * An error as one log line: its code and its message without the values it quotes, and for an
 * error of the collector's own code, where it was thrown. Never a field that holds data.
 */
export function describeError(e: unknown): string {
  if (!(e instanceof Error)) return `a thrown ${typeof e}`
  const code = errorCode(e)
  const name = e.name && e.name !== 'Error' && e.name !== 'error' ? `${e.name} ` : ''
  const message = scrub(e.message)
  const text = `${name}${code && !message.startsWith(code) ? `${code} ` : ''}${message}`
  if (code) return text
  const frames = (e.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l)).slice(0, 3).map((l) => l.trim().slice(3))
  return frames.length ? `${text} (at ${frames.join(' < ')})` : text
}
