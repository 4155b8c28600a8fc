/** What `benchCollector` measures; see bench.mjs. */
export interface CollectorBench {
  machine: { cpus: number; cpu?: string; node: string; postgres?: string }
  ingest: {
    batchSize: number
    batches: number
    concurrency: number
    pglite?: IngestFigures
    /** The embedded store with its directory in RAM (/dev/shm), where an fsync costs nothing: what the flushes cost. */
    pgliteRam?: IngestFigures
    postgres?: IngestFigures
  }
  /** 1 MB bodies nested half a million levels deep, on the embedded store (not with readsOnly). */
  hostile?: {
    /** In an unknown member of the envelope: refused once the limit is crossed, the rest unread. */
    envelope: HostileFigures
    /** In one record of a batch of 20: the whole body read, that record rejected, 19 stored. */
    record: HostileFigures
  }
  webhooks: {
    pglite?: WebhookFigures
    postgres?: WebhookFigures
  }
  reads: {
    rows: number
    runs: number
    pglite?: Record<string, ReadFigures>
    postgres?: Record<string, ReadFigures>
    pgliteSeedSeconds?: number
    postgresSeedSeconds?: number
  }
}

export interface HostileFigures {
  bytes: number
  /** Median round trip of 15, HTTP on loopback included. */
  medianMs: number
  msPerKB: number
}

export interface IngestFigures {
  responsesPerSecond: number
  batchesPerSecond: number
  batchP50Ms: number
  batchP95Ms: number
}

/** One active webhook: ingest with it off and on (medians of alternate rounds), and the worker's rate. */
export interface WebhookFigures {
  rounds: number
  surveys: number
  ingestOff: { responsesPerSecond: number; batchP50Ms: number }
  ingestOn: { responsesPerSecond: number; batchP50Ms: number }
  /** How much ingest throughput the outbox write costs, in percent. */
  outboxCostPercent: number
  deliveries: number
  /** Deliveries received per second by a local receiver that answers 204 at once. */
  deliveriesPerSecond: number
}

export interface ReadFigures {
  /** The request, e.g. `/v1/stats?groupBy=day&from=2026-09-06`. */
  path: string
  medianMs: number
  bestMs: number
}

/** Runs the collector benchmark (the collector must be built) and returns its figures. */
export function benchCollector(options?: {
  stores?: ('pglite' | 'postgres')[]
  rows?: number
  batches?: number
  size?: number
  concurrency?: number
  runs?: number
  /** An empty PostgreSQL database to use instead of a throwaway server. */
  databaseUrl?: string
  /** Only the reads over the seeded answers: no ingest, no webhooks. */
  readsOnly?: boolean
  log?: (message: string) => void
}): Promise<CollectorBench>

/** How the figures name a store: "embedded (PGlite)", "embedded (PGlite), directory in RAM", "PostgreSQL 15.18". */
export function storeName(store: 'pglite' | 'pgliteRam' | 'postgres', machine: CollectorBench['machine']): string
