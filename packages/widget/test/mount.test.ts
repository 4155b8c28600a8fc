import { afterEach, describe, expect, it, vi } from 'vitest'
import { en, mount } from '@touchpoint/widget'
import type { MountOptions } from '@touchpoint/widget'

const survey = { id: 'checkout-nps', type: 'nps' as const, followUp: true, triggers: [{ on: 'pageview' as const }] }

function open(patch: Partial<MountOptions> = {}) {
  const calls = { onAnswer: vi.fn(), onDismiss: vi.fn(), onError: vi.fn(), onClose: vi.fn() }
  const m = mount({ survey, strings: en, locale: 'en', ...calls, ...patch })
  const root = m.host.shadowRoot!
  const $ = <T extends Element = HTMLElement>(sel: string) => root.querySelector<T>(sel)
  return { m, root, $, ...calls }
}

const flush = () => new Promise((r) => setTimeout(r, 0))

afterEach(() => {
  document.body.innerHTML = ''
})

describe('mount', () => {
  it('renders a dialog named by its question in an open shadow root', async () => {
    const { m, $ } = open()
    expect(m.host.isConnected).toBe(true)
    expect(m.host.shadowRoot).not.toBeNull()
    const dialog = $('[role=dialog]')!
    expect(dialog.getAttribute('aria-labelledby')).toBe('tp-q')
    expect($('#tp-q')!.textContent).toBe(en.nps.question)
    expect(dialog.getAttribute('aria-modal')).toBeNull()
    expect(m.host.shadowRoot!.querySelectorAll('[role=radiogroup] input[type=radio]')).toHaveLength(11)
  })

  it('records score and comment on Send, once', async () => {
    const { $, onAnswer, onDismiss } = open()
    const nine = $<HTMLInputElement>('input[value="9"]')!
    nine.click()
    await flush()
    const box = $<HTMLTextAreaElement>('textarea')!
    expect($(`label[for=tp-c]`)!.textContent).toBe(en.followUp.promoter)
    box.value = '  Fast checkout  '
    box.dispatchEvent(new Event('input', { bubbles: true }))
    await flush()
    $<HTMLButtonElement>('button[type=submit]')!.click()
    await flush()
    expect(onAnswer).toHaveBeenCalledExactlyOnceWith(9, 'Fast checkout')
    expect(onDismiss).not.toHaveBeenCalled()
    expect($('.thanks')!.textContent).toBe(en.thanks)
  })

  it('reports a dismissal when closed before a score', async () => {
    const { $, onAnswer, onDismiss, onClose, m } = open()
    $<HTMLButtonElement>('button.x')!.click()
    await flush()
    expect(onDismiss).toHaveBeenCalledOnce()
    expect(onAnswer).not.toHaveBeenCalled()
    expect(onClose).toHaveBeenCalledOnce()
    expect(m.host.isConnected).toBe(false)
  })

  it('records the score when closed with Escape after choosing one', async () => {
    const { $, onAnswer, onDismiss } = open()
    $<HTMLInputElement>('input[value="3"]')!.click()
    await flush()
    $('[role=dialog]')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }))
    await flush()
    expect(onAnswer).toHaveBeenCalledExactlyOnceWith(3)
    expect(onDismiss).not.toHaveBeenCalled()
  })

  it('renders survey text as text, never as HTML', () => {
    const { $ } = open({ survey: { ...survey, question: '<img src=x onerror="window.pwned=1">' } })
    expect($('#tp-q')!.textContent).toBe('<img src=x onerror="window.pwned=1">')
    expect($('img')).toBeNull()
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
    expect(onError).toHaveBeenCalledWith(boom)
    expect(m.host.isConnected).toBe(false)
  })

  it('reports an inline target that does not exist', () => {
    const { onError, m } = open({ position: 'inline', target: '#nowhere' })
    expect(onError).toHaveBeenCalledOnce()
    expect(m.host.isConnected).toBe(false)
  })

  it('sets appearance as custom properties on its host', () => {
    const { m } = open({ appearance: { brand: '#0f766e', radius: '4px' } })
    expect(m.host.style.getPropertyValue('--tp-brand')).toBe('#0f766e')
    expect(m.host.style.getPropertyValue('--tp-radius')).toBe('4px')
  })
})
