import type { UrlRule, UrlRules } from '@touchpoint/core'

/** The tests a URL rule can make, in the order the form offers them. */
export const URL_TESTS = ['startsWith', 'contains', 'endsWith', 'equals', 'matches'] as const
export type UrlTest = (typeof URL_TESTS)[number]

/** One line of a rule: the page address (path or full URL) passes `test` with `value`, or with `negate`, does not. */
export interface UrlLine {
  test: UrlTest
  negate: boolean
  value: string
}

/** All lines must hold; the rules of a list: any of them. */
export type UrlLines = UrlLine[]

const single = (r: unknown): [UrlTest, string] | undefined => {
  if (typeof r !== 'object' || r === null || Array.isArray(r)) return
  const keys = Object.keys(r)
  const k = keys[0] as UrlTest
  return keys.length === 1 && URL_TESTS.includes(k) && typeof (r as Record<string, unknown>)[k] === 'string' ? [k, (r as Record<string, string>)[k]!] : undefined
}

/**
 * URL rules as the form edits them: a list of rules (any may hold), each a list of lines (all
 * must hold). `null` when the rules nest deeper than the form shows (a `not` of several tests
 * at once, a `not` inside a `not`): the JSON tab edits those.
 */
export function urlLines(rules: UrlRules | undefined): UrlLines[] | null {
  if (rules === undefined) return []
  const list = Array.isArray(rules) ? rules : [rules]
  const out: UrlLines[] = []
  for (const rule of list) {
    if (typeof rule !== 'object' || rule === null || Array.isArray(rule)) return null
    const lines: UrlLine[] = []
    for (const [k, v] of Object.entries(rule)) {
      if (k === 'not') {
        const negated = (Array.isArray(v) ? v : [v]).map(single)
        if (negated.some((n) => !n)) return null
        for (const [test, value] of negated as [UrlTest, string][]) lines.push({ test, negate: true, value })
      } else if (URL_TESTS.includes(k as UrlTest) && typeof v === 'string') lines.push({ test: k as UrlTest, negate: false, value: v })
      else return null
    }
    out.push(lines)
  }
  return out
}

/**
 * The URL rules the form's lines make: nothing for no rule, one rule, or a list. Lines that
 * do not hold go under `not` (one, or a list: none of them may hold).
 */
export function linesRules(rules: readonly UrlLines[]): UrlRules | undefined {
  const made = rules.map((lines) => {
    const rule: UrlRule = {}
    const not: UrlRule[] = []
    for (const l of lines) {
      if (l.negate) not.push({ [l.test]: l.value })
      else rule[l.test] = l.value
    }
    if (not.length) rule.not = not.length === 1 ? not[0] : not
    return rule
  })
  return made.length === 0 ? undefined : made.length === 1 ? made[0] : made
}

/** A URL rule in plain words: `starts with /checkout and does not contain step=1`; rules joined by "or". */
export function describeUrl(rules: UrlRules | undefined): string {
  const lines = urlLines(rules)
  if (!lines) return JSON.stringify(rules)
  if (!lines.length) return 'any page'
  return lines.map((ls) => ls.map(describeLine).join(' and ') || 'any page').join(', or ')
}

const WORDS: Record<UrlTest, [string, string]> = {
  startsWith: ['starts with', 'does not start with'],
  contains: ['contains', 'does not contain'],
  endsWith: ['ends with', 'does not end with'],
  equals: ['is', 'is not'],
  matches: ['matches', 'does not match'],
}

const describeLine = (l: UrlLine) => `${WORDS[l.test][l.negate ? 1 : 0]} \`${l.value}\``
