import { bucketOf, localeMatches, localize, scaleOf } from '@touchpoint/core'
import type { CsatStyle, Scale, Survey, SurveyType, Text } from '@touchpoint/core'
import type { Strings } from './strings.js'

/** One point of the scale: its score, and its accessible name ("9", "10 – Extremely likely"). */
export interface ScaleOption {
  value: number
  name: string
}

/** What a prompt shows, resolved from a survey and the strings of one language. */
export interface PromptModel {
  type: SurveyType
  style: CsatStyle
  scale: Scale
  question: string
  options: ScaleOption[]
  /** Labels under the lowest and the highest point. */
  ends: [string, string]
  /** The follow-up question for a score, or `null` when the survey has none. */
  followUp: ((score: number) => string) | null
}

/**
 * Resolves a survey's texts (its own, else the built-in ones of `strings`) and its scale.
 * A survey's own text is taken in the visitor's `locale` when the survey has it, else in the
 * language of `strings`: a visitor whose first language the prompts do not speak gets the
 * question in the same language as the buttons.
 * @example promptModel({ id: 'x', type: 'nps', triggers: [] }, en, 'en-US').options[9].name // '9'
 */
export function promptModel(survey: Survey, strings: Strings, locale: string): PromptModel {
  const { type } = survey
  const text = (t: Text) =>
    localize(t, typeof t === 'string' || Object.keys(t).some((k) => localeMatches(k, locale)) ? locale : strings.lang)
  const scale = scaleOf(type, survey.scale)
  const builtIn =
    type === 'nps' ? strings.nps.labels : type === 'csat' ? strings.csat.labels : scale.max === 5 ? strings.ces.labels5 : strings.ces.labels7
  const size = scale.max - scale.min + 1
  const min = survey.labels?.min ? text(survey.labels.min) : builtIn[0]!
  const max = survey.labels?.max ? text(survey.labels.max) : builtIn[builtIn.length - 1]!
  // Labels per point: built-in ones when there is one per point (CSAT, CES), else only the ends.
  const label = (i: number) => (i === 0 ? min : i === size - 1 ? max : builtIn.length === size ? builtIn[i] : '')
  const f = survey.followUp
  return {
    type,
    style: survey.style ?? 'numbers',
    scale,
    question: survey.question ? text(survey.question) : strings[type].question,
    // Not Array.from with a map function: Prototype.js (Magento 1 and other older sites)
    // replaces Array.from with one that ignores it.
    options: [...Array(size).keys()].map((i) => {
      const name = label(i)
      return { value: scale.min + i, name: name ? `${scale.min + i} – ${name}` : `${scale.min + i}` }
    }),
    ends: [min, max],
    followUp: !f ? null : f === true ? (score) => strings.followUp[bucketOf(type, score, scale)] : () => text(f),
  }
}
