import { isTransient, isUnavailable } from './db/database-error.js'
import { HttpError } from './http-error.js'

/**
 * A batch the database failed to store, for a reason of its own: answered 503 with Retry-After
 * when the database is unavailable or kept deadlocking (the SDK keeps the answers and retries),
 * 500 otherwise. The
 * log gets `cause` (its code and message, without values) and the ids, never the answers.
 */
export class StoreError extends HttpError {
  constructor(
    override readonly cause: unknown,
    readonly ids: readonly string[],
  ) {
    const unavailable = isUnavailable(cause) || isTransient(cause)
    super(
      unavailable ? 503 : 500,
      unavailable ? 'the database cannot store answers right now: retry later' : 'internal error',
      unavailable ? { 'Retry-After': '30' } : {},
    )
    this.name = 'StoreError'
  }
}
