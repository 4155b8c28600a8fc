/**
 * A survey config that cannot run as written. One error per survey, listing each problem as
 * `field path` + what is allowed + what was found, so that a product team can fix the JSON.
 */
export class ConfigError extends Error {
  override name = 'ConfigError'

  constructor(
    /** The survey that was skipped; unset when the problem is in the config as a whole. */
    readonly surveyId: string | undefined,
    /** One entry per problem, e.g. `triggers[0].on must be one of pageview, event (got "pagview")`. */
    readonly problems: string[],
  ) {
    super(`${surveyId === undefined ? 'config' : `survey "${surveyId}"`}: ${problems.join('; ')}`)
  }
}
