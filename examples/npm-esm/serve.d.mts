import type { Server } from 'node:http'

/** Starts the npm-esm example; see serve.mjs. */
export function serveNpmEsm(options?: { port?: number; collector?: string }): Promise<{ url: string; server: Server; close(): Promise<void> }>
