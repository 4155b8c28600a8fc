import { expect, it } from 'vitest'
import { fromLocalInput, toLocalInput } from '../../../src/dashboard/studio/local-time.js'

// Holds in any time zone the tests run in: the box shows local time, and gives back the instant.
it.each(['2026-12-01T09:00:00.000Z', '2026-03-29T01:30:00.000Z', '2027-01-01T00:00:00.000Z'])('round-trips %s through a datetime-local box', (iso) => {
  const local = toLocalInput(iso)
  expect(local).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/)
  expect(fromLocalInput(local)).toBe(iso)
})

it('reads an empty or unreadable box as no time', () => {
  expect(fromLocalInput('')).toBeUndefined()
  expect(toLocalInput(undefined)).toBe('')
  expect(toLocalInput('soon')).toBe('')
})
