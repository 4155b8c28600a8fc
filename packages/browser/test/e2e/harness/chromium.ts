import { existsSync } from 'node:fs'
import { chromium } from 'playwright-core'
import type { Browser, LaunchOptions } from 'playwright-core'

/** Debian's Chromium, installed by the test command when missing. */
export const CHROMIUM = process.env.TOUCHPOINT_CHROMIUM ?? '/usr/bin/chromium'

// Headless on a closed network: without the background-networking flags Chromium keeps
// reaching for Google's services, and every attempt fails slowly.
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
]

/** Launches Chromium through playwright-core (no browser download: `executablePath`). */
export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: run "npm test", which installs it, or set TOUCHPOINT_CHROMIUM`)
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, ...options })
}
