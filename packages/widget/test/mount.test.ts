import { options } from 'preact'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { en, mount } from '@touchpoint/widget'
import type { MountOptions, Strings } from '@touchpoint/widget'
import type { Survey } from '@touchpoint/core'
import { THANKS_MS } from '../src/Prompt.js'
import { css } from '../src/styles.js'

const survey: Survey = { id: 'checkout-nps', type: 'nps', followUp: true, triggers: [{ on: 'pageview' }] }

function open(patch: Partial<MountOptions> = {}) {
  const calls = { onAnswer: vi.fn(), onDismiss: vi.fn(), onError: vi.fn(), onClose: vi.fn() }
  const m = mount({ survey, strings: en, locale: 'en', ...calls, ...patch })
  const root = m.host.shadowRoot!
  const $ = <T extends Element = HTMLElement>(sel: string) => root.querySelector<T>(sel)
  const choose = async (score: number) => {
    $<HTMLInputElement>(`input[value="${score}"]`)!.click()
    await flush()
  }
  const key = async (key: string, init: KeyboardEventInit = {}, on: Element = $('dialog')!) => {
    on.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init }))
    await flush()
  }
  return { m, root, $, choose, key, ...calls }
}

const flush = () => new Promise((r) => setTimeout(r, 0))

afterEach(() => {
  document.body.innerHTML = ''
  vi.useRealTimers()
  vi.restoreAllMocks()
})

describe('mount', () => {
  it('renders a non-modal dialog named by its question in an open shadow root', () => {
    const { m, $, root } = open()
    expect(m.host.isConnected).toBe(true)
    expect(m.host.shadowRoot).not.toBeNull()
    const dialog = $<HTMLDialogElement>('dialog')!
    expect(dialog.open).toBe(true)
    expect(dialog.getAttribute('aria-labelledby')).toBe('tp-q')
    expect($('#tp-q')!.textContent).toBe(en.nps.question)
    expect($('[role=radiogroup]')!.getAttribute('aria-labelledby')).toBe('tp-q')
    expect(root.querySelectorAll('[role=radiogroup] input[type=radio]')).toHaveLength(11)
  })

  it('shows Send and the follow-up only once a score is chosen', async () => {
    const { $, choose } = open()
    expect($('button[type=submit]')).toBeNull()
    expect($('textarea')).toBeNull()
    await choose(4)
    expect($('button[type=submit]')!.textContent).toBe('Send')
    expect($('label[for=tp-c]')!.textContent).toBe(en.followUp.detractor)
  })

  it('asks the follow-up of the bucket of the score chosen last', async () => {
    const { $, choose } = open()
    await choose(9)
    expect($('label[for=tp-c]')!.textContent).toBe(en.followUp.promoter)
    await choose(7)
    expect($('label[for=tp-c]')!.textContent).toBe(en.followUp.passive)
  })

  it('has no textbox when the survey has no follow-up, and sends the score alone', async () => {
    const { $, choose, onAnswer } = open({ survey: { ...survey, followUp: false } })
    await choose(10)
    expect($('textarea')).toBeNull()
    $<HTMLButtonElement>('button[type=submit]')!.click()
    await flush()
    expect(onAnswer).toHaveBeenCalledExactlyOnceWith(10, undefined)
  })

  it('records score and trimmed comment on Send, once, then thanks', async () => {
    const { $, choose, onAnswer, onDismiss } = open()
    await choose(9)
    const box = $<HTMLTextAreaElement>('textarea')!
    box.value = '  Fast checkout  '
    box.dispatchEvent(new Event('input', { bubbles: true }))
    await flush()
    $<HTMLButtonElement>('button[type=submit]')!.click()
    $<HTMLButtonElement>('button[type=submit]')?.click()
    await flush()
    expect(onAnswer).toHaveBeenCalledExactlyOnceWith(9, 'Fast checkout')
    expect(onDismiss).not.toHaveBeenCalled()
    expect($('.thanks')!.textContent).toBe(en.thanks)
    // The dialog is now named by the thanks.
    expect($('dialog')!.getAttribute('aria-labelledby')).toBe('tp-q')
    expect($('#tp-q')!.textContent).toBe(en.thanks)
    expect($('[role=status]')!.textContent).toBe(en.thanks)
  })

  it('sends with Ctrl+Enter from the textbox', async () => {
    const { $, choose, key, onAnswer } = open()
    await choose(2)
    await key('Enter', { ctrlKey: true }, $('textarea')!)
    expect(onAnswer).toHaveBeenCalledExactlyOnceWith(2, undefined)
  })

  it('closes itself after the thanks, without reporting anything more', async () => {
    vi.useFakeTimers()
    const { m, $, onAnswer, onDismiss, onClose } = open({ survey: { ...survey, followUp: false } })
    $<HTMLInputElement>('input[value="8"]')!.click()
    await vi.advanceTimersByTimeAsync(0)
    $<HTMLButtonElement>('button[type=submit]')!.click()
    // Effects run after the next frame, so the clock is read with a frame of slack.
    await vi.advanceTimersByTimeAsync(THANKS_MS - 50)
    expect(m.host.isConnected).toBe(true)
    await vi.advanceTimersByTimeAsync(100)
    expect(m.host.isConnected).toBe(false)
    expect(onClose).toHaveBeenCalledOnce()
    expect(onAnswer).toHaveBeenCalledOnce()
    expect(onDismiss).not.toHaveBeenCalled()
  })

  it('reports a dismissal when closed before a score', async () => {
    const { $, onAnswer, onDismiss, onClose, m } = open()
    $<HTMLButtonElement>('button.x')!.click()
    await flush()
    expect($('button.x')).toBeNull()
    expect(onDismiss).toHaveBeenCalledOnce()
    expect(onAnswer).not.toHaveBeenCalled()
    expect(onClose).toHaveBeenCalledOnce()
    expect(m.host.isConnected).toBe(false)
  })

  it('reports a dismissal on Escape before a score, and keeps the key from the page', async () => {
    const { key, onDismiss } = open()
    const page = vi.fn()
    document.addEventListener('keydown', page)
    await key('Escape')
    document.removeEventListener('keydown', page)
    expect(onDismiss).toHaveBeenCalledOnce()
    expect(page).not.toHaveBeenCalled()
  })

  it('records the score, without the comment, when closed after choosing one', async () => {
    const { $, choose, key, onAnswer, onDismiss } = open()
    await choose(3)
    const box = $<HTMLTextAreaElement>('textarea')!
    box.value = 'half-written'
    box.dispatchEvent(new Event('input', { bubbles: true }))
    await key('Escape')
    expect(onAnswer).toHaveBeenCalledExactlyOnceWith(3)
    expect(onDismiss).not.toHaveBeenCalled()
  })

  it('ignores Escape while an input method is composing', async () => {
    const { m, choose, key, $, onAnswer } = open()
    await choose(3)
    await key('Escape', { isComposing: true }, $('textarea')!)
    await key('Escape', { keyCode: 229 }, $('textarea')!)
    expect(m.host.isConnected).toBe(true)
    expect(onAnswer).not.toHaveBeenCalled()
  })

  it('announces a non-modal prompt through a live region inside the dialog', async () => {
    vi.useFakeTimers()
    const { $ } = open()
    const status = $('dialog [role=status]')!
    expect(status.textContent).toBe('')
    await vi.advanceTimersByTimeAsync(200)
    expect(status.textContent).toBe(`Survey: ${en.nps.question}`)
  })

  it('leaves focus where it is when a non-modal prompt appears', () => {
    const field = document.body.appendChild(document.createElement('input'))
    field.focus()
    open()
    expect(document.activeElement).toBe(field)
  })

  it('opens a modal dialog for position center, focus inside, and gives focus back on close', async () => {
    const button = document.body.appendChild(document.createElement('button'))
    button.focus()
    const showModal = vi.spyOn(HTMLDialogElement.prototype, 'showModal')
    const { $, root } = open({ position: 'center' })
    expect(showModal).toHaveBeenCalledOnce()
    expect($<HTMLDialogElement>('dialog')!.open).toBe(true)
    $<HTMLButtonElement>('button.x')!.focus()
    expect(root.activeElement).toBe($('button.x'))
    $<HTMLButtonElement>('button.x')!.click()
    await flush()
    expect(document.activeElement).toBe(button)
  })

  it('gives focus back when the runtime removes a prompt that has it', () => {
    const link = document.body.appendChild(document.createElement('a'))
    link.href = '#'
    link.focus()
    const { m, $ } = open()
    $<HTMLButtonElement>('button.x')!.dispatchEvent(new FocusEvent('focusin', { bubbles: true, composed: true, relatedTarget: link }))
    $<HTMLButtonElement>('button.x')!.focus()
    m.close()
    expect(document.activeElement).toBe(link)
  })

  it('closes when the page removes it or an element around it, and reports nothing more', async () => {
    const slot = document.body.appendChild(document.createElement('section'))
    const { m, onClose, onAnswer, onDismiss, choose } = open({ position: 'inline', target: slot })
    await choose(9)
    slot.remove()
    await flush()
    expect(onClose).toHaveBeenCalledOnce()
    expect(m.host.shadowRoot!.querySelector('dialog')).toBeNull()
    expect(onAnswer).not.toHaveBeenCalled()
    expect(onDismiss).not.toHaveBeenCalled()
    // Put back, it stays closed.
    document.body.append(m.host)
    await flush()
    expect(onClose).toHaveBeenCalledOnce()
  })

  it('leaves focus alone when a non-modal prompt without it goes', () => {
    const field = document.body.appendChild(document.createElement('input'))
    field.focus()
    open().m.close()
    expect(document.activeElement).toBe(field)
  })

  it('treats the browser close request of a modal (Escape, back gesture) as Close', async () => {
    const { $, onDismiss, m } = open({ position: 'center' })
    $('dialog')!.dispatchEvent(new Event('cancel', { cancelable: true }))
    await flush()
    expect(onDismiss).toHaveBeenCalledOnce()
    expect(m.host.isConnected).toBe(false)
  })

  it('renders survey text as text, never as HTML', () => {
    const html = '<img src=x onerror="window.pwned=1">'
    const { $ } = open({ survey: { ...survey, question: html, labels: { min: html } } })
    expect($('#tp-q')!.textContent).toBe(html)
    expect($('.ends bdi')!.textContent).toBe(html)
    expect($('img')).toBeNull()
  })

  it('sets theme, position, direction and language on its root', () => {
    const ar: Strings = { ...en, lang: 'ar', rtl: true }
    const { $ } = open({ theme: 'dark', position: 'bottom-left', strings: ar, zIndex: 42 })
    const root = $('.tp')!
    expect(root.className).toBe('tp dark bottom-left')
    expect(root.dir).toBe('rtl')
    expect(root.lang).toBe('ar')
    expect(root.style.getPropertyValue('--z')).toBe('42')
  })

  it('renders inline into its target, by element or selector', () => {
    const slot = document.body.appendChild(document.createElement('section'))
    slot.id = 'survey-slot'
    const { m, onError } = open({ position: 'inline', target: '#survey-slot' })
    expect(m.host.parentElement).toBe(slot)
    expect(onError).not.toHaveBeenCalled()
  })

  it('sets appearance as custom properties on its host, and only known ones', () => {
    const { m } = open({ appearance: { brand: '#0f766e', radius: '4px', font: 'Georgia, serif', nope: 'x' } as never })
    expect(m.host.style.getPropertyValue('--tp-brand')).toBe('#0f766e')
    expect(m.host.style.getPropertyValue('--tp-radius')).toBe('4px')
    expect(m.host.style.getPropertyValue('--tp-font')).toBe('Georgia, serif')
    expect(m.host.getAttribute('style')).not.toContain('nope')
  })
})

describe('styles', () => {
  it('adopts one constructable stylesheet shared by every prompt', () => {
    const a = open().root
    const b = open().root
    expect(a.adoptedStyleSheets).toHaveLength(1)
    expect(a.adoptedStyleSheets[0]).toBe(b.adoptedStyleSheets[0])
    expect(a.querySelector('style')).toBeNull()
  })

  it('falls back to a <style> with the nonce where constructable stylesheets are missing', () => {
    vi.spyOn(ShadowRoot.prototype, 'adoptedStyleSheets', 'set').mockImplementation(() => {
      throw new TypeError('not supported')
    })
    const { root } = open({ nonce: 'r4nd0m' })
    const style = root.querySelector('style')!
    expect(style.nonce).toBe('r4nd0m')
    expect(style.textContent).toBe(css)
  })
})

describe('failures', () => {
  it('reports an inline target that does not exist, and calls onClose', () => {
    const { onError, onClose, m } = open({ position: 'inline', target: '#nowhere' })
    expect(onError).toHaveBeenCalledOnce()
    expect((onError.mock.calls[0]![0] as Error).message).toBe('position "inline": no element matches target "#nowhere"')
    expect(onClose).toHaveBeenCalledOnce()
    expect(m.host.isConnected).toBe(false)
  })

  it('reports a survey that cannot be resolved instead of throwing', () => {
    const boom = new Error('bad survey')
    const bad = { ...survey, get question(): string { throw boom } }
    let result: ReturnType<typeof mount> | undefined
    const onError = vi.fn()
    expect(() => (result = mount({ survey: bad, strings: en, locale: 'en', onAnswer() {}, onDismiss() {}, onError }))).not.toThrow()
    expect(onError).toHaveBeenCalledExactlyOnceWith(boom)
    expect(result!.host.isConnected).toBe(false)
  })

  it('catches a render error once, removes the prompt and reports it', async () => {
    const boom = new Error('render failed')
    const strings = { ...en, get close(): string { throw boom } }
    const { m, onError, onClose } = open({ strings })
    await flush()
    expect(onError).toHaveBeenCalledExactlyOnceWith(boom)
    expect(onClose).toHaveBeenCalledOnce()
    expect(m.host.isConnected).toBe(false)
  })

  it('catches an error in a re-render after a click, so that it never reaches the page', async () => {
    const boom = new Error('re-render failed')
    const s = { ...survey, followUp: { get en(): string { throw boom } } }
    // Re-renders run from Preact's queue; what escapes it would be an uncaught error on the page.
    const escaped: unknown[] = []
    options.debounceRendering = (run) =>
      queueMicrotask(() => {
        try {
          run()
        } catch (e) {
          escaped.push(e)
        }
      })
    try {
      const { choose, onError, m } = open({ survey: s })
      await choose(5)
      await flush()
      expect(onError).toHaveBeenCalledExactlyOnceWith(boom)
      expect(m.host.isConnected).toBe(false)
      expect(escaped).toEqual([])
    } finally {
      options.debounceRendering = undefined
    }
  })

  it('catches a failing callback and reports it instead of throwing', async () => {
    const boom = new Error('boom')
    const { $, onError, m } = open({
      onDismiss: () => {
        throw boom
      },
    })
    expect(() => $<HTMLButtonElement>('button.x')!.click()).not.toThrow()
    await flush()
    expect(onError).toHaveBeenCalledExactlyOnceWith(boom)
    expect(m.host.isConnected).toBe(false)
  })

  it('swallows an onError that throws itself', () => {
    expect(() =>
      open({
        position: 'inline',
        target: '#nowhere',
        onError: () => {
          throw new Error('handler broke')
        },
      }),
    ).not.toThrow()
  })
})

describe('the stylesheet in browsers without color-mix()', () => {
  // Chrome 103–110, Firefox 100–112 and Safari 16.0–16.1 are supported and lack color-mix(). A
  // declaration that mixes var() colours is then void when used: a background turns transparent.
  // The Chromium of the end-to-end tests has color-mix(), so the stylesheet itself is checked.
  const fallback = /@supports not \(color:color-mix\(in srgb,red,red\)\)\{(.*?\})\}/.exec(css)?.[1] ?? ''

  it('keeps the hovered Send button its own colour, not white on white', () => {
    expect(css).toContain('.send:hover{background:color-mix(')
    expect(fallback).toContain('.send:hover{background:var(--br)}')
  })

  it('marks the chosen face with a ring, where the tint would vanish', () => {
    expect(css).toContain('.emoji .o input:checked+span{background:color-mix(')
    expect(fallback).toContain('.emoji .o input:checked+span{border-color:var(--br)}')
  })
})
