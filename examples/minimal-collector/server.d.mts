import type { Server } from 'node:http'

/** The answers received, by id. */
export const seen: Map<string, { id: string; [field: string]: unknown }>
/** The collector; `server.listen(port)` starts it. */
export const server: Server
