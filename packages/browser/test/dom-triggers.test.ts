import { afterEach, describe, expect, it, vi } from 'vitest'
import { DOM_TRIGGERS } from '../src/triggers/dom-triggers.js'
import { visibleTimer } from '../src/triggers/visible-timer.js'

function setHidden(hidden: boolean) {
  Object.defineProperty(document, 'hidden', { value: hidden, configurable: true })
  document.dispatchEvent(new Event('visibilitychange'))
}

afterEach(() => {
  vi.useRealTimers()
  setHidden(false)
  document.body.innerHTML = ''
})

describe('visibleTimer', () => {
  it('counts only the time the page is visible', () => {
    vi.useFakeTimers()
    const fire = vi.fn()
    visibleTimer(10_000, fire)
    vi.advanceTimersByTime(6000)
    setHidden(true)
    vi.advanceTimersByTime(60_000)
    expect(fire).not.toHaveBeenCalled()
    setHidden(false)
    vi.advanceTimersByTime(3999)
    expect(fire).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(fire).toHaveBeenCalledOnce()
  })

  it('starts again from zero on restart, and never fires once stopped', () => {
    vi.useFakeTimers()
    const fire = vi.fn()
    const t = visibleTimer(1000, fire)
    vi.advanceTimersByTime(900)
    t.restart()
    vi.advanceTimersByTime(900)
    expect(fire).not.toHaveBeenCalled()
    t.stop()
    vi.advanceTimersByTime(5000)
    expect(fire).not.toHaveBeenCalled()
  })
})

describe('dwell', () => {
  it('fires after its seconds on the page, once', () => {
    vi.useFakeTimers()
    const fire = vi.fn()
    DOM_TRIGGERS.dwell!({ on: 'dwell', seconds: 30 }, fire)
    vi.advanceTimersByTime(29_999)
    expect(fire).not.toHaveBeenCalled()
    vi.advanceTimersByTime(100_000)
    expect(fire).toHaveBeenCalledOnce()
  })
})

describe('idle', () => {
  it('fires after its seconds without input; input starts the count again', () => {
    vi.useFakeTimers()
    const fire = vi.fn()
    DOM_TRIGGERS.idle!({ on: 'idle', seconds: 20 }, fire)
    vi.advanceTimersByTime(15_000)
    window.dispatchEvent(new Event('keydown'))
    vi.advanceTimersByTime(15_000)
    expect(fire).not.toHaveBeenCalled()
    vi.advanceTimersByTime(5000)
    expect(fire).toHaveBeenCalledOnce()
  })

  it('stops listening when cleaned up', () => {
    vi.useFakeTimers()
    const fire = vi.fn()
    DOM_TRIGGERS.idle!({ on: 'idle', seconds: 1 }, fire)()
    vi.advanceTimersByTime(5000)
    expect(fire).not.toHaveBeenCalled()
  })
})

describe('scroll', () => {
  it('fires once the visitor has scrolled to its percent of the page', () => {
    Object.defineProperty(document.documentElement, 'scrollHeight', { value: 4000, configurable: true })
    const fire = vi.fn()
    DOM_TRIGGERS.scroll!({ on: 'scroll', percent: 50 }, fire)
    const scrollTo = (y: number) => {
      Object.defineProperty(window, 'scrollY', { value: y, configurable: true })
      window.dispatchEvent(new Event('scroll'))
    }
    scrollTo(1000 - innerHeight + 900)
    expect(fire).not.toHaveBeenCalled()
    scrollTo(2000 - innerHeight)
    scrollTo(3000)
    expect(fire).toHaveBeenCalledOnce()
  })

  it('does not fire on a scroll back to the top: an SPA resetting it on a page too short to scroll', () => {
    Object.defineProperty(document.documentElement, 'scrollHeight', { value: innerHeight, configurable: true })
    const fire = vi.fn()
    DOM_TRIGGERS.scroll!({ on: 'scroll', percent: 50 }, fire)
    Object.defineProperty(window, 'scrollY', { value: 0, configurable: true })
    window.dispatchEvent(new Event('scroll'))
    expect(fire).not.toHaveBeenCalled()
  })
})

describe('exit_intent', () => {
  const out = (clientY: number, relatedTarget: EventTarget | null = null) =>
    document.dispatchEvent(new MouseEvent('mouseout', { clientY, relatedTarget, bubbles: true }))

  it('fires when the pointer leaves through the top of the page, once', () => {
    const fire = vi.fn()
    DOM_TRIGGERS.exit_intent!({ on: 'exit_intent' }, fire)
    out(300)
    out(0, document.body)
    expect(fire).not.toHaveBeenCalled()
    out(-2)
    out(-2)
    expect(fire).toHaveBeenCalledOnce()
  })
})

describe('click', () => {
  it('fires for every click on a matching element or inside one', () => {
    const fire = vi.fn()
    const stop = DOM_TRIGGERS.click!({ on: 'click', selector: '[data-help]' }, fire)
    document.body.innerHTML = '<a data-help><b>help</b></a><p>other</p>'
    document.querySelector('b')!.click()
    document.querySelector('p')!.click()
    document.querySelector('b')!.click()
    expect(fire).toHaveBeenCalledTimes(2)
    stop()
    document.querySelector('b')!.click()
    expect(fire).toHaveBeenCalledTimes(2)
  })

  it('fires for a click inside a web component that matches, not for one inside a prompt', () => {
    const fire = vi.fn()
    const stop = DOM_TRIGGERS.click!({ on: 'click', selector: '.buy, button' }, fire)
    document.body.innerHTML = '<shop-button class="buy"></shop-button><div data-touchpoint="s"></div>'
    const inner = document.querySelector('shop-button')!.attachShadow({ mode: 'open' })
    inner.innerHTML = '<span><i>Buy</i></span>'
    inner.querySelector('i')!.click()
    expect(fire).toHaveBeenCalledTimes(1)
    // A prompt's own button matches `button`, but a click on it is the visitor answering.
    const prompt = document.querySelector('[data-touchpoint]')!.attachShadow({ mode: 'open' })
    prompt.innerHTML = '<button>Send</button>'
    prompt.querySelector('button')!.click()
    expect(fire).toHaveBeenCalledTimes(1)
    stop()
  })
})
