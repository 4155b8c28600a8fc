import { describe, expect, it } from 'vitest'
import { highlight } from '../../src/dashboard/highlight.js'

const marks = (text: string, words: string[]) => highlight(text, words).map((p) => (p.match ? `[${p.text}]` : p.text)).join('')

describe('highlight', () => {
  it.each([
    ['Crème brûlée was GREAT', ['creme', 'great'], '[Crème] brûlée was [GREAT]'],
    ['creme fraiche', ['CRÈME'], '[creme] fraiche'],
    ['Great, greater, greatest', ['great'], '[Great], [great]er, [great]est'],
    ['Ça marche', ['ca'], '[Ça] marche'],
    ['nothing here', ['pizza'], 'nothing here'],
    ['aaa', ['aa'], '[aaa]'],
    ['emoji 👍 ok', ['ok'], 'emoji 👍 [ok]'],
    ['', ['x'], ''],
    // As the collector folds: letters that are two, and full-width signs.
    ['Die Straße war schön, Æther naïve', ['strasse', 'aether', 'naive', 'schon'], 'Die [Straße] war [schön], [Æther] [naïve]'],
    ['100％ sure, ﬁne', ['%', 'fine'], '100[％] sure, [ﬁne]'],
    ['Łódź and Øresund', ['lodz', 'oresund'], '[Łódź] and [Øresund]'],
  ])('marks %j for %j', (text, words, expected) => {
    expect(marks(text, words)).toBe(expected)
  })
})
