import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Survey } from '@touchpoint/core'
import { createTouchpoint } from '../src/sdk.js'
import type { Touchpoint } from '../src/sdk.js'
import { freshIndexedDB, prompt, stubCollector, tick, until } from './helpers.js'

let tp: Touchpoint

// The first prompt of a file waits for the prompt modules to be transformed; do it up front so
// that "not shown within N ms" means what it says.
beforeAll(() => import('../src/show.js'))

beforeEach(() => {
  freshIndexedDB()
  stubCollector()
})

afterEach(() => {
  tp?.destroy()
  vi.useRealTimers()
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
  history.replaceState(null, '', '/')
})

/** A new page load: a fresh SDK instance on the same IndexedDB. */
async function load(surveys: Survey[]) {
  tp?.destroy()
  document.body.innerHTML = ''
  tp = createTouchpoint()
  const ready = new Promise((r) => tp.on('ready', r))
  tp.init({ collector: 'https://c.test/', surveys })
  await ready
  await tick(20)
}

/** Whether a prompt is on the page after `ms` (for "not shown": a prompt due would be there by then). */
const shown = async (ms = 60) => {
  await tick(ms)
  return prompt() !== null
}

/** Waits for a prompt to show, however slow the machine: true once it does. */
const appears = async () => (await until(() => prompt() !== null)) && true

describe('event triggers', () => {
  it('fire on the Nth occurrence, counted across page loads', async () => {
    const s: Survey = { id: 'third', type: 'nps', triggers: [{ on: 'event', event: 'order', count: 3 }] }
    await load([s])
    tp.track('order')
    tp.track('order')
    expect(await shown()).toBe(false)
    await load([s])
    tp.track('order')
    expect(await appears()).toBe(true)
  })

  it('count one occurrence once, however many surveys listen for the same event and filter', async () => {
    // Two surveys, one shared count: the first `order` is occurrence 1 for both, not 2.
    const a: Survey = { id: 'a', type: 'nps', triggers: [{ on: 'event', event: 'order', count: 2 }] }
    const b: Survey = { id: 'b', type: 'csat', triggers: [{ on: 'event', event: 'order', count: 2 }] }
    await load([a, b])
    tp.track('order')
    expect(await shown()).toBe(false)
    tp.track('order')
    expect(await appears()).toBe(true)
  })

  it('count only occurrences that pass the where filter', async () => {
    const s: Survey = { id: 'chat', type: 'ces', triggers: [{ on: 'event', event: 'chat_closed', where: { rating: { gte: 4 }, channel: ['web'] } }] }
    await load([s])
    tp.track('chat_closed', { rating: 2, channel: 'web' })
    tp.track('chat_closed', { rating: 5, channel: 'app' })
    tp.track('chat_closed')
    expect(await shown()).toBe(false)
    tp.track('chat_closed', { rating: 4, channel: 'web' })
    expect(await appears()).toBe(true)
  })
})

describe('visit triggers', () => {
  it('fire on the Nth visit, a visit ending after 30 minutes without activity', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const t0 = Date.UTC(2026, 10, 23, 9)
    const s: Survey = { id: 'third-visit', type: 'csat', triggers: [{ on: 'visit', count: 3 }] }
    vi.setSystemTime(t0)
    await load([s])
    vi.setSystemTime(t0 + 29 * 60e3)
    await load([s])
    expect(await shown()).toBe(false)
    vi.setSystemTime(t0 + 60 * 60e3)
    await load([s])
    expect(await shown()).toBe(false)
    vi.setSystemTime(t0 + 91 * 60e3)
    await load([s])
    expect(await appears()).toBe(true)
  })
})

describe('pageview triggers', () => {
  it('match URL rules, and SPA navigations count as page views', async () => {
    history.replaceState(null, '', '/home')
    await load([{ id: 'pricing', type: 'nps', triggers: [{ on: 'pageview', url: { startsWith: '/pricing', not: { contains: 'draft' } } }] }])
    expect(await shown()).toBe(false)
    history.pushState(null, '', '/pricing?draft=1')
    expect(await shown()).toBe(false)
    history.pushState(null, '', '/pricing')
    expect(await appears()).toBe(true)
  })

  it('fire on SPA navigations in a second instance too (createTouchpoint), not only in the first', async () => {
    history.replaceState(null, '', '/home')
    // The first instance watches navigations too, with a survey that never shows.
    await load([{ id: 'elsewhere', type: 'nps', triggers: [{ on: 'pageview', url: { contains: '/nowhere' } }] }])
    const second = createTouchpoint()
    try {
      await second.init({ collector: 'https://c.test/', surveys: [{ id: 'checkout', type: 'nps', triggers: [{ on: 'pageview', url: { contains: '/checkout' } }] }] })
      expect(await shown()).toBe(false)
      history.pushState(null, '', '/checkout')
      expect(await appears()).toBe(true)
      expect(document.querySelector('[data-touchpoint]')!.getAttribute('data-touchpoint')).toBe('checkout')
    } finally {
      second.destroy()
    }
  })

  it('are armed once when two navigations come in one task (pushState, then replaceState)', async () => {
    const add = vi.spyOn(window, 'addEventListener')
    const remove = vi.spyOn(window, 'removeEventListener')
    const scrolls = () => add.mock.calls.filter(([t]) => t === 'scroll').length - remove.mock.calls.filter(([t]) => t === 'scroll').length
    await load([{ id: 'read', type: 'csat', triggers: [{ on: 'scroll', percent: 90 }] }])
    expect(scrolls()).toBe(1)
    history.pushState(null, '', '/a')
    history.replaceState(null, '', '/b')
    await tick(50)
    expect(scrolls()).toBe(1)
  })

  it('also fire on popstate and hashchange', async () => {
    history.replaceState(null, '', '/docs')
    await load([{ id: 'faq', type: 'csat', triggers: [{ on: 'pageview', url: { endsWith: '#faq' } }] }])
    location.hash = 'faq'
    expect(await appears()).toBe(true)
  })
})

describe('delaySeconds', () => {
  const s: Survey = {
    id: 'later',
    type: 'nps',
    triggers: [{ on: 'event', event: 'go', delaySeconds: 0.15 }],
    audience: { attributes: { plan: 'pro' } },
  }

  it('waits before showing', async () => {
    await load([s])
    tp.identify(undefined, { plan: 'pro' })
    tp.track('go')
    expect(await shown(60)).toBe(false)
    expect(await appears()).toBe(true)
  })

  it('is cancelled when the visitor navigates away', async () => {
    await load([s])
    tp.identify(undefined, { plan: 'pro' })
    tp.track('go')
    await tick(30)
    history.pushState(null, '', '/elsewhere')
    expect(await shown(250)).toBe(false)
  })

  it('is cancelled when the audience stops matching', async () => {
    await load([s])
    tp.identify(undefined, { plan: 'pro' })
    tp.track('go')
    await tick(30)
    tp.identify(undefined, { plan: 'free' })
    expect(await shown(250)).toBe(false)
  })
})

describe('click triggers', () => {
  it('fire on elements added after init, and not on clicks inside the prompt', async () => {
    await load([{ id: 'help', type: 'csat', followUp: true, triggers: [{ on: 'click', selector: '.help button' }] }])
    const box = document.createElement('div')
    box.className = 'help'
    box.innerHTML = '<button><span>Need help?</span></button>'
    document.body.append(box)
    box.querySelector('span')!.click()
    const root = await until(prompt)
    root.querySelector<HTMLInputElement>('input[value="2"]')!.click()
    await until(() => root.querySelector('textarea'))
    expect(document.querySelectorAll('[data-touchpoint]')).toHaveLength(1)
  })
})

describe('one prompt at a time', () => {
  it('does not show a second survey while one is on screen', async () => {
    await load([
      { id: 'a', type: 'nps', triggers: [{ on: 'pageview' }] },
      { id: 'b', type: 'csat', triggers: [{ on: 'pageview' }] },
    ])
    await until(prompt)
    await tick(100)
    expect(document.querySelectorAll('[data-touchpoint]')).toHaveLength(1)
  })
})

describe('status and dates', () => {
  // Only Date is faked: the SDK's own timers and IndexedDB keep running.
  const clock = (iso: string) => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(Date.parse(iso))
  }

  it('show a survey from startsAt on, and not from endsAt on, decided on the device', async () => {
    const s: Survey = {
      id: 'december',
      type: 'nps',
      startsAt: '2026-12-01T09:00:00Z',
      endsAt: '2026-12-31T09:00:00+01:00',
      frequency: { recontactDays: 0 },
      triggers: [{ on: 'event', event: 'go' }],
    }
    clock('2026-12-01T08:59:59.000Z')
    await load([s])
    tp.track('go')
    expect(await shown()).toBe(false)
    clock('2026-12-01T09:00:00.000Z')
    tp.track('go')
    expect(await appears()).toBe(true)

    clock('2026-12-31T08:00:00.000Z') // endsAt, in UTC
    await load([s])
    tp.track('go')
    expect(await shown()).toBe(false)
  })

  it.each(['paused', 'draft'] as const)('never show a %s survey on its trigger, but show() and previews still do', async (status) => {
    const s: Survey = { id: 'held', type: 'nps', status, triggers: [{ on: 'pageview' }] }
    await load([s])
    expect(await shown()).toBe(false)
    await tp.show('held')
    expect(await appears()).toBe(true)
  })
})
