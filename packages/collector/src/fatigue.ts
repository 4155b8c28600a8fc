import type { Database } from './db/database.js'
import { DAY_MS } from './instant.js'
import { responseRate } from './reach.js'

/** The distribution stops here: its last bucket holds the visitors shown this many prompts or more. */
export const FATIGUE_CAP = 10

/** How tired visitors are of prompts, over a period that ends now (see `fatigue`). */
export interface Fatigue {
  /** The period, ISO 8601 UTC: `days` days back from the collector's clock. */
  from: string
  to: string
  days: number
  /** Visitors (by anonymous id) shown at least one prompt in the period. */
  visitors: number
  /** How many visitors saw how many prompts; `prompts: 10` counts 10 or more. */
  distribution: { prompts: number; visitors: number }[]
  /**
   * Per number of prompts a visitor had already seen in the period before this one (9: 9 or
   * more): prompts shown, dismissed, and the dismissed share in % (2 decimals, at most 100).
   */
  dismissals: { alreadySeen: number; shown: number; dismissed: number; dismissalRate: number | null }[]
}

/**
 * Prompts per visitor over the last `days` days (before `now`), from the events themselves, and
 * whether visitors dismiss more once they have seen more: what a global cooldown is chosen from.
 * A visitor is its anonymous id; events without one are left out. A dismissal counts against the
 * prompts its visitor had seen before the one dismissed (the latest shown at that time).
 */
export async function fatigue(db: Database, now: number, days = 30): Promise<Fatigue> {
  const from = new Date(now - days * DAY_MS).toISOString()
  const to = new Date(now).toISOString()
  const params = [from, to]
  const period = `anonymous_id IS NOT NULL AND at > $1::timestamptz AND at <= $2::timestamptz`
  const [distribution, dismissals] = await Promise.all([
    db.query<{ prompts: number; visitors: number }>(
      `SELECT least(c, ${FATIGUE_CAP})::int AS prompts, count(*)::int AS visitors
       FROM (SELECT count(*) AS c FROM events WHERE kind = 'shown' AND ${period} GROUP BY anonymous_id) v
       GROUP BY 1 ORDER BY 1`,
      params,
    ),
    // At one instant a display comes before a dismissal ('shown' > 'dismissed').
    db.query<{ already: number; shown: number; dismissed: number }>(
      `SELECT least(greatest(seen - 1, 0), ${FATIGUE_CAP - 1})::int AS already,
         count(*) FILTER (WHERE kind = 'shown')::int AS shown, count(*) FILTER (WHERE kind = 'dismissed')::int AS dismissed
       FROM (SELECT kind, count(*) FILTER (WHERE kind = 'shown') OVER (PARTITION BY anonymous_id ORDER BY at, kind DESC ROWS UNBOUNDED PRECEDING) AS seen
             FROM events WHERE ${period}) e
       GROUP BY 1 ORDER BY 1`,
      params,
    ),
  ])
  return {
    from,
    to,
    days,
    visitors: distribution.reduce((s, d) => s + d.visitors, 0),
    distribution,
    dismissals: dismissals.map((d) => ({ alreadySeen: d.already, shown: d.shown, dismissed: d.dismissed, dismissalRate: responseRate(d.dismissed, d.shown) })),
  }
}
