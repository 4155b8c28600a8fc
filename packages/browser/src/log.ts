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
