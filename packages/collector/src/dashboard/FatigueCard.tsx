import type { Fatigue } from '../fatigue.js'
import { formatCount, formatPercent, formatVisitors } from './format.js'

const more = (k: number, cap: number) => (k >= cap ? `${cap}+` : String(k))

/**
 * How many prompts each visitor saw over the last 30 days, and how often visitors dismissed a
 * prompt by how many they had already seen: what a global cooldown is chosen from.
 */
export function FatigueCard({ fatigue }: { fatigue: Fatigue }) {
  const most = Math.max(1, ...fatigue.distribution.map((d) => d.visitors))
  const cap = Math.max(...fatigue.distribution.map((d) => d.prompts), 10)
  return (
    <section class="card panel fatigue-panel" aria-labelledby="fatigue-title">
      <header class="panel-head">
        <h2 id="fatigue-title">Survey fatigue</h2>
        <p class="muted">{`${formatVisitors(fatigue.visitors)} prompted in the last ${fatigue.days} days`}</p>
      </header>
      {fatigue.visitors === 0 ? (
        <p class="muted">No prompts reported yet: SDKs that send events fill this in.</p>
      ) : (
        <div class="fatigue">
          <table class="fatigue-table">
            <caption>Prompts seen per visitor</caption>
            <thead>
              <tr>
                <th scope="col">Prompts</th>
                <th scope="col">Visitors</th>
              </tr>
            </thead>
            <tbody>
              {fatigue.distribution.map((d) => (
                <tr key={d.prompts}>
                  <th scope="row">{more(d.prompts, cap)}</th>
                  <td>
                    <span class="fatigue-cell">
                      <span class="fatigue-bar" style={{ width: `${(d.visitors / most) * 70}%` }} />
                      <span class="fatigue-n">{formatCount(d.visitors)}</span>
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <table class="fatigue-table">
            <caption>Dismissed, by prompts already seen</caption>
            <thead>
              <tr>
                <th scope="col">Seen before</th>
                <th scope="col">Dismissed</th>
              </tr>
            </thead>
            <tbody>
              {fatigue.dismissals.map((d) => (
                <tr key={d.alreadySeen}>
                  <th scope="row">{more(d.alreadySeen, cap - 1)}</th>
                  <td title={`${formatCount(d.dismissed)} of ${formatCount(d.shown)} prompts`}>
                    <span class="fatigue-cell">
                      <span class="fatigue-bar dismissed" style={{ width: `${(d.dismissalRate ?? 0) * 0.7}%` }} />
                      <span class="fatigue-n">{d.dismissalRate === null ? '–' : formatPercent(d.dismissalRate)}</span>
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
