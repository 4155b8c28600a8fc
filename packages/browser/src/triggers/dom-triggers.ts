import type { ClickTrigger, DwellTrigger, IdleTrigger, ScrollTrigger, Trigger } from '@touchpoint/core'
import { listen } from '../listen.js'
import { visibleTimer } from './visible-timer.js'

/** Starts watching the page for one trigger; `fire` may be called any number of times. Returns the cleanup. */
type Arm<T extends Trigger> = (t: T, fire: () => void) => () => void

const INPUT = ['pointermove', 'pointerdown', 'keydown', 'wheel', 'touchstart', 'scroll']

/**
 * Triggers that watch the page itself. All but `click` fire once per page view; the SDK
 * re-arms them after an SPA navigation.
 */
export const DOM_TRIGGERS: { [K in Trigger['on']]?: Arm<Extract<Trigger, { on: K }>> } = {
  // One listener on the document (capture, so the page's stopPropagation cannot hide the
  // click): elements added after init count too, and so do elements inside a web component's
  // open shadow root and the component itself. Clicks inside a Touchpoint prompt do not.
  click: (t: ClickTrigger, fire) =>
    listen(
      document,
      'click',
      (e: Event) => {
        // Elements only: the shadow roots, the document and the window on the path have neither method.
        const path = e.composedPath() as Partial<Element>[]
        if (!path.some((el) => el.hasAttribute?.('data-touchpoint')) && path.some((el) => el.matches?.(t.selector))) fire()
      },
      { capture: true },
    ),

  // The pointer leaving the page through the top edge: towards the tabs, the address bar, the
  // close button. Only armed on desktop (see sdk.ts), where a pointer exists to leave.
  exit_intent: (_, fire) => {
    const stop = listen(document, 'mouseout', (e: MouseEvent) => {
      // In a frame, leaving through its top edge is moving onto the page around it: no exit.
      if (!e.relatedTarget && e.clientY <= 0 && self == top) {
        stop()
        fire()
      }
    })
    return stop
  },

  // Evaluated on scroll events only, and not at the very top: a page too short to scroll never
  // fires, even when an SPA's router puts the scroll back to the top after a navigation. Half a
  // percent of slack, because fractional zoom can leave the bottom a sub-pixel short of 100%.
  scroll: (t: ScrollTrigger, fire) => {
    const stop = listen(
      window,
      'scroll',
      () => {
        const seen = ((scrollY + innerHeight) / document.documentElement.scrollHeight) * 100
        if (scrollY && seen >= t.percent - 0.5) {
          stop()
          fire()
        }
      },
      { passive: true },
    )
    return stop
  },

  dwell: (t: DwellTrigger, fire) => visibleTimer(t.seconds * 1000, fire).stop,

  idle: (t: IdleTrigger, fire) => {
    const timer = visibleTimer(t.seconds * 1000, () => {
      off.forEach((f) => f())
      fire()
    })
    const off = INPUT.map((type) => listen(window, type, timer.restart, { capture: true, passive: true }))
    return () => {
      timer.stop()
      off.forEach((f) => f())
    }
  },
}
