/** What `benchCollector` measures; see bench.mjs. */
export interface CollectorBench {
  machine: { cpus: number; cpu?: string; node: string; postgres?: string }
  ingest: {
    batchSize: number
    batches: number
    concurrency: number
    pglite?: IngestFigures
    postgres?: IngestFigures
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

export interface IngestFigures {
  responsesPerSecond: number
  batchesPerSecond: number
  batchP50Ms: number
  batchP95Ms: number
}

export interface ReadFigures {
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
  log?: (message: string) => void
}): Promise<CollectorBench>

/** The reads the benchmark times, name → request path, for a given day (YYYY-MM-DD). */
export function reads(today: string): Record<string, string>
