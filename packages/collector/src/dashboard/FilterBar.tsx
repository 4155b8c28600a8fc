import { STAGES } from '@touchpoint/core'
import { useState } from 'preact/hooks'
import type { StatsRow } from '../stats.js'
import { PERIODS } from './view-state.js'
import type { Period, ViewState } from './view-state.js'

/** The values each filter can take: those the collector has answers for, plus the current one. */
export function filterOptions(rows: readonly StatsRow[], view: ViewState) {
  const values = (k: 'survey' | 'touchpoint' | 'stage') => {
    const set = new Set(rows.map((r) => r[k]).filter((v): v is string => !!v))
    if (view[k]) set.add(view[k])
    return [...set]
  }
  return {
    survey: values('survey').sort(),
    touchpoint: values('touchpoint').sort(),
    stage: values('stage').sort((a, b) => STAGES.indexOf(a as never) - STAGES.indexOf(b as never)),
  }
}

interface Props {
  view: ViewState
  options: ReturnType<typeof filterOptions>
  onChange(patch: Partial<ViewState>): void
}

/** Survey, touchpoint, stage and period pickers. */
export function FilterBar({ view, options, onChange: change }: Props) {
  // What the live region last said: "Filters cleared", until the next change.
  const [said, setSaid] = useState('')
  const onChange = (patch: Partial<ViewState>) => {
    setSaid('')
    change(patch)
  }
  // Clear filters goes as it is pressed: the focus moves to the first filter rather than fall to
  // the page with the button, and the change is said.
  const clear = () => {
    change({ survey: '', touchpoint: '', stage: '' })
    document.getElementById('filter-survey')?.focus()
    setSaid('Filters cleared: all surveys, touchpoints and stages.')
  }
  // Labels point at their control rather than wrap it: a wrapped select would be named by its value too.
  const select = (k: 'survey' | 'touchpoint' | 'stage', label: string, all: string) => (
    <div class="field">
      <label for={`filter-${k}`}>{label}</label>
      <select id={`filter-${k}`} value={view[k]} onChange={(e) => onChange({ [k]: e.currentTarget.value })}>
        <option value="">{all}</option>
        {options[k].map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
    </div>
  )
  const date = (k: 'from' | 'to', label: string) => (
    <div class="field">
      <label for={`filter-${k}`}>{label}</label>
      <input id={`filter-${k}`} type="date" value={view[k]} onChange={(e) => onChange({ [k]: e.currentTarget.value })} />
    </div>
  )
  return (
    <form class="filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
      {select('survey', 'Survey', 'All surveys')}
      {select('touchpoint', 'Touchpoint', 'All touchpoints')}
      {select('stage', 'Journey stage', 'All stages')}
      <div class="field">
        <label for="filter-period">Period</label>
        <select id="filter-period" value={view.period} onChange={(e) => onChange({ period: e.currentTarget.value as Period })}>
          {Object.entries(PERIODS).map(([k, p]) => (
            <option key={k} value={k}>
              {p.label}
            </option>
          ))}
        </select>
      </div>
      {view.period === 'custom' && date('from', 'From')}
      {view.period === 'custom' && date('to', 'To')}
      {(view.survey || view.touchpoint || view.stage) && (
        <button type="button" class="button ghost" onClick={clear}>
          Clear filters
        </button>
      )}
      <p class="sr-only" role="status">
        {said}
      </p>
    </form>
  )
}
