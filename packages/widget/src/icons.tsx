/**
 * Classic JSX, for fewer bytes (see Prompt.tsx).
 * @jsxRuntime classic
 * @jsx h
 * @jsxFrag Fragment
 */
import { h } from 'preact'
// Icons are inline SVG: no icon font or emoji glyph that the visitor's system may lack, no
// request, and they take the text colour (`currentColor`), so themes and forced colours apply.
// Their stroke (colour, round caps and joins, no fill) is set once in the stylesheet (`svg`).

/** The × of the Close button. */
export const CloseIcon = () => (
  <svg viewBox="0 0 16 16" aria-hidden="true">
    <path d="M3.5 3.5l9 9m0-9l-9 9" stroke-width="1.8" />
  </svg>
)

/** Outlined; the stylesheet fills it when lit, so lit and unlit differ in shape, not only colour. */
export const StarIcon = () => (
  <svg viewBox="0 0 24 24" aria-hidden="true">
    <path
      d="M12 2.8l2.8 5.7 6.3.9-4.55 4.45 1.07 6.27L12 17.17l-5.62 2.95 1.07-6.27L2.9 9.4l6.3-.9z"
      stroke-width="1.6"
    />
  </svg>
)

/**
 * A face whose mouth goes from a frown (`mood` −1) through flat (0) to a smile (1). The bend
 * grows with the square of the mood, and the mouth widens, so that "a bit" and "very" differ
 * at a glance.
 */
export const FaceIcon = ({ mood }: { mood: number }) => {
  const bend = 4 * mood * Math.abs(mood)
  const half = 4.5 + 1.5 * Math.abs(mood)
  return (
    <svg viewBox="0 0 32 32" stroke-width="2" aria-hidden="true">
      <circle cx="16" cy="16" r="13" />
      <path d={`M11.5 12.5v1.5M20.5 12.5v1.5M${16 - half} ${21 - bend / 2}Q16 ${21 + 1.5 * bend} ${16 + half} ${21 - bend / 2}`} />
    </svg>
  )
}

/** The tick of the thank-you step. */
export const CheckIcon = () => (
  <svg viewBox="0 0 24 24" stroke-width="2" aria-hidden="true">
    <circle cx="12" cy="12" r="10" />
    <path d="M7.5 12.5l3 3 6-6.5" />
  </svg>
)
