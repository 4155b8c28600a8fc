/** Why the collector cannot start, in words for whoever runs it (a bad --config file, an unreachable database…). */
export class StartupError extends Error {
  /** The system error behind it, when there is one (`EADDRINUSE`: `npm start` then picks another port). */
  readonly code?: string

  constructor(message: string, options?: { cause?: unknown; code?: string }) {
    super(message, options)
    this.name = 'StartupError'
    if (options?.code) this.code = options.code
  }
}
