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

/**
 * Shows the NPS survey `surveyId` on a page that lists its `answered` ids in `window.seen.answered`,
 * answers `score`, closes the thanks; resolves with the answer's id once it is in the queue.
 * `whileShown` runs with the prompt on screen (e.g. going offline).
 */
export async function answerNps(page: Page, surveyId: string, score: number, whileShown?: () => Promise<void>): Promise<string> {
  const before = await page.evaluate(() => (window as any).seen.answered.length)
  await page.evaluate((id) => touchpoint('show', id), surveyId)
  const dialog = page.getByRole('dialog', { name: 'How likely are you to recommend us to a friend or colleague?' })
  await dialog.waitFor()
  await whileShown?.()
  await dialog.getByRole('radio', { name: new RegExp(`^${score}\\b`) }).check()
  await dialog.getByRole('button', { name: 'Send' }).click()
  await page.waitForFunction((b) => (window as any).seen.answered.length > b, before)
  await closeThanks(page)
  return page.evaluate(() => (window as any).seen.answered.at(-1))
}

declare const touchpoint: (...args: unknown[]) => unknown
