import type { Server } from 'node:http'

export const received: Map<string, { key: string; survey: string; value: number; text: string }>
export const server: Server
