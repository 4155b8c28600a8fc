import { STAGES } from '@touchpoint/core'
import type { UnansweredRow } from '../reach.js'
import type { Group, StatsRow } from '../stats.js'
import { Figure } from './Figure.js'
import { formatAnswers, formatCount, formatFolded, formatHeadline, formatPercent, NOT_SET } from './format.js'
import { METRIC_ORDER, metricKey } from './metrics.js'

type Reached = { shown?: number | null; dismissed?: number | null }

interface Line {
  stage: string | null
  touchpoint: string
  /** The value of the breakdown, when there is one (null: answers without it). */
  value?: string | null
  /**
   * On the line of the values counted together (rows marked `folded`): how many values its
   * answers come from, as its one row says; 0 when not known (rows of several types, each from
   * values of its own that may overlap) or when none has answers (prompts only).
   */
  folded?: number
  rows: StatsRow[]
  /** Prompts shown and dismissed, summed over the line's types; null when not known (a context breakdown). */
  shown: number | null
  dismissed: number | null
}

const lineKey = (l: Pick<Line, 'stage' | 'touchpoint' | 'value' | 'folded'>) => JSON.stringify([l.stage, l.touchpoint, l.value, l.folded !== undefined])

/**
 * Stats grouped by stage and touchpoint (and a breakdown), as table lines in journey order:
 * stages in funnel order, then no stage; a touchpoint's values in the order the collector gave
 * them. Groups shown but never answered (`unanswered`) are lines without figures.
 */
export function journeyLines(rows: readonly (StatsRow & Reached)[], breakdown = '', unanswered: readonly UnansweredRow[] = []): Line[] {
  const lines = new Map<string, Line & { types: Set<string> }>()
  for (const r of [...rows, ...unanswered] as (Partial<StatsRow> & Reached & { type: string })[]) {
    const value = breakdown ? ((r as unknown as Record<string, string | null>)[breakdown] ?? null) : undefined
    // The values counted together are a line of their own, apart from a real value "other".
    const folded = breakdown ? r.folded?.[breakdown as Group] : undefined
    const key = lineKey({ stage: r.stage ?? null, touchpoint: r.touchpoint!, value, folded })
    if (!lines.has(key)) lines.set(key, { stage: r.stage ?? null, touchpoint: r.touchpoint!, value, ...(folded !== undefined && { folded }), rows: [], shown: 0, dismissed: 0, types: new Set() })
    const line = lines.get(key)!
    if ('scale' in r && r.scale) line.rows.push(r as StatsRow)
    // Rows of one type (both CES scales) share their prompts: count them once.
    if (!line.types.has(r.type)) {
      line.types.add(r.type)
      line.shown = r.shown == null || line.shown === null ? null : line.shown + r.shown
      line.dismissed = r.dismissed == null || line.dismissed === null ? null : line.dismissed + r.dismissed
    }
  }
  const rank = (s: string | null) => (s === null ? STAGES.length : STAGES.indexOf(s as never))
  const order = [...lines.keys()]
  return [...lines.values()]
    .sort((a, b) => rank(a.stage) - rank(b.stage) || a.touchpoint.localeCompare(b.touchpoint) || order.indexOf(lineKey(a)) - order.indexOf(lineKey(b)))
    .map(({ types: _, ...line }) => (line.folded === undefined ? line : { ...line, folded: line.rows.length === 1 ? line.rows[0]!.folded![breakdown as Group]! : 0 }))
}

/** A share of the prompts, for the table: answered or dismissed ÷ shown, at most 100 %; – when nothing was shown or it is not known. */
export function promptShare(k: number, shown: number | null): string {
  return shown ? formatPercent(Math.min(100, (k * 100) / shown)) : '–'
}

const stageName = (s: string | null) => (s ? s[0]!.toUpperCase() + s.slice(1) : 'No stage')

function Cell({ rows }: { rows: StatsRow[] }) {
  if (!rows.length) return <td class="num empty">–</td>
  return (
    <td class="num">
      {rows.map((r) => (
        <span class="cell-metric" key={r.scale.max}>
          <span class="cell-figure">
            <Figure text={formatHeadline(r)} />
            {r.type === 'ces' && <span class="metric-unit">/{r.scale.max}</span>}
          </span>
          <span class="cell-n">n {formatCount(r.n)}</span>
        </span>
      ))}
    </td>
  )
}

interface Props {
  rows: readonly (StatsRow & Reached)[]
  unanswered?: readonly UnansweredRow[]
  /** The breakdown's group name (`device`, `context.plan`), or empty. */
  breakdown?: string
  onTouchpoint(touchpoint: string): void
}

/**
 * NPS, CSAT and CES per journey stage and touchpoint, with how many of the prompts were answered
 * and dismissed; per value of a breakdown when there is one. Choosing a touchpoint filters the
 * dashboard to it.
 */
export function JourneyTable({ rows, unanswered = [], breakdown = '', onTouchpoint }: Props) {
  const lines = journeyLines(rows, breakdown, unanswered)
  const answers = (line: Line) => line.rows.reduce((s, r) => s + r.n, 0)
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
            <th scope="col" class="num" title="Answers ÷ prompts shown">Response rate</th>
            <th scope="col" class="num" title="Prompts closed without a score ÷ prompts shown">Dismissed</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line, i) => (
            <tr key={lineKey(line)} class={line.stage !== lines[i - 1]?.stage ? 'stage-start' : undefined}>
              <td class="stage">{i === 0 || line.stage !== lines[i - 1]!.stage ? stageName(line.stage) : ''}</td>
              <th scope="row">
                {line.stage !== lines[i - 1]?.stage && <span class="stage-inline">{stageName(line.stage)}</span>}
                <button type="button" class="link" title={`Show only ${line.touchpoint}`} onClick={() => onTouchpoint(line.touchpoint)}>
                  <bdi>{line.touchpoint}</bdi>
                </button>
                {line.value !== undefined && (
                  <span class="breakdown-value">
                    {line.folded !== undefined ? formatFolded(line.folded) : <bdi>{line.value ?? NOT_SET}</bdi>}
                  </span>
                )}
              </th>
              <Cell rows={of(line, 'nps')} />
              <Cell rows={of(line, 'csat')} />
              <Cell rows={of(line, 'ces')} />
              <td class="num answers" title={formatAnswers(answers(line))}>
                {formatCount(answers(line))}
              </td>
              <td class="num" title={line.shown ? `${formatAnswers(answers(line))} of ${formatCount(line.shown)} prompts shown` : undefined}>
                {promptShare(answers(line), line.shown)}
              </td>
              <td class="num">{promptShare(line.dismissed ?? 0, line.shown)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
