/** Which budget a body did not fit in: the client's share, or the whole collector's. */
export type Full = 'client' | 'all'

/** The bytes one request's body holds, taken as they arrive and given back in one go. */
export interface BodyLease {
  /** Whether `n` more bytes would fit now; `undefined` when they would, else which budget is full. */
  check(n: number): Full | undefined
  /** Takes `n` bytes when they fit (answers `undefined`); takes nothing when they do not (answers which budget is full). */
  take(n: number): Full | undefined
  /** Gives back everything this lease took. Calling it again does nothing. */
  release(): void
  /** Bytes this lease holds now. */
  readonly held: number
}

/** The bytes of request bodies held in memory across all requests; see `bodyBudget`. */
export interface BodyBudget {
  /** Bytes held now, by every request together. */
  readonly held: number
  /** A lease for one request of `client`. */
  lease(client: string): BodyLease
}

/**
 * Caps the request-body bytes the collector holds at once: `max` in all, `maxPerClient` for one
 * client, so that one client cannot take the whole budget from the others. Bodies are counted
 * as their bytes arrive (a client that announces a large body and stalls holds only what it
 * sent) and until their request is answered, since the parsed answers live that long. 0 turns
 * a cap off.
 */
export function bodyBudget(max: number, maxPerClient: number): BodyBudget {
  let held = 0
  const byClient = new Map<string, number>()
  return {
    get held() {
      return held
    },
    lease(client) {
      let mine = 0
      const check = (n: number): Full | undefined => {
        if (maxPerClient && (byClient.get(client) ?? 0) + n > maxPerClient) return 'client'
        if (max && held + n > max) return 'all'
      }
      return {
        check,
        take(n) {
          if (!n) return
          const full = check(n)
          if (full) return full
          held += n
          mine += n
          byClient.set(client, (byClient.get(client) ?? 0) + n)
        },
        get held() {
          return mine
        },
        release() {
          if (!mine) return
          held -= mine
          const left = byClient.get(client)! - mine
          if (left) byClient.set(client, left)
          else byClient.delete(client)
          mine = 0
        },
      }
    },
  }
}
