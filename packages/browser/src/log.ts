import type { Misuse } from './debug.js'

/** Console output: errors and warnings always, decisions only in debug mode. */
export interface Log {
  debug: boolean
  /** A decision about one survey (debug mode only): `checkout-nps: not shown — answered 3 days ago`. */
  (surveyId: string, message: string): void
}

const PREFIX = '[touchpoint]'

export function createLog(debug: boolean): Log {
  const log = ((surveyId: string, message: string) => {
    if (log.debug) console.info(PREFIX, `${surveyId}: ${message}`)
  }) as Log
  log.debug = debug
  return log
}

/** A console error with the SDK's prefix. */
export const error = (...args: unknown[]) => console.error(PREFIX, ...args)
/** A console warning with the SDK's prefix. */
export const warn = (...args: unknown[]) => console.warn(PREFIX, ...args)

/**
 * Says that a command was called wrongly, worded by debug.ts: a chunk fetched only then (or in
 * debug mode), so that no page carries the wording; where it cannot be fetched (offline), the
 * bare facts. Resolves once said.
 */
export const wrongly = (m: Misuse, say: (text: string) => void): Promise<void> =>
  import('./debug.js')
    .then((w) => w.misused(m), () => m.slice(0, 2).join(': '))
    .then(say)
