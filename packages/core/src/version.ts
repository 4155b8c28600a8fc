/**
 * The version of this package, whose `validateConfig` the SDK's checker and the collector both
 * run: a collector says which version passed the config it serves, and the SDK takes its word
 * only for its own (a test keeps it equal to package.json's).
 */
export const VERSION = '0.1.0'

/**
 * The response header of a config a collector has checked: its value is the `VERSION` that
 * checked it. Cross-origin, the collector lists it in `Access-Control-Expose-Headers`.
 */
export const CHECKED_HEADER = 'Touchpoint-Config-Checked'
