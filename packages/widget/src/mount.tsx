import { Component, render } from 'preact'
import type { ComponentChildren } from 'preact'
import type { Survey } from '@touchpoint/core'
import { Prompt } from './Prompt.js'
import { promptModel } from './prompt-model.js'
import type { Strings } from './strings.js'
import { css } from './styles.js'

/** Where a prompt appears. `inline` renders into `target`; `center` is a modal with a backdrop. */
export type Position = 'bottom-right' | 'bottom-left' | 'top' | 'center' | 'inline'

/** Colours, corner radius and font, applied as CSS custom properties on the prompt's host element. */
export interface Appearance {
  brand?: string
  /** Text on the brand colour (the selected score, the Send button). */
  brandText?: string
  text?: string
  background?: string
  radius?: string
  font?: string
}

export interface MountOptions {
  survey: Survey
  strings: Strings
  /** The visitor's locale, to pick the survey's own texts. */
  locale: string
  theme?: 'light' | 'dark' | 'auto'
  appearance?: Appearance
  position?: Position
  /** The element an `inline` prompt renders into, or its CSS selector. */
  target?: Element | string | null
  zIndex?: number
  /** For the `<style nonce>` fallback where constructable stylesheets are missing. */
  nonce?: string
  onAnswer(score: number, comment?: string): void
  onDismiss(): void
  /** The prompt left the page. */
  onClose?(): void
  /** Something failed while rendering; the prompt has been removed. */
  onError(error: unknown): void
}

/** A prompt on the page. */
export interface Mounted {
  /** The element that holds the shadow root. */
  host: HTMLElement
  /** Removes the prompt now (no answer, no dismissal is reported). */
  close(): void
}

let sheet: CSSStyleSheet | undefined

const APPEARANCE: Record<keyof Appearance, string> = {
  brand: '--tp-brand',
  brandText: '--tp-brand-text',
  text: '--tp-text',
  background: '--tp-background',
  radius: '--tp-radius',
  font: '--tp-font',
}

class Boundary extends Component<{ onError(e: unknown): void; children: ComponentChildren }> {
  override componentDidCatch(error: unknown) {
    this.props.onError(error)
  }
  render() {
    return this.props.children
  }
}

/**
 * Renders a survey prompt into a new open shadow root, styled by a constructable stylesheet
 * (or a `<style nonce>` where those are missing). Never throws: failures go to `onError`.
 * @example
 * const prompt = mount({ survey, strings: en, locale: 'en', onAnswer, onDismiss, onError })
 */
export function mount(o: MountOptions): Mounted {
  const host = document.createElement('div')
  let closed = false
  const close = () => {
    if (closed) return
    closed = true
    try {
      render(null, root)
    } finally {
      host.remove()
      o.onClose?.()
    }
  }
  const fail = (error: unknown) => {
    close()
    o.onError(error)
  }
  // Callbacks run in event handlers, where no boundary catches: a throw must not reach the page.
  const guard =
    <A extends unknown[]>(fn: (...a: A) => void) =>
    (...a: A) => {
      try {
        fn(...a)
      } catch (e) {
        fail(e)
      }
    }
  const shadow = host.attachShadow({ mode: 'open' })
  const root = document.createElement('div')
  try {
    host.setAttribute('data-touchpoint', o.survey.id)
    for (const [k, v] of Object.entries(o.appearance ?? {})) {
      if (v && k in APPEARANCE) host.style.setProperty(APPEARANCE[k as keyof Appearance], v)
    }
    adoptStyles(shadow, o.nonce)
    const position = o.position ?? 'bottom-right'
    root.className = `tp ${o.theme ?? 'light'} ${position}`
    root.dir = o.strings.rtl ? 'rtl' : 'ltr'
    root.lang = o.strings.lang
    root.style.setProperty('--z', String(o.zIndex ?? 2147483000))
    shadow.append(root)
    const target = typeof o.target === 'string' ? document.querySelector(o.target) : o.target
    if (position === 'inline' && !target) throw new Error(`position "inline": no element matches target ${JSON.stringify(o.target)}`)
    ;(position === 'inline' ? target! : document.body).append(host)
    render(
      <Boundary onError={fail}>
        <Prompt
          model={promptModel(o.survey, o.strings, o.locale)}
          strings={o.strings}
          modal={position === 'center'}
          onAnswer={guard(o.onAnswer)}
          onDismiss={guard(o.onDismiss)}
          onDone={close}
        />
      </Boundary>,
      root,
    )
  } catch (e) {
    fail(e)
  }
  return { host, close }
}

function adoptStyles(shadow: ShadowRoot, nonce?: string) {
  try {
    if (!sheet) {
      sheet = new CSSStyleSheet()
      sheet.replaceSync(css)
    }
    shadow.adoptedStyleSheets = [sheet]
  } catch {
    // No constructable stylesheets (Safari < 16.4): a <style> that a strict CSP lets in by nonce.
    const style = document.createElement('style')
    if (nonce) style.nonce = nonce
    style.textContent = css
    shadow.append(style)
  }
}
