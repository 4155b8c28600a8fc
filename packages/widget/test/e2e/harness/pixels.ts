import type { Browser } from 'playwright-core'

/**
 * How many pixels of two same-sized PNGs differ by more than `tolerance` (0–255) in any
 * channel. Decoded by a blank page of `browser` (canvas), so no image library is needed.
 */
export async function pixelsApart(browser: Browser, a: Buffer, b: Buffer, tolerance: number): Promise<number> {
  const page = await browser.newPage()
  try {
    return await page.evaluate(
      async ([a, b, tolerance]) => {
        const load = (data: string) =>
          new Promise<ImageBitmap>((resolve, reject) => {
            const img = new Image()
            img.onload = () => resolve(createImageBitmap(img))
            img.onerror = reject
            img.src = `data:image/png;base64,${data}`
          })
        const [x, y] = await Promise.all([load(a as string), load(b as string)])
        if (x.width !== y.width || x.height !== y.height) return Infinity
        const pixels = (img: ImageBitmap) => {
          const c = new OffscreenCanvas(img.width, img.height).getContext('2d')!
          c.drawImage(img, 0, 0)
          return c.getImageData(0, 0, img.width, img.height).data
        }
        const [p, q] = [pixels(x), pixels(y)]
        let apart = 0
        for (let i = 0; i < p.length; i += 4) {
          if (Math.max(Math.abs(p[i]! - q[i]!), Math.abs(p[i + 1]! - q[i + 1]!), Math.abs(p[i + 2]! - q[i + 2]!)) > (tolerance as number)) apart++
        }
        return apart
      },
      [a.toString('base64'), b.toString('base64'), tolerance] as const,
    )
  } finally {
    await page.close()
  }
}
