import type { UrlRule, UrlRules } from '../types.js'

type Test = 'equals' | 'contains' | 'startsWith' | 'endsWith' | 'matches'
const TESTS: Test[] = ['equals', 'contains', 'startsWith', 'endsWith', 'matches']

function passes(test: Test, expected: string, actual: string): boolean {
  return test === 'equals'
    ? actual === expected
    : test === 'contains'
      ? actual.includes(expected)
      : test === 'matches'
        ? new RegExp(expected).test(actual)
        : actual[test](expected)
}

/**
 * Whether a page matches URL rules. Each test passes when it holds for the path *or* the full
 * URL; all tests of a rule must pass (AND), any rule of a list (OR); `not` negates a nested rule.
 * @example matchUrl({ startsWith: '/checkout', not: { contains: 'step=1' } }, '/checkout', 'https://shop.test/checkout?step=2') // true
 */
export function matchUrl(rules: UrlRules, path: string, href: string): boolean {
  if (Array.isArray(rules)) return rules.some((r) => matchUrl(r, path, href))
  const rule: UrlRule = rules
  return (
    TESTS.every((t) => rule[t] === undefined || passes(t, rule[t]!, path) || passes(t, rule[t]!, href)) &&
    !(rule.not && matchUrl(rule.not, path, href))
  )
}
