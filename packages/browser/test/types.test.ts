// Pins the public types: checked by `tsc -p .ci/tsconfig.json` in the test command (a wrong
// overload, or a @ts-expect-error that stops erroring, fails the type check).
import { describe, expectTypeOf, it } from 'vitest'
import type { EventMap, InitOptions, TouchpointFunction } from '@touchpoint/browser'
import { init, on, track } from '@touchpoint/browser'

declare const touchpoint: TouchpointFunction

describe('types', () => {
  it('type-checks the global function, one overload per command', () => {
    // Never called: only the type checker runs this body.
    const calls = () => {
    expectTypeOf(touchpoint('init', { collector: 'https://c.test', surveys: [] })).toEqualTypeOf<Promise<void>>()
    expectTypeOf(touchpoint('track', 'checkout_completed', { total: 3 })).toEqualTypeOf<Promise<void>>()
    touchpoint('identify', 'u-1', { plan: 'pro' })
    touchpoint('identify', null)
    touchpoint('consent', 'granted')
    touchpoint('on', 'answered', (e) => expectTypeOf(e.score).toEqualTypeOf<number>())
    touchpoint('on', 'dropped', (e) => expectTypeOf(e.reason).toEqualTypeOf<string>())
    touchpoint('flush')
    touchpoint('show', 'checkout-nps')
    touchpoint('show', 'checkout-nps', { context: { orderId: 'A-1', items: 3 } })
    touchpoint('init', { collector: '/c', events: false })
    // @ts-expect-error show's context is an object of values
    touchpoint('show', 'checkout-nps', { context: 'A-1' })
    // @ts-expect-error events is on or off
    touchpoint('init', { collector: '/c', events: 'off' })
    // @ts-expect-error a survey's context lists key names
    touchpoint('init', { collector: '/c', surveys: [{ id: 'x', type: 'nps', triggers: [{ on: 'exit_intent' }], context: 'orderId' }] })
    // @ts-expect-error init needs options
    touchpoint('init')
    // @ts-expect-error a collector is required
    touchpoint('init', { surveys: [] })
    // @ts-expect-error no such theme
    touchpoint('init', { collector: '/c', theme: 'drak' })
    // @ts-expect-error no such command
    touchpoint('trak', 'x')
    // @ts-expect-error consent takes granted or denied
    touchpoint('consent', 'yes')
    // @ts-expect-error no such event
    touchpoint('on', 'answred', () => {})
    // @ts-expect-error a survey needs triggers
    touchpoint('init', { collector: '/c', surveys: [{ id: 'x', type: 'nps' }] })
    }
    expectTypeOf(calls).toBeFunction()
  })

  it('type-checks the ESM exports', () => {
    expectTypeOf(init).parameter(0).toEqualTypeOf<InitOptions>()
    expectTypeOf(track).toBeCallableWith('x')
    const calls = () => {
      on('shown', (e) => expectTypeOf(e).toEqualTypeOf<EventMap['shown']>())
      // @ts-expect-error trigger kinds are checked
      init({ collector: '/c', surveys: [{ id: 'x', type: 'nps', triggers: [{ on: 'pagview' }] }] })
    }
    expectTypeOf(calls).toBeFunction()
  })
})
