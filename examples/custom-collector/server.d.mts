import type { Server } from 'node:http'

/** What arrived, by answer id. */
export const received: Map<string, { key: string; survey: string; value: number; text: string }>
/** The endpoint; `server.listen(port)` starts it. */
export const server: Server
