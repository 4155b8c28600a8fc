import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks'
import { CheckIcon, CloseIcon } from './icons.js'
import type { PromptModel } from './prompt-model.js'
import { Scale } from './Scale.js'
import type { Strings } from './strings.js'

export interface PromptProps {
  model: PromptModel
  strings: Strings
  /** `center`: a modal dialog that takes focus, makes the page inert and gives focus back on close. */
  modal: boolean
  /** The visitor sent, or closed the prompt after choosing a score. Called at most once. */
  onAnswer(score: number, comment?: string): void
  /** The visitor closed the prompt without choosing a score. */
  onDismiss(): void
  /** The prompt is done (closed, or its thanks have been shown); unmount it. */
  onDone(): void
}

/** How long the thank-you step stays before the prompt closes itself. */
export const THANKS_MS = 4000

/** The innermost focused element, through open shadow roots (the page may use web components). */
function activeElement(): HTMLElement | null {
  let a = document.activeElement
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement
  return a as HTMLElement | null
}

/**
 * A survey prompt: a dialog named by its question, a radiogroup of scores, then (once a score
 * is chosen) the optional follow-up and Send, then thanks. The answer is recorded on Send, or on
 * Close / Escape once a score is chosen; Close / Escape before that is a dismissal.
 */
export function Prompt({ model, strings, modal, onAnswer, onDismiss, onDone }: PromptProps) {
  const [score, setScore] = useState<number | null>(null)
  const [comment, setComment] = useState('')
  const [sent, setSent] = useState(false)
  const [status, setStatus] = useState('')
  const dialog = useRef<HTMLDialogElement>(null)
  const closeButton = useRef<HTMLButtonElement>(null)
  const done = useRef(false)
  const focusWasInside = useRef(false)
  // Where focus was before it entered the prompt, to give it back when the prompt goes away.
  const returnTo = useRef<HTMLElement | null>(null)

  const inside = () => {
    const d = dialog.current
    return !!d && d.contains((d.getRootNode() as ShadowRoot).activeElement)
  }

  const finish = () => {
    if (!done.current) {
      done.current = true
      if (score === null) onDismiss()
      else onAnswer(score)
    }
    onDone()
  }

  const send = (e: Event) => {
    e.preventDefault()
    if (score === null || done.current) return
    done.current = true
    focusWasInside.current = inside()
    onAnswer(score, comment.trim() || undefined)
    setSent(true)
    setStatus(strings.thanks)
  }

  useLayoutEffect(() => {
    const d = dialog.current!
    if (modal) {
      returnTo.current = activeElement()
      // Top layer: above any z-index of the page, the rest of the page inert, focus moved inside.
      d.showModal()
    }
    // However the prompt goes (Close, Escape, the end of the thanks, the runtime's close()),
    // focus it held goes back where it came from. A modal keeps the page inert until closed.
    return () => {
      const hadFocus = modal || inside()
      if (modal) d.close()
      const back = returnTo.current
      if (hadFocus && back?.isConnected) back.focus()
    }
  }, [])

  useEffect(() => {
    if (modal) return
    // A non-modal prompt leaves focus where it is and is announced instead. The live region
    // speaks about changes only, so it is filled once it is in the accessibility tree.
    const t = setTimeout(() => setStatus(`${strings.survey}: ${model.question}`), 100)
    return () => clearTimeout(t)
  }, [])

  // A layout effect: focus moves in the same task as Send goes away, never a frame on <body>.
  useLayoutEffect(() => {
    if (!sent) return
    // Send is gone: keep keyboard focus in the prompt rather than dropping it on <body>.
    if (modal || focusWasInside.current) closeButton.current!.focus()
    const t = setTimeout(finish, THANKS_MS)
    return () => clearTimeout(t)
  }, [sent])

  const onKeyDown = (e: KeyboardEvent) => {
    // Escape during IME composition (Japanese input) cancels the composition, not the prompt.
    // Safari reports the key that ends a composition with isComposing false, keyCode 229.
    if (e.key === 'Escape' && !e.isComposing && e.keyCode !== 229) {
      e.preventDefault()
      e.stopPropagation()
      finish()
    } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && (e.target as Element).localName === 'textarea') {
      ;(e.target as HTMLTextAreaElement).form!.requestSubmit()
    }
  }

  const onFocusIn = (e: FocusEvent) => {
    const from = e.relatedTarget as HTMLElement | null
    if (!modal && from && !dialog.current!.contains(from)) returnTo.current = from
  }

  const onClick = (e: MouseEvent) => {
    // A click on a modal's backdrop targets the dialog itself, at a point outside its box.
    const d = dialog.current!
    if (!modal || e.target !== d) return
    const r = d.getBoundingClientRect()
    if (e.clientX < r.left || e.clientX > r.right || e.clientY < r.top || e.clientY > r.bottom) finish()
  }

  const followUp = score !== null && model.followUp?.(score)

  return (
    <dialog
      ref={dialog}
      class="card"
      open={!modal}
      aria-labelledby={sent ? undefined : 'tp-q'}
      aria-label={sent ? strings.thanks : undefined}
      onKeyDown={onKeyDown}
      onFocusIn={onFocusIn}
      onClick={onClick}
      // The browser's close request for a modal (Escape, Android's back): a dismissal like Close.
      onCancel={(e) => {
        e.preventDefault()
        finish()
      }}
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
          <Scale model={model} score={score} onChoose={setScore} labelledBy="tp-q" />
          {score !== null && (
            <div class="more">
              <div>
                {followUp && (
                  <div class="fu">
                    <label for="tp-c">{followUp}</label>
                    <textarea id="tp-c" dir="auto" maxLength={1000} value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
                  </div>
                )}
                <div class="row">
                  <button type="submit" class="send">
                    {strings.send}
                  </button>
                </div>
              </div>
            </div>
          )}
        </form>
      )}
      <button ref={closeButton} type="button" class="x" aria-label={strings.close} onClick={finish}>
        <CloseIcon />
      </button>
      <div role="status" class="sr">
        {status}
      </div>
    </dialog>
  )
}
