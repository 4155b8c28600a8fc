/**
 * Classic JSX, `h(type, props, ...children)`: once minified, shorter than the automatic
 * runtime's `jsx(type, { ...props, children: [...] })` (0.04 KB less gzip in the UI chunk).
 * @jsxRuntime classic
 * @jsx h
 * @jsxFrag Fragment
 */
import { Component, createRef, h } from 'preact'
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

interface PromptState {
  score: number | null
  comment: string
  sent: boolean
  /**
   * What the live region says; `null` once a score is chosen by a click, Space or an arrow: then
   * the follow-up's question, read in render, where the error boundary sees what it throws.
   */
  status: string | null
}

/**
 * A survey prompt: a dialog named by its question, a radiogroup of scores, then (once a score
 * is chosen) the optional follow-up and Send, then thanks. The answer is recorded on Send, or on
 * Close / Escape once a score is chosen; Close / Escape before that is a dismissal.
 *
 * A class rather than hooks: preact/hooks would add 1 KB to the UI chunk for this one component.
 * `componentDidMount` and `componentDidUpdate` run as layout effects do (before paint), and
 * `componentWillUnmount` before the dialog leaves the page, like their cleanup.
 */
export class Prompt extends Component<PromptProps, PromptState> {
  override state: PromptState = { score: null, comment: '', sent: false, status: '' }
  dialog = createRef<HTMLDialogElement>()
  // The fields below start undefined (declared, not initialized: each initializer costs bytes
  // in the UI chunk), which reads as false / none.
  declare done?: boolean
  declare focusWasInside?: boolean
  // Where focus was before it entered the prompt, to give it back when the prompt goes away.
  declare returnTo?: HTMLElement | null
  declare timer?: ReturnType<typeof setTimeout>

  inside = () => {
    const d = this.dialog.current
    return !!d && d.contains((d.getRootNode() as ShadowRoot).activeElement)
  }

  finish = () => {
    const { score } = this.state
    if (!this.done) {
      this.done = true
      if (score === null) this.props.onDismiss()
      else this.props.onAnswer(score)
    }
    this.props.onDone()
  }

  /**
   * Send, however it comes: the button's click (Enter in the form clicks it too), Ctrl+Enter in
   * the comment. Never through the form's submission, which a sandboxed iframe without
   * `allow-forms` blocks before any submit event; `onSubmit` only keeps a submission from
   * navigating the page.
   */
  send = (e: Event) => {
    e.preventDefault()
    const { score, comment } = this.state
    if (score === null || this.done) return
    this.done = true
    this.focusWasInside = this.inside()
    this.props.onAnswer(score, comment.trim() || undefined)
    this.setState({ sent: true, status: this.props.strings.thanks })
  }

  override componentDidMount() {
    const { modal, strings, model } = this.props
    if (modal) {
      this.returnTo = activeElement()
      // Top layer: above any z-index of the page, the rest of the page inert, focus moved inside.
      this.dialog.current!.showModal()
    } else {
      // A non-modal prompt leaves focus where it is and is announced instead. The live region
      // speaks about changes only, so it is filled once it is in the accessibility tree.
      this.timer = setTimeout(() => this.setState({ status: `${strings.survey}: ${model.question}` }), 100)
    }
  }

  override componentDidUpdate(_: PromptProps, was: PromptState) {
    if (!this.state.sent || was.sent) return
    // Send is gone: keep keyboard focus in the prompt rather than dropping it on <body>, in the
    // same task as Send goes away, never a frame on <body>.
    if (this.props.modal || this.focusWasInside) this.dialog.current!.querySelector<HTMLElement>('.x')!.focus()
    clearTimeout(this.timer)
    this.timer = setTimeout(this.finish, THANKS_MS)
  }

  override componentWillUnmount() {
    // However the prompt goes (Close, Escape, the end of the thanks, the runtime's close()),
    // focus it held goes back where it came from. A modal keeps the page inert until closed.
    const { modal } = this.props
    clearTimeout(this.timer)
    const hadFocus = modal || this.inside()
    if (modal) this.dialog.current!.close()
    const back = this.returnTo
    if (hadFocus && back?.isConnected) back.focus()
  }

  /**
   * Keys pressed in the prompt stay in it. Out of the shadow root they would reach the page's
   * shortcuts retargeted to the host, a <div> and not a field: typing "s" in the comment could
   * move focus to the page's search box, an arrow on the scale turn the page's carousel.
   */
  stop = (e: Event) => e.stopPropagation()

  onKeyDown = (e: KeyboardEvent) => {
    this.stop(e)
    // Escape during IME composition (Japanese input) cancels the composition, not the prompt.
    // Safari reports the key that ends a composition with isComposing false, keyCode 229.
    if (e.key === 'Escape' && !e.isComposing && e.keyCode !== 229) {
      e.preventDefault()
      this.finish()
    } else if (e.key === 'Enter') {
      // Enter on a score chooses it (Space and the arrows do; focus alone does not), then goes on
      // to the follow-up, as a click shows it, rather than sending at once (the form's implicit
      // submission) and skipping it. Without a follow-up it sends.
      const t = e.target as HTMLInputElement
      if (t.type === 'textarea') {
        if (e.ctrlKey || e.metaKey) this.send(e)
      } else if (t.type === 'radio') {
        e.preventDefault()
        this.setState({ score: +t.value }, () => {
          const c = this.dialog.current!.querySelector('textarea')
          c ? c.focus() : this.send(e)
        })
      }
    }
  }

  onFocusIn = (e: FocusEvent) => {
    const from = e.relatedTarget as HTMLElement | null
    if (!this.props.modal && from && !this.dialog.current!.contains(from)) this.returnTo = from
  }

  /** Where the last press began: a click counts as on the backdrop only if its press did too. */
  declare pressed?: EventTarget | null

  onPointerDown = (e: PointerEvent) => {
    this.pressed = e.target
  }

  onClick = (e: MouseEvent) => {
    // A click on a modal's backdrop targets the dialog itself, at a point outside its box. So
    // does a drag that began in the card (selecting the comment's text) and ended outside it:
    // that one began elsewhere, and closes nothing.
    const d = this.dialog.current!
    if (!this.props.modal || e.target !== d || this.pressed !== d) return
    const r = d.getBoundingClientRect()
    if (e.clientX < r.left || e.clientX > r.right || e.clientY < r.top || e.clientY > r.bottom) this.finish()
  }

  render({ model, strings, modal }: PromptProps, { score, comment, sent, status }: PromptState) {
    const followUp = score !== null && model.followUp?.(score)

    return (
      <dialog
        ref={this.dialog}
        class="card"
        open={!modal}
        // The question names it, then the thanks (each `#tp-q` in turn).
        aria-labelledby="tp-q"
        onKeyDown={this.onKeyDown}
        onKeyPress={this.stop}
        onKeyUp={this.stop}
        onFocusIn={this.onFocusIn}
        onPointerDown={this.onPointerDown}
        onClick={this.onClick}
        // The browser's close request for a modal (Escape, Android's back): a dismissal like Close.
        onCancel={(e) => {
          e.preventDefault()
          this.finish()
        }}
      >
        {sent ? (
          <p class="thanks" id="tp-q">
            <CheckIcon />
            {strings.thanks}
          </p>
        ) : (
          <form onSubmit={this.send}>
            <h2 class="q" id="tp-q">
              <bdi>{model.question}</bdi>
            </h2>
            <Scale
              model={model}
              score={score}
              // The follow-up appears with the first score and may change with the next: the live
              // region says its question then (once; nothing while the question stays the same).
              onChoose={(score) => this.setState({ score, status: null })}
            />
            {score !== null && (
              <div class="more">
                <div>
                  {followUp && (
                    <div class="fu">
                      <label for="tp-c">
                        <bdi>{followUp}</bdi>
                      </label>
                      <textarea id="tp-c" dir="auto" maxLength={1000} value={comment} onInput={(e) => this.setState({ comment: e.currentTarget.value })} />
                    </div>
                  )}
                  <div class="row">
                    <button type="submit" class="send" onClick={this.send}>
                      {strings.send}
                    </button>
                  </div>
                </div>
              </div>
            )}
          </form>
        )}
        <button type="button" class="x" aria-label={strings.close} onClick={this.finish}>
          <CloseIcon />
        </button>
        <div role="status" class="sr">
          {status ?? followUp}
        </div>
      </dialog>
    )
  }
}
