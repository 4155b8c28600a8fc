import { spokenFigure } from './format.js'

/**
 * A figure as written (`−66.7`), said as `minus 66.7`: the drawn text is hidden from screen
 * readers and a hidden twin says it in words. Figures without a minus are plain text.
 */
export function Figure({ text }: { text: string }) {
  const spoken = spokenFigure(text)
  if (spoken === text) return <>{text}</>
  return (
    <>
      <span aria-hidden="true">{text}</span>
      <span class="sr-only">{spoken}</span>
    </>
  )
}
