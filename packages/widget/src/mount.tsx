/**
 * Classic JSX, for fewer bytes (see Prompt.tsx).
 * @jsxRuntime classic
 * @jsx h
 * @jsxFrag Fragment
 */
import { h, render } from 'preact'
import type { Survey } from '@touchpoint/core'
import { adoptStyles } from './adopt-styles.js'
import { ErrorBoundary } from './ErrorBoundary.js'
import { Prompt } from './Prompt.js'
import { promptModel } from './prompt-model.js'
import type { Strings } from './strings.js'

/**
 * Where a prompt appears: a corner or the top of the viewport (fixed, above the page), `center`
 * (a modal dialog with a backdrop) or `inline` (in the flow of the page, inside `target`).
 */
export type Position = 'bottom-right' | 'bottom-left' | 'top' | 'center' | 'inline'

/** Colours, corner radius and font family of the prompt, applied as CSS custom properties on its host element. */
export interface Appearance {
  /** The selected score and the Send button; focus rings. Any CSS colour. */
  brand?: string
  /** Text on the brand colour. Default: white or black, whichever contrasts more with `brand`. */
  brandText?: string
  text?: string
  background?: string
  /** Corner radius of the card, e.g. `'8px'`; controls are rounded in proportion. */
  radius?: string
  /** A CSS `font-family`. Default: the page's, inherited where the prompt is inserted. */
  font?: string
}

/** What `mount` needs: the survey, its strings, how it looks, and where answers go. */
export interface MountOptions {
  survey: Survey
  strings: Strings
  /** The visitor's locale, to pick the survey's own texts. */
  locale: string
  /** `auto` follows the visitor's system setting. Default `light`. */
  theme?: 'light' | 'dark' | 'auto'
  appearance?: Appearance
  /** Default `bottom-right`. */
  position?: Position
  /** The element an `inline` prompt renders into, or its CSS selector. */
  target?: Element | string | null
  /** Stacking order of fixed positions. Default 2147483000. `center` is in the top layer, above any z-index. */
  zIndex?: number
  /** For the `<style nonce>` fallback where constructable stylesheets are missing. */
  nonce?: string
  onAnswer(score: number, comment?: string): void
  onDismiss(): void
  /** The prompt left the page. */
  onClose?(): void
  /** Something failed while showing the prompt; it has been removed. */
  onError(error: unknown): void
}

/** A prompt on the page. */
export interface Mounted {
  /** The element that holds the shadow root. */
  host: HTMLElement
  /**
   * Removes the prompt now (no answer, no dismissal is reported). So does the page, when it
   * removes the prompt or an element around it: `onClose` then runs.
   */
  close(): void
}

/** The keys of `appearance`; each sets `--tp-<key in kebab case>` (`brandText` → `--tp-brand-text`). */
const APPEARANCE: (keyof Appearance)[] = ['brand', 'brandText', 'text', 'background', 'radius', 'font']

/**
 * Where a prompt goes: the element an `inline` one renders into, or the body. Throws when no
 * element matches an `inline` prompt's `target`: the runtime asks before it records a display,
 * so that a prompt that cannot be placed does not count as shown.
 */
export function placeOf(o: Pick<MountOptions, 'position' | 'target'>): Element {
  const target = typeof o.target === 'string' ? document.querySelector(o.target) : o.target
  if (o.position === 'inline' && !target) throw new Error(`position "inline": no element matches target ${JSON.stringify(o.target)}`)
  return o.position === 'inline' ? target! : document.body
}

/**
 * Renders a survey prompt into a new open shadow root, styled by a constructable stylesheet
 * (or a `<style nonce>` where those are missing). Never throws, and nothing it calls back
 * throws into the page: failures go to `onError`, after the prompt has been removed.
 * @example
 * const prompt = mount({ survey, strings: en, locale: 'en', onAnswer, onDismiss, onError })
 */
export function mount(o: MountOptions): Mounted {
  const host = document.createElement('div')
  const root = document.createElement('div')
  let closed = false
  let failed = false
  // Sees the page take the prompt away itself (Turbo or pjax swapping <body>, a single-page app
  // unmounting the inline target): the prompt is then closed, so that the next one may show.
  const watch = new MutationObserver(() => host.isConnected || close())
  const close = () => {
    if (closed) return
    closed = true
    watch.disconnect()
    try {
      render(null, root)
    } catch (e) {
      fail(e)
    }
    host.remove()
    call(o.onClose)
  }
  // Reports the first failure only: what breaks while tearing down a failed prompt is its echo.
  const fail = (error: unknown) => {
    if (!failed) {
      failed = true
      try {
        o.onError(error)
      } catch {
        // Nowhere left to report it, and it must not reach the page.
      }
    }
    close()
  }
  // The runtime's callbacks run from event handlers and timers, where no boundary catches.
  const call = <A extends unknown[]>(fn: ((...a: A) => void) | undefined, ...a: A) => {
    try {
      fn?.(...a)
    } catch (e) {
      fail(e)
    }
  }
  try {
    const shadow = host.attachShadow({ mode: 'open' })
    host.setAttribute('data-touchpoint', o.survey.id)
    for (const [k, v] of Object.entries(o.appearance ?? {})) {
      if (v && APPEARANCE.includes(k as keyof Appearance)) host.style.setProperty(`--tp-${k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}`, v)
    }
    adoptStyles(shadow, o.nonce)
    const position = o.position ?? 'bottom-right'
    root.className = `tp ${o.theme ?? 'light'} ${position}`
    root.dir = o.strings.rtl ? 'rtl' : 'ltr'
    root.lang = o.strings.lang
    root.style.setProperty('--z', String(o.zIndex ?? 2147483000))
    shadow.append(root)
    const model = promptModel(o.survey, o.strings, o.locale)
    placeOf(o).append(host)
    watch.observe(document, { childList: true, subtree: true })
    render(
      <ErrorBoundary onError={fail}>
        <Prompt
          model={model}
          strings={o.strings}
          modal={position === 'center'}
          onAnswer={(...a) => call(o.onAnswer, ...a)}
          onDismiss={() => call(o.onDismiss)}
          onDone={close}
        />
      </ErrorBoundary>,
      root,
    )
  } catch (e) {
    fail(e)
  }
  return { host, close }
}
