import type { Server } from 'node:http'

/** Serves folders under URL prefixes, filling %NAME% in HTML from `vars`; see serve.mjs. */
export function serveStatic(options: {
  mounts: Record<string, string>
  vars?: Record<string, string>
  port?: number
  host?: string
}): Promise<{ url: string; server: Server; close(): Promise<void> }>
