import type { StatsRow } from '../stats.js'

/** One chart-able series: a survey type on one scale (`nps-10`, `csat-5`, `ces-7`, `ces-5`). */
export type MetricKey = `${'nps' | 'csat' | 'ces'}-${number}`

export const metricKey = (row: Pick<StatsRow, 'type' | 'scale'>): MetricKey => `${row.type}-${row.scale.max}`

/** Display order: NPS, CSAT, CES on 7 points, CES on 5 points. */
export const METRIC_ORDER: readonly MetricKey[] = ['nps-10', 'csat-5', 'ces-7', 'ces-5']

export function metricLabel(key: MetricKey): string {
  return key === 'nps-10' ? 'NPS' : key === 'csat-5' ? 'CSAT' : key === 'ces-7' ? 'CES' : 'CES (5-point)'
}

/** The figure a metric is judged by: NPS score, CSAT top-2-box %, CES mean. */
export function headline(row: StatsRow): number {
  return row.type === 'ces' ? row.mean : row.score
}

/** The range the headline figure can take, so that charts never exaggerate a small change. */
export function headlineDomain(key: MetricKey): [number, number] {
  if (key === 'nps-10') return [-100, 100]
  if (key === 'csat-5') return [0, 100]
  return [1, Number(key.split('-')[1])]
}
