const MiB = 1024 * 1024

/**
 * The collector's limits and their defaults (docs/collector.md, "Limits and hardening"). Each
 * can be changed at start; 0 turns a rate or a cap off, except `maxBodyBytes`.
 *
 * The defaults are far above what visitors send (the SDK posts batches of 20 answers, a few
 * KB, and beacons under 64 KiB) and far below what hurts one machine: at most 64 MiB of
 * bodies in memory (a few times that once parsed) and 10,000 connections (about 15 KB each)
 * come to well under 2 GiB.
 */
export const LIMITS = {
  /** Largest request body. */
  maxBodyBytes: MiB,
  /** Answer batches (POSTs) per client per minute. */
  ratePerMinute: 600,
  /** Answers per client per minute. */
  answersPerMinute: 6000,
  /** Request-body bytes per client per minute. */
  bytesPerMinute: 64 * MiB,
  /** Open connections in all. */
  maxConnections: 10_000,
  /** Open connections from one client address. */
  maxConnectionsPerClient: 256,
  /** Request-body bytes held in memory at once, in all. */
  maxBytesInFlight: 64 * MiB,
  /** Request-body bytes held in memory at once for one client. */
  maxBytesInFlightPerClient: 8 * MiB,
} as const

/** Deepest nesting of arrays and objects in a body: the envelope is 1, a record 3, its `visitor.attributes` 5. */
export const MAX_DEPTH = 32

/** Wrong admin tokens one client may try per minute; then it waits, whatever token it sends. */
export const AUTH_FAILURES_PER_MINUTE = 20
