import type { Server } from 'node:http'

export const seen: Map<string, unknown>
export const server: Server
