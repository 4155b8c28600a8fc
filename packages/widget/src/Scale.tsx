/**
 * Classic JSX, for fewer bytes (see Prompt.tsx).
 * @jsxRuntime classic
 * @jsx h
 * @jsxFrag Fragment
 */
import { Fragment, h } from 'preact'
import { FaceIcon, StarIcon } from './icons.js'
import type { PromptModel } from './prompt-model.js'

export interface ScaleProps {
  model: PromptModel
  score: number | null
  onChoose(score: number): void
}

/**
 * The scores as a `radiogroup` of native radios: the browser gives them arrow keys (mirrored in
 * right-to-left), Space, one tab stop and form semantics. Each radio is named by its number and,
 * where the point has one, its label ("10 – Extremely likely"); the visible end labels repeat
 * those names and are hidden from assistive technology. The group is named by the question,
 * `#tp-q`.
 */
export function Scale({ model: { style, options, ends }, score, onChoose }: ScaleProps) {
  return (
    <>
      <div role="radiogroup" aria-labelledby="tp-q" class={`scale n${options.length} ${style}`} style={{ '--n': options.length }}>
        {options.map(({ value, name }, i) => (
          <label class={style === 'stars' && score !== null && value <= score ? 'o lit' : 'o'} key={value}>
            <input type="radio" name="score" value={value} aria-label={name} checked={score === value} onChange={() => onChoose(value)} />
            <span>
              {style === 'stars' ? <StarIcon /> : style === 'emoji' ? <FaceIcon mood={(2 * i) / (options.length - 1) - 1} /> : value}
            </span>
          </label>
        ))}
      </div>
      <div class="ends" aria-hidden="true">
        <bdi>{ends[0]}</bdi>
        <bdi>{ends[1]}</bdi>
      </div>
    </>
  )
}
