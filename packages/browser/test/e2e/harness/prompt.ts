import type { Page } from 'playwright-core'

/**
 * Closes the thank-you the prompt shows after Send, unless it has closed itself already (it
 * does after a few seconds): one step in the page, so that a slow test never waits on a Close
 * button that is gone. Resolves once no prompt is left.
 */
export async function closeThanks(page: Page): Promise<void> {
  await page
    .getByRole('dialog')
    .getByRole('button', { name: 'Close' })
    .evaluateAll((buttons) => buttons.forEach((b) => (b as HTMLElement).click()))
  await page.getByRole('dialog').waitFor({ state: 'detached' })
}
