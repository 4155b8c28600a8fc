// The shapes of the versions API, in a file of their own: the dashboard reads them too, and
// must not see the server's Node imports.
import type { SurveyConfig } from '@touchpoint/core'

/** A published config, as the versions API gives it. */
export interface ConfigVersion {
  version: number
  /** ISO 8601, UTC. */
  publishedAt: string
  /** `admin` (the config API), or `--config FILE` / `--seed-config FILE` (at start). */
  publishedBy: string
  note: string | null
  /** The version this one copies, when it was a rollback. */
  rollbackOf: number | null
  config: SurveyConfig
}

/** A version in the history list: everything but the config, with its survey ids. */
export type VersionSummary = Omit<ConfigVersion, 'config'> & { surveys: string[] }
