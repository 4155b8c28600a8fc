import { bucketOf } from '@touchpoint/core'
import type { StatsRow } from '../stats.js'
import { formatAnswers, formatPercent } from './format.js'

/** How many answers each score got: one bar per score, coloured by its bucket (detractor, passive, promoter; low, high). */
export function Distribution({ row, counts }: { row: StatsRow; counts: readonly number[] }) {
  const most = Math.max(1, ...counts)
  return (
    <ol class="dist" aria-label="Answers per score">
      {counts.map((n, i) => {
        const score = row.scale.min + i
        return (
          <li key={score} title={`${score}: ${formatAnswers(n)}`}>
            <span class="dist-track">
              <span class={`dist-bar tone-${bucketOf(row.type, score, row.scale)}`} style={{ height: `${(n / most) * 100}%` }} />
            </span>
            <span class="dist-score" aria-hidden="true">
              {score}
            </span>
            <span class="sr-only">
              {`${score}: ${formatAnswers(n)} (${formatPercent(row.n ? (n * 100) / row.n : 0)})`}
            </span>
          </li>
        )
      })}
    </ol>
  )
}
