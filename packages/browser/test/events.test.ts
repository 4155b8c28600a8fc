// Prompt events (shown, dismissed) and answer context, through the real SDK: fake-indexeddb,
// happy-dom, a stand-in collector.
import { describe, expect, it } from 'vitest'
import type { Envelope } from '@touchpoint/core'
import type { InitOptions } from '../src/types.js'
import { answer, close, prompt, queued, tick, until, useSdk } from './helpers.js'

const survey = {
  id: 'checkout-nps',
  type: 'nps' as const,
  touchpoint: 'checkout',
  stage: 'purchase' as const,
  context: ['orderId', 'plan'],
  triggers: [{ on: 'event' as const, event: 'checkout_completed' }],
  frequency: { recontactDays: 0 },
}

const sdk = useSdk()

const start = (o: Partial<InitOptions> = {}) => {
  const ready = new Promise((r) => sdk.tp.on('ready', r))
  sdk.tp.init({ collector: 'https://c.test/', surveys: [survey], ...o })
  return ready
}

const bodies = () => sdk.collector.posts.map((p) => p.body as Envelope)
const sentEvents = () => bodies().flatMap((b) => b.events ?? [])
const sentAnswers = () => bodies().flatMap((b) => b.responses)

describe('prompt events', () => {
  it('queues "shown" with the prompt and "dismissed" on Close, and sends both at once', async () => {
    await start({ locale: 'it-IT' })
    sdk.tp.track('checkout_completed')
    await until(prompt)
    const shown = (await until(async () => ((await queued()).length === 1 ? queued() : undefined)))[0]![1]
    expect(shown).toMatchObject({ v: 4, attempts: 0, payload: { kind: 'shown' } })
    expect(sdk.collector.posts).toEqual([])
    await close()
    await until(() => sdk.collector.posts.length)
    expect(bodies()).toHaveLength(1)
    expect(bodies()[0]!.responses).toEqual([])
    const [s, d] = sentEvents()
    expect(s).toEqual({
      id: shown.id,
      kind: 'shown',
      surveyId: 'checkout-nps',
      type: 'nps',
      touchpoint: 'checkout',
      stage: 'purchase',
      locale: 'it-IT',
      trigger: 'event:checkout_completed',
      page: { url: `${location.origin}/`, path: '/' },
      visitor: { anonymousId: expect.any(String) },
      device: 'desktop',
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    })
    expect(d).toMatchObject({ kind: 'dismissed', surveyId: 'checkout-nps', trigger: 'event:checkout_completed' })
    expect(d!.id).not.toBe(s!.id)
    expect(await queued()).toEqual([])
  })

  it('never holds a score or a comment, and is not "dismissed" once a score is chosen', async () => {
    await start({ surveys: [{ ...survey, followUp: true }] })
    sdk.tp.track('checkout_completed')
    await answer(3, 'Slow and confusing')
    await until(() => sentAnswers().length)
    await close()
    await tick(30)
    await sdk.tp.flush()
    expect(sentEvents().map((e) => e.kind)).toEqual(['shown'])
    for (const e of sentEvents()) expect(Object.keys(e)).not.toEqual(expect.arrayContaining(['score']))
    expect(JSON.stringify(sentEvents())).not.toContain('Slow and confusing')
  })

  it('a shown, dismissed, shown, answered prompt: 2 shown, 1 dismissed, 1 answer', async () => {
    await start()
    sdk.tp.track('checkout_completed')
    await close()
    sdk.tp.track('checkout_completed', { orderId: 'A-1', plan: 'pro', email: 'x@y' })
    await answer(9)
    await until(() => sentAnswers().length)
    expect(sentEvents().map((e) => e.kind).sort()).toEqual(['dismissed', 'shown', 'shown'])
    expect(sentAnswers()).toHaveLength(1)
    expect(sentAnswers()[0]!.context).toEqual({ orderId: 'A-1', plan: 'pro' })
    expect(JSON.stringify(sdk.collector.posts.map((p) => p.body))).not.toContain('x@y')
  })

  it('are not queued with events: false; answers still are', async () => {
    await start({ events: false })
    sdk.tp.track('checkout_completed')
    await close()
    sdk.tp.track('checkout_completed')
    await answer(7)
    await until(() => sentAnswers().length)
    await tick(30)
    expect(sentEvents()).toEqual([])
    expect(bodies().every((b) => !('events' in b))).toBe(true)
  })

  it('are not queued in a preview', async () => {
    history.replaceState(null, '', '/?touchpoint_preview=checkout-nps')
    await start()
    await close()
    await tick(30)
    expect(await queued()).toEqual([])
    expect(sdk.collector.posts).toEqual([])
  })

  it('are not queued before consent, and are erased with the queue on "denied"', async () => {
    sdk.collector.status = 503
    await start({ requireConsent: true })
    sdk.tp.show('checkout-nps')
    await tick(30)
    expect(prompt()).toBeNull()
    expect(await queued()).toEqual([])
    await sdk.tp.consent('granted')
    sdk.tp.show('checkout-nps')
    await close()
    await until(async () => (await queued()).length === 2)
    sdk.tp.consent('denied')
    await until(async () => !(await queued()).length)
  })
})

describe('context', () => {
  it('carries the listed track() properties, then identify attributes, and nothing unlisted', async () => {
    await start({ user: { attributes: { plan: 'free', seats: 3, email: 'ada@example.com' } }, surveys: [{ ...survey, context: ['orderId', 'plan', 'seats'] }] })
    sdk.tp.track('checkout_completed', { orderId: 'A-1', seats: 5, email: 'x@y', total: 42 })
    await answer(10)
    await until(() => sentAnswers().length)
    expect(sentAnswers()[0]!.context).toEqual({ orderId: 'A-1', plan: 'free', seats: 5 })
  })

  it('is left out when the survey lists none, or no listed key has a value', async () => {
    await start({ surveys: [{ ...survey, context: undefined }, { ...survey, id: 'other', triggers: [{ on: 'event', event: 'other' }] }] })
    sdk.tp.track('checkout_completed', { orderId: 'A-1' })
    await answer(8)
    await until(() => sentAnswers().length)
    await close()
    sdk.tp.track('other', { email: 'x@y' })
    await answer(8)
    await until(() => sentAnswers().length === 2)
    for (const r of sentAnswers()) expect(r).not.toHaveProperty('context')
  })

  it('comes from show(id, { context })', async () => {
    await start({ user: { attributes: { plan: 'free' } } })
    sdk.tp.show('checkout-nps', { context: { orderId: 'B-2', plan: 'team', email: 'x@y' } })
    await answer(6)
    await until(() => sentAnswers().length)
    expect(sentAnswers()[0]).toMatchObject({ trigger: 'show', context: { orderId: 'B-2', plan: 'team' } })
  })

  it('is taken as the properties were when track() was called', async () => {
    await start({ surveys: [{ ...survey, triggers: [{ on: 'event', event: 'checkout_completed', delaySeconds: 0.05 }] }] })
    const props: Record<string, unknown> = { orderId: 'A-1' }
    sdk.tp.track('checkout_completed', props)
    props.orderId = 'changed'
    await answer(9)
    await until(() => sentAnswers().length)
    expect(sentAnswers()[0]!.context).toEqual({ orderId: 'A-1' })
  })
})
