import { useLayoutEffect, useRef, useState } from 'preact/hooks'
import type { Group, StatsRow } from '../stats.js'
import { formatAnswers, formatBucket, formatCount, formatFolded, formatHeadline, formatValue, NOT_SET, spokenFigure } from './format.js'
import { headline, headlineDomain, metricKey, metricLabel } from './metrics.js'
import type { MetricKey } from './metrics.js'
import type { Unit } from './time-buckets.js'

export interface TrendChartProps {
  metric: MetricKey
  unit: Unit
  /** Every bucket of the period, in order, with or without answers. */
  buckets: readonly string[]
  /** Stats grouped by `unit` (and `breakdown`); rows of other metrics are ignored. */
  rows: readonly StatsRow[]
  /** A group of the rows to draw one line per value of (`device`, `context.plan`); empty: one line. */
  breakdown?: string
}

/** Lines drawn for a breakdown, at most: more would be unreadable. The values with the most answers are drawn. */
export const MAX_SERIES = 6

export interface Series {
  /** The breakdown's value, `null` for answers without one (a series of its own, even beside a value written "none"); `''` without a breakdown. */
  value: string | null
  /** Whether this is the series of the values counted together (rows marked `folded`). */
  folded?: true
  /**
   * The value as shown: `NOT_SET` for answers without one, "Other values" for the values counted
   * together (each bucket holds its own number of them: see `pointName`).
   */
  name: string
  byBucket: Map<string, StatsRow>
}

/**
 * The rows as one series per value of `breakdown`, in the order the rows give them: `drawn` the
 * `MAX_SERIES` with the most answers (ties: the first given), `all` every one (the table for
 * screen readers lists them all, and the legend says how many are not drawn).
 */
export function trendSeries(rows: readonly StatsRow[], unit: Unit, breakdown = ''): { drawn: Series[]; all: Series[] } {
  const valueOf = (r: StatsRow) => (breakdown ? (((r as Record<string, unknown>)[breakdown] as string | null | undefined) ?? null) : '')
  const foldedOf = (r: StatsRow) => (breakdown ? r.folded?.[breakdown as Group] : undefined)
  // The values counted together are a series of their own, apart from a real value "other".
  const keyOf = (r: StatsRow) => JSON.stringify([valueOf(r), foldedOf(r) !== undefined])
  // One pass over the rows (a breakdown by a key with a value per order has thousands of series).
  const groups = new Map<string, StatsRow[]>()
  for (const r of rows) {
    const key = keyOf(r)
    const group = groups.get(key)
    if (group) group.push(r)
    else groups.set(key, [r])
  }
  const all = [...groups.values()].map((group) => {
    const value = valueOf(group[0]!)
    const folded = foldedOf(group[0]!) !== undefined
    return {
      value,
      ...(folded && { folded: true as const }),
      name: folded ? formatFolded(0) : (value ?? NOT_SET),
      byBucket: new Map(group.map((r) => [r[unit]!, r])),
    }
  })
  const answers = (s: Series) => [...s.byBucket.values()].reduce((n, r) => n + r.n, 0)
  const most = new Set([...all].sort((a, b) => answers(b) - answers(a)).slice(0, MAX_SERIES))
  return { drawn: all.filter((s) => most.has(s)), all }
}

/** A series' name at one bucket: for the values counted together, how many that bucket's answers come from (`Other (2 values)`). */
export const pointName = (s: Series, r: StatsRow, breakdown: string): string => (s.folded ? formatFolded(r.folded?.[breakdown as Group] ?? 0) : s.name)

/** Whether bucket `i` has a point that no line reaches: no answers in the buckets on either side. */
export const isolated = (s: Series, buckets: readonly string[], i: number): boolean =>
  s.byBucket.has(buckets[i]!) && !s.byBucket.has(buckets[i - 1]!) && !s.byBucket.has(buckets[i + 1]!)

// The drawing's coordinates are CSS pixels: its width is its box's (see useWidth), so that
// the labels keep their CSS size from a phone to a wide screen.
const WIDE = 1100 // before the box is measured
const NARROWEST = 280
const H = 300
const LEFT = 52
const RIGHT = 12
const TOP = 12
const BOTTOM = 24 // the time labels
const VOLUME = 44 // the answer-count bars, in a band of their own under the plot
const GAP = 14
const PLOT_BOTTOM = H - BOTTOM - VOLUME - GAP
const LABEL_SPACE = 90 // px per time label ("Nov 2026" and a gap)

/** The width of an element's box, in CSS pixels, kept up to date as it resizes. */
function useWidth<T extends HTMLElement>() {
  const ref = useRef<T>(null)
  const [width, setWidth] = useState(WIDE)
  useLayoutEffect(() => {
    const el = ref.current!
    const measure = () => setWidth(Math.max(NARROWEST, Math.round(el.clientWidth)))
    measure()
    const observer = new ResizeObserver(measure)
    observer.observe(el)
    return () => observer.disconnect()
  }, [])
  return [ref, width] as const
}

function ticks(metric: MetricKey): number[] {
  const [lo, hi] = headlineDomain(metric)
  if (metric === 'nps-10') return [-100, -50, 0, 50, 100]
  if (metric === 'csat-5') return [0, 25, 50, 75, 100]
  return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i)
}

/**
 * A metric over time: a line through the buckets that have answers (broken where a bucket has
 * none, rather than drawn through it), on the metric's whole range, with the number of answers
 * per bucket as bars below. A table with the same figures is there for screen readers.
 */
export function TrendChart({ metric, unit, buckets, rows, breakdown = '' }: TrendChartProps) {
  const [box, W] = useWidth<HTMLElement>()
  const mine = rows.filter((r) => metricKey(r) === metric)
  const { drawn: series, all } = trendSeries(mine, unit, breakdown)
  const notDrawn = all.length - series.length
  // The answers per bucket, every value together.
  const byBucket = new Map<string, StatsRow>()
  for (const r of mine) {
    const seen = byBucket.get(r[unit]!)
    byBucket.set(r[unit]!, seen ? { ...seen, n: seen.n + r.n } : r)
  }
  const [lo, hi] = headlineDomain(metric)
  const band = (W - LEFT - RIGHT) / Math.max(1, buckets.length)
  const x = (i: number) => LEFT + band * (i + 0.5)
  const y = (v: number) => TOP + ((hi - v) / (hi - lo)) * (PLOT_BOTTOM - TOP)
  const most = Math.max(1, ...[...byBucket.values()].map((r) => r.n))
  const every = Math.ceil(buckets.length / Math.max(2, Math.floor((W - LEFT - RIGHT) / LABEL_SPACE)))
  const label = metricLabel(metric)

  const paths = series.map(({ byBucket }) => {
    let path = ''
    buckets.forEach((b, i) => {
      const r = byBucket.get(b)
      if (!r) return
      path += `${byBucket.has(buckets[i - 1]!) ? 'L' : 'M'}${x(i).toFixed(1)},${y(headline(r)).toFixed(1)}`
    })
    return path
  })

  return (
    <figure class="trend" ref={box}>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${label} by ${unit}`} class="trend-svg">
        {ticks(metric).map((t) => (
          <g key={t} class="trend-grid">
            <line x1={LEFT} x2={W - RIGHT} y1={y(t)} y2={y(t)} class={t === 0 && metric === 'nps-10' ? 'zero' : undefined} />
            <text x={LEFT - 8} y={y(t)} dy="0.32em" text-anchor="end">
              {formatValue(metric, t)}
            </text>
          </g>
        ))}
        {buckets.map((b, i) => {
          const r = byBucket.get(b)
          const h = r ? (r.n / most) * VOLUME : 0
          return (
            <g key={b}>
              {r && <rect class="trend-volume" x={x(i) - band * 0.3} width={band * 0.6} y={H - BOTTOM - h} height={h} />}
              {i % every === 0 && (
                <text class="trend-label" x={x(i)} y={H - 4} text-anchor="middle">
                  {formatBucket(b, unit)}
                </text>
              )}
            </g>
          )
        })}
        {paths.map((d, s) => (
          <path key={s} class={`trend-line series-${s}`} d={d} />
        ))}
        {/* One line: a point on every bucket with answers. Several: only where no line reaches. */}
        {series.flatMap((s, n) =>
          buckets.map((b, i) => {
            const r = s.byBucket.get(b)
            return (
              r &&
              (series.length === 1 || isolated(s, buckets, i)) && (
                <circle key={`${n}/${b}`} class={`trend-point series-${n}`} cx={x(i)} cy={y(headline(r))} r={buckets.length > 60 ? 2.5 : 4}>
                  <title>{`${formatBucket(b, unit)}: ${s.name ? `${pointName(s, r, breakdown)}, ` : ''}${label} ${formatHeadline(r)}, ${formatAnswers(r.n)}`}</title>
                </circle>
              )
            )
          }),
        )}
      </svg>
      <figcaption class="trend-legend">
        {breakdown ? (
          <>
            {series.map((s, i) => (
              <span key={JSON.stringify([s.value, s.folded])} class={`legend-line series-${i}`}>
                <bdi>{s.name}</bdi>
              </span>
            ))}
            {notDrawn > 0 && <span class="legend-more">{`${notDrawn} more with fewer answers, not drawn: see the table below`}</span>}
          </>
        ) : (
          <span class="legend-line">{label}</span>
        )}
        <span class="legend-volume">answers per {unit}</span>
      </figcaption>
      {/* Clipped by a box of its own: a table is never narrower than its content, so one made sr-only itself would still widen a phone's page by its longest value. */}
      <div class="sr-only">
        <table>
          <caption>{`${label} by ${unit}`}</caption>
          <thead>
            <tr>
              <th scope="col">{unit}</th>
              {breakdown && <th scope="col">{breakdown}</th>}
              <th scope="col">{label}</th>
              <th scope="col">answers</th>
            </tr>
          </thead>
          <tbody>
            {all.flatMap((s) =>
              [...s.byBucket.entries()].map(([b, r]) => (
                <tr key={JSON.stringify([s.value, s.folded, b])}>
                  <th scope="row">{formatBucket(b, unit)}</th>
                  {breakdown && <td>{pointName(s, r, breakdown)}</td>}
                  <td>{spokenFigure(formatHeadline(r))}</td>
                  <td>{formatCount(r.n)}</td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      </div>
    </figure>
  )
}
