import { validateConfig } from './validate.js'
import type { ValidateOptions } from './validate.js'

/** One problem of a config: where it is (`surveys[2].triggers[0].on`) and the checker's words. */
export interface ConfigProblem {
  /** A path from the config's root; `''` for the config as a whole. */
  path: string
  /** What is wrong, what is allowed and what was found, as `validateConfig` words it. */
  message: string
}

/** Deeper than any config needs (a condition's list sits 7 levels down), shallow enough for any stack. */
export const MAX_CONFIG_DEPTH = 32

// Every problem the checker words starts with the path of its field, then the rule.
const RULE = /^(.+?) (?:must|is|needs) /

/** Whether `value` nests objects or arrays more than `max` levels deep; iterative, so any depth is safe. */
function deeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]]
  while (stack.length) {
    const [v, depth] = stack.pop()!
    if (typeof v !== 'object' || v === null) continue
    if (depth >= max) return true
    for (const child of Object.values(v)) stack.push([child, depth + 1])
  }
  return false
}

/**
 * Every problem of a survey config, each with the path of its field: what an editor needs to
 * show each message beside its field, and what a collector answers when it refuses a config.
 * Empty when the config is valid. The messages are `validateConfig`'s.
 * @example configProblems({ surveys: [{ id: 'x', type: 'nsp', triggers: [{ on: 'exit_intent' }] }] })
 * // [{ path: 'surveys[0].type', message: 'type must be one of nps, csat, ces (got "nsp")' }]
 */
export function configProblems(input: unknown, options?: ValidateOptions): ConfigProblem[] {
  if (deeperThan(input, MAX_CONFIG_DEPTH)) return [{ path: '', message: `the config nests more than ${MAX_CONFIG_DEPTH} levels deep` }]
  const { config, errors } = validateConfig(input, options)
  // validateConfig returns the good surveys as they were given and one error per other survey,
  // in order: the surveys missing from its result are, in order, those the errors are about.
  const kept = new Set<unknown>(config.surveys)
  const surveys = (input as { surveys?: unknown })?.surveys
  const skipped = Array.isArray(surveys) ? surveys.flatMap((s, i) => (kept.has(s) ? [] : [i])) : []
  return errors.flatMap((e) => {
    const at = e.surveyId === undefined ? '' : `surveys[${skipped.shift()}].`
    return e.problems.map((message) => {
      const path = RULE.exec(message)?.[1] ?? ''
      return { path: /^surveys\[\d+\]$/.test(path) ? path : at + path, message }
    })
  })
}
