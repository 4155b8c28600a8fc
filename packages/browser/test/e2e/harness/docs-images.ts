import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** Where the docs' pictures are. */
const IMAGES = fileURLToPath(new URL('../../../../../docs/images/', import.meta.url))

/**
 * Keeps a screenshot as docs/images/`name`, only when asked (`TOUCHPOINT_UPDATE_SCREENSHOTS=1`):
 * the tests take their pictures on every run, and a run on a machine with other fonts changes
 * no file.
 */
export function forDocs(name: string, png: Buffer): void {
  if (process.env.TOUCHPOINT_UPDATE_SCREENSHOTS) writeFileSync(IMAGES + name, png)
}
