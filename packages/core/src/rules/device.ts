import type { Device } from '../types.js'

/**
 * Device class from a user agent: tablets first (iPad, Android without "Mobile", iPadOS that
 * calls itself a Mac but has touch), then phones, else desktop.
 */
export function deviceOf(userAgent: string, maxTouchPoints = 0): Device {
  if (/iPad|Tablet|Android(?!.*Mobi)/i.test(userAgent) || (/Macintosh/.test(userAgent) && maxTouchPoints > 1)) return 'tablet'
  return /Mobi|iPhone|Android/i.test(userAgent) ? 'mobile' : 'desktop'
}
