import { useEffect, useRef, useState } from 'preact/hooks'
import { CheckIcon, CloseIcon, FaceIcon, StarIcon } from './icons.js'
import type { PromptModel } from './prompt-model.js'
import type { Strings } from './strings.js'

export interface PromptProps {
  model: PromptModel
  strings: Strings
  /** `center`: a modal that takes focus, traps it and gives it back on close. */
  modal: boolean
  /** The visitor sent, or closed the prompt after choosing a score. Called at most once. */
  onAnswer(score: number, comment?: string): void
  /** The visitor closed the prompt without choosing a score. */
  onDismiss(): void
  /** The prompt is done (closed, or its thanks have been shown); unmount it. */
  onDone(): void
}

/** How long the thank-you step stays before the prompt closes itself. */
const THANKS_MS = 4000

const focusable = (root: ParentNode) =>
  [...root.querySelectorAll<HTMLInputElement>('input,textarea,button')].filter(
    (el) => !el.disabled && (el.type !== 'radio' || el.checked || !root.querySelector('input:checked')),
  )

/**
 * A survey prompt: a dialog named by its question, a radiogroup of scores, an optional follow-up,
 * then thanks. The answer is recorded on Send, or on Close/Escape once a score is chosen.
 */
export function Prompt({ model, strings, modal, onAnswer, onDismiss, onDone }: PromptProps) {
  const [score, setScore] = useState<number | null>(null)
  const [comment, setComment] = useState('')
  const [sent, setSent] = useState(false)
  const [status, setStatus] = useState('')
  const card = useRef<HTMLDivElement>(null)
  const done = useRef(false)
  // Where focus was before it entered the prompt, to give it back when the prompt goes away.
  const returnTo = useRef<HTMLElement | null>(null)

  const finish = () => {
    if (!done.current) {
      done.current = true
      if (score === null) onDismiss()
      else onAnswer(score)
    }
    const back = returnTo.current
    const inside = card.current?.contains((card.current.getRootNode() as ShadowRoot).activeElement)
    if (back?.isConnected && (modal || inside)) back.focus()
    onDone()
  }

  const send = (e: Event) => {
    e.preventDefault()
    if (score === null || done.current) return
    done.current = true
    onAnswer(score, comment.trim() || undefined)
    setSent(true)
    setStatus(strings.thanks)
  }

  useEffect(() => {
    // Announce after the region is in the tree: a live region only speaks about changes.
    const t = setTimeout(() => setStatus(`${strings.survey}: ${model.question}`), 50)
    if (modal) {
      returnTo.current = document.activeElement as HTMLElement | null
      focusable(card.current!)[0]?.focus()
    }
    return () => clearTimeout(t)
  }, [])

  useEffect(() => {
    if (!sent) return
    const t = setTimeout(finish, THANKS_MS)
    return () => clearTimeout(t)
  }, [sent])

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation()
      finish()
    } else if (modal && e.key === 'Tab') {
      const els = focusable(card.current!)
      const at = els.indexOf((card.current!.getRootNode() as ShadowRoot).activeElement as HTMLInputElement)
      const to = e.shiftKey ? (at <= 0 ? els.length - 1 : -1) : at === els.length - 1 ? 0 : -1
      if (to >= 0) {
        e.preventDefault()
        els[to]!.focus()
      }
    }
  }

  const onFocusIn = (e: FocusEvent) => {
    const from = e.relatedTarget as HTMLElement | null
    if (!modal && from && !card.current!.contains(from)) returnTo.current = from
  }

  const { style, options, ends } = model
  const followUp = score !== null && model.followUp?.(score)
  const lit = style === 'stars' ? (score ?? 0) : 0
  const closeButton = (
    <button type="button" class="x" aria-label={strings.close} onClick={finish}>
      <CloseIcon />
    </button>
  )

  return (
    <>
      {modal && <div class="backdrop" onClick={finish} />}
      <div
        ref={card}
        class="card"
        role="dialog"
        aria-modal={modal ? 'true' : undefined}
        aria-labelledby={sent ? undefined : 'tp-q'}
        aria-label={sent ? strings.thanks : undefined}
        onKeyDown={onKeyDown}
        onFocusIn={onFocusIn}
      >
        {sent ? (
          <p class="thanks">
            <CheckIcon />
            {strings.thanks}
          </p>
        ) : (
          <form onSubmit={send}>
            <h2 class="q" id="tp-q">
              {model.question}
            </h2>
            <div role="radiogroup" aria-labelledby="tp-q" class={`scale n${options.length} ${style}`} style={{ '--n': options.length }}>
              {options.map(({ value, name }, i) => (
                <label class={value <= lit ? 'o lit' : 'o'} key={value}>
                  <input
                    type="radio"
                    name="score"
                    value={value}
                    aria-label={name}
                    checked={score === value}
                    onChange={() => setScore(value)}
                  />
                  <span>
                    {style === 'stars' ? (
                      <StarIcon />
                    ) : style === 'emoji' ? (
                      <FaceIcon mood={(2 * i) / (options.length - 1) - 1} />
                    ) : (
                      value
                    )}
                  </span>
                </label>
              ))}
            </div>
            <div class="ends" aria-hidden="true">
              <span>{ends[0]}</span>
              <span>{ends[1]}</span>
            </div>
            {followUp && (
              <div class="fu">
                <label for="tp-c">{followUp}</label>
                <textarea id="tp-c" maxLength={1000} value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
              </div>
            )}
            <div class="row">
              <button type="submit" class="send" disabled={score === null}>
                {strings.send}
              </button>
            </div>
          </form>
        )}
        {closeButton}
      </div>
      <div role="status" class="sr">
        {status}
      </div>
    </>
  )
}
