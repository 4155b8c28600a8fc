import { STAGES } from '@touchpoint/core'
import type { StatsRow } from '../stats.js'
import { formatAnswers, formatCount, formatHeadline } from './format.js'
import { METRIC_ORDER, metricKey } from './metrics.js'

interface Line {
  stage: string | null
  touchpoint: string
  rows: StatsRow[]
}

/** Stats grouped by stage and touchpoint, as table lines in journey order: stages in funnel order, then no stage. */
export function journeyLines(rows: readonly StatsRow[]): Line[] {
  const lines = new Map<string, Line>()
  for (const r of rows) {
    const key = JSON.stringify([r.stage, r.touchpoint])
    if (!lines.has(key)) lines.set(key, { stage: r.stage ?? null, touchpoint: r.touchpoint!, rows: [] })
    lines.get(key)!.rows.push(r)
  }
  const rank = (s: string | null) => (s === null ? STAGES.length : STAGES.indexOf(s as never))
  return [...lines.values()].sort((a, b) => rank(a.stage) - rank(b.stage) || a.touchpoint.localeCompare(b.touchpoint))
}

const stageName = (s: string | null) => (s ? s[0]!.toUpperCase() + s.slice(1) : 'No stage')

function Cell({ rows }: { rows: StatsRow[] }) {
  if (!rows.length) return <td class="num empty">–</td>
  return (
    <td class="num">
      {rows.map((r) => (
        <span class="cell-metric" key={r.scale.max}>
          <span class="cell-figure">
            {formatHeadline(r)}
            {r.type === 'ces' && <span class="metric-unit">/{r.scale.max}</span>}
          </span>
          <span class="cell-n">n {formatCount(r.n)}</span>
        </span>
      ))}
    </td>
  )
}

/** NPS, CSAT and CES per journey stage and touchpoint; choosing a touchpoint filters the dashboard to it. */
export function JourneyTable({ rows, onTouchpoint }: { rows: readonly StatsRow[]; onTouchpoint(touchpoint: string): void }) {
  const lines = journeyLines(rows)
  const of = (line: Line, type: StatsRow['type']) =>
    line.rows.filter((r) => r.type === type).sort((a, b) => METRIC_ORDER.indexOf(metricKey(a)) - METRIC_ORDER.indexOf(metricKey(b)))
  // On a phone the stage column gives way to the stage written above each touchpoint, the total
  // (each figure has its n) goes (CSS), and a table still too wide scrolls inside its card
  // rather than widen the page.
  return (
    <div class="table-scroll">
      <table class="journey">
        <thead>
          <tr>
            <th scope="col" class="stage">Stage</th>
            <th scope="col">Touchpoint</th>
            <th scope="col" class="num">NPS</th>
            <th scope="col" class="num">CSAT</th>
            <th scope="col" class="num">CES</th>
            <th scope="col" class="num answers">Answers</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line, i) => (
            <tr key={`${line.stage}/${line.touchpoint}`} class={line.stage !== lines[i - 1]?.stage ? 'stage-start' : undefined}>
              <td class="stage">{i === 0 || line.stage !== lines[i - 1]!.stage ? stageName(line.stage) : ''}</td>
              <th scope="row">
                {line.stage !== lines[i - 1]?.stage && <span class="stage-inline">{stageName(line.stage)}</span>}
                <button type="button" class="link" title={`Show only ${line.touchpoint}`} onClick={() => onTouchpoint(line.touchpoint)}>
                  <bdi>{line.touchpoint}</bdi>
                </button>
              </th>
              <Cell rows={of(line, 'nps')} />
              <Cell rows={of(line, 'csat')} />
              <Cell rows={of(line, 'ces')} />
              <td class="num answers" title={formatAnswers(line.rows.reduce((s, r) => s + r.n, 0))}>
                {formatCount(line.rows.reduce((s, r) => s + r.n, 0))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
