import type { Server } from 'node:http'

/** Starts the custom-collector example; see serve.mjs. */
export function serveCustomCollector(options?: { port?: number; receiverPort?: number }): Promise<{ url: string; receiver: string; server: Server; close(): Promise<unknown> }>
