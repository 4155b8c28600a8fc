import { describe, expect, it } from 'vitest'
import { en, LANGUAGES, loadStrings } from '@touchpoint/widget'
import type { Strings } from '@touchpoint/widget'

/** Every text of a strings object, by path: `nps.labels.0`, `send`, … */
const texts = (s: Strings) => {
  const out: [string, string][] = []
  const walk = (v: unknown, path: string) => {
    if (typeof v === 'string') out.push([path, v])
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k)
  }
  walk(s, '')
  return out.filter(([p]) => p !== 'lang')
}

const all = await Promise.all(LANGUAGES.map((l) => loadStrings([l])))

describe.each(all.map((s) => [s.lang, s] as const))('%s', (lang, strings) => {
  it('has every text English has, and no other', () => {
    expect(texts(strings).map(([p]) => p)).toEqual(texts(en).map(([p]) => p))
  })

  it('has one label per point: 2 for NPS, 5 for CSAT, 7 and 5 for CES', () => {
    expect(strings.nps.labels).toHaveLength(2)
    expect(strings.csat.labels).toHaveLength(5)
    expect(strings.ces.labels7).toHaveLength(7)
    expect(strings.ces.labels5).toHaveLength(5)
  })

  it('keeps the agreement ends and middle of the 7-point CES scale on the 5-point one', () => {
    const [a, , , mid, , , z] = strings.ces.labels7
    expect([strings.ces.labels5[0], strings.ces.labels5[2], strings.ces.labels5[4]]).toEqual([a, mid, z])
  })

  it('has no empty, padded or untranslated text', () => {
    for (const [path, text] of texts(strings)) {
      expect(text.trim(), path).toBe(text)
      expect(text, path).not.toBe('')
      if (lang !== 'en') expect(text, path).not.toBe(texts(en).find(([p]) => p === path)![1])
    }
  })

  it('gives each follow-up its own wording', () => {
    expect(new Set(Object.values(strings.followUp)).size).toBe(5)
  })
})
