/** The time buckets the stats API groups by: UTC days, weeks from Monday, calendar months. */
export type Unit = 'day' | 'week' | 'month'

const DAY = 86_400_000
const iso = (t: number) => new Date(t).toISOString().slice(0, 10)

/** The first day of the bucket that holds `date` (`YYYY-MM-DD`), named as the stats API names it. */
export function bucketStart(date: string, unit: Unit): string {
  const t = Date.parse(`${date}T00:00:00Z`)
  if (unit === 'day') return iso(t)
  if (unit === 'month') return `${date.slice(0, 7)}-01`
  // getUTCDay: Sunday 0 … Saturday 6; weeks start on Monday, as PostgreSQL's date_trunc('week').
  return iso(t - ((new Date(t).getUTCDay() + 6) % 7) * DAY)
}

/** Every bucket from the one holding `from` to the one holding `to`, both included (at most `max`, the latest kept). */
export function bucketsBetween(from: string, to: string, unit: Unit, max = 1000): string[] {
  const out: string[] = []
  let b = bucketStart(to, unit)
  const first = bucketStart(from, unit)
  while (b >= first && out.length < max) {
    out.push(b)
    const t = Date.parse(`${b}T00:00:00Z`)
    if (unit === 'day') b = iso(t - DAY)
    else if (unit === 'week') b = iso(t - 7 * DAY)
    else {
      const d = new Date(t)
      d.setUTCMonth(d.getUTCMonth() - 1)
      b = iso(d.getTime())
    }
  }
  return out.reverse()
}
