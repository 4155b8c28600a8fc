import type { Bucket } from '@touchpoint/core'

/**
 * Everything the prompts say, in one language. Scale labels list one label per point, lowest
 * first; NPS names only its two ends.
 */
export interface Strings {
  /** BCP 47 language code of these strings, e.g. `it`. */
  lang: string
  /** Right-to-left script: the prompt is laid out mirrored. */
  rtl?: boolean
  nps: { question: string; labels: [string, string] }
  csat: { question: string; labels: [string, string, string, string, string] }
  /** The question is an agreement statement ("It was easy to …"). */
  ces: { question: string; labels7: string[]; labels5: string[] }
  followUp: Record<Bucket, string>
  send: string
  close: string
  thanks: string
  /** Prefix a screen reader hears when a prompt appears: "Survey: …". */
  survey: string
}
