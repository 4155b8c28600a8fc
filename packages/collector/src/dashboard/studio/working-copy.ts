import type { ConfigProblem, SurveyConfig } from '@touchpoint/core'
import type { Typed } from './draft-store.js'

/**
 * What the survey list and the survey editor both get from the studio: the working copy, the
 * published config beside it, and the changes they may ask for.
 */
export interface WorkingCopyProps {
  config: SurveyConfig
  /** The published config: what visitors get, to tell a survey's changes from it. */
  live: SurveyConfig
  /** Answers so far, by survey id. */
  answers: ReadonlyMap<string, number>
  problems: readonly ConfigProblem[]
  /**
   * Those of `problems` that are the form's own: rows kept beside the working copy that give a
   * key twice (a language, a comparison). The JSON holds the first of each and cannot hold the
   * later one, so a JSON view tells them apart from problems of its text.
   */
  formOnly: readonly ConfigProblem[]
  now: number
  /** `from`: the JSON view (`surveys[2]`) whose text, typed there, now parses into `config`. */
  onChange(config: SurveyConfig, from?: string): void
  /** JSON typed in a JSON view that does not parse yet, if any. */
  typed?: Typed
  /** Keeps text typed in the JSON view `at` over `value`, which does not parse yet. */
  onTyped(at: string, value: unknown, text: string): void
  onDuplicate(index: number): void
  onDelete(index: number): void
}

/** Survey `i` as the studio names it: its id, or `#3` while it has none. */
export const surveyName = (survey: { id?: unknown }, i: number) => (typeof survey.id === 'string' ? survey.id : `#${i + 1}`)

/** The checker's problems with survey `i` itself or any of its fields. */
export const surveyProblems = (problems: readonly ConfigProblem[], i: number) => problems.filter((p) => p.path === `surveys[${i}]` || p.path.startsWith(`surveys[${i}].`))

/** The text kept for the JSON view `at`, if it was typed over `value` as it is now. */
export const typedFor = (typed: Typed | undefined, at: string, value: unknown) => (typed?.at === at && typed.on === JSON.stringify(value) ? typed.text : undefined)
