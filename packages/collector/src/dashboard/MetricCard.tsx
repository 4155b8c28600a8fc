import type { StatsRow } from '../stats.js'
import { Distribution } from './Distribution.js'
import { Figure } from './Figure.js'
import { formatAnswers, formatEasy, formatHeadline, formatMean, formatPercent } from './format.js'
import { metricKey, metricLabel } from './metrics.js'

const share = (k: number, n: number) => formatPercent((k * 100) / n)

/** What the headline figure means, in a few words. */
function caption(row: StatsRow): string {
  if (row.type === 'nps') return '% promoters − % detractors'
  if (row.type === 'csat') return 'satisfied: 4 or 5 of 5'
  return `mean agreement, ${row.scale.max} = easiest`
}

/** The breakdown under the headline. */
function detail(row: StatsRow): string {
  if (row.type === 'nps') {
    return `${share(row.promoters, row.n)} promoters · ${share(row.passives, row.n)} passives · ${share(row.detractors, row.n)} detractors`
  }
  if (row.type === 'csat') return `mean ${formatMean(row.mean)} of 5`
  return `${formatEasy(row)} found it easy (${row.scale.max === 7 ? '5–7' : '4–5'})`
}

/** One metric at a glance: the figure, what it is made of, how many answered, and how the scores spread. */
export function MetricCard({ row }: { row: StatsRow }) {
  const key = metricKey(row)
  const id = `card-${key}`
  return (
    <section class="card metric" aria-labelledby={id} data-metric={key}>
      <h2 id={id} class="metric-name">
        {metricLabel(key)}
      </h2>
      <p class="metric-caption">{caption(row)}</p>
      <p class="metric-value">
        <span class="metric-figure">
          <Figure text={formatHeadline(row)} />
        </span>
        {row.type === 'ces' && <span class="metric-unit"> / {row.scale.max}</span>}
      </p>
      <p class="metric-detail">{detail(row)}</p>
      {row.distribution && <Distribution row={row} counts={row.distribution} />}
      <p class="metric-n">{formatAnswers(row.n)}</p>
    </section>
  )
}
