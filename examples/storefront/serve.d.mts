import type { Server } from 'node:http'

/** Starts the storefront; see serve.mjs. */
export function serveStorefront(options?: {
  port?: number
  host?: string
  collector?: string
  sdkDir?: string
}): Promise<{ url: string; server: Server; close(): Promise<void> }>
