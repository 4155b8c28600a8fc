/** Why the collector cannot start, in words for whoever runs it (a bad --config file, an unreachable database…). */
export class StartupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'StartupError'
  }
}
