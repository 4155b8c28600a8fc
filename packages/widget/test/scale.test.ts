import { afterEach, describe, expect, it } from 'vitest'
import { en, mount } from '@touchpoint/widget'
import type { Survey } from '@touchpoint/core'

const show = (patch: Partial<Survey> & Pick<Survey, 'type'>) => {
  const m = mount({ survey: { id: 's', triggers: [{ on: 'pageview' }], ...patch }, strings: en, locale: 'en', onAnswer() {}, onDismiss() {}, onError(e) { throw e } })
  return m.host.shadowRoot!
}
const flush = () => new Promise((r) => setTimeout(r, 0))

afterEach(() => {
  document.body.innerHTML = ''
})

describe('scale', () => {
  it.each([
    { type: 'nps' as const, shown: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10'] },
    { type: 'csat' as const, shown: ['1', '2', '3', '4', '5'] },
    { type: 'ces' as const, shown: ['1', '2', '3', '4', '5', '6', '7'] },
    { type: 'ces' as const, scale: 5 as const, shown: ['1', '2', '3', '4', '5'] },
  ])('draws $type as numbered radios of one group', ({ shown, ...patch }) => {
    const root = show(patch)
    const radios = [...root.querySelectorAll<HTMLInputElement>('[role=radiogroup] input[type=radio]')]
    expect(radios.map((r) => r.value)).toEqual(shown)
    expect(new Set(radios.map((r) => r.name))).toEqual(new Set(['score']))
    expect([...root.querySelectorAll('.o span')].map((s) => s.textContent)).toEqual(shown)
  })

  it('shows the end labels to the eye only, as the radio names already hold them', () => {
    const root = show({ type: 'ces' })
    const ends = root.querySelector('.ends')!
    expect(ends.getAttribute('aria-hidden')).toBe('true')
    expect(ends.textContent).toBe('Strongly disagreeStrongly agree')
    expect(root.querySelector('input[value="7"]')!.getAttribute('aria-label')).toBe('7 – Strongly agree')
    expect(root.querySelector('input[value="4"]')!.getAttribute('aria-label')).toBe('4 – Neither agree nor disagree')
  })

  it('lights the stars up to the chosen score', async () => {
    const root = show({ type: 'csat', style: 'stars' })
    const lit = () => [...root.querySelectorAll('.o')].map((o) => o.classList.contains('lit'))
    expect(root.querySelectorAll('.o svg')).toHaveLength(5)
    expect(lit()).toEqual([false, false, false, false, false])
    root.querySelector<HTMLInputElement>('input[value="3"]')!.click()
    await flush()
    expect(lit()).toEqual([true, true, true, false, false])
    root.querySelector<HTMLInputElement>('input[value="5"]')!.click()
    await flush()
    expect(lit()).toEqual([true, true, true, true, true])
  })

  it('draws five faces from a frown to a smile, without text', () => {
    const root = show({ type: 'csat', style: 'emoji' })
    const mouths = [...root.querySelectorAll('.o svg path')].map((p) => p.getAttribute('d')!)
    expect(new Set(mouths).size).toBe(5)
    // The mouth's middle control point sits above its corners for a frown, below for a smile.
    const curve = mouths.map((d) => {
      const [, corner, middle] = /M[\d.]+ (-?[\d.]+)Q16 (-?[\d.]+)/.exec(d)!
      return Number(middle) - Number(corner)
    })
    expect(curve).toEqual([...curve].sort((a, b) => a - b))
    expect(curve[0]).toBeLessThan(0)
    expect(curve[2]).toBe(0)
    expect(curve[4]).toBeGreaterThan(0)
    expect([...root.querySelectorAll('.o span')].map((s) => s.textContent)).toEqual(['', '', '', '', ''])
  })
})
