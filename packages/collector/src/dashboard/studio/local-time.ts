// The schedule is typed in the viewer's own time (a datetime-local box) and kept as an
// instant in UTC, which every visitor's device reads the same way.

const pad = (n: number) => String(n).padStart(2, '0')

/** An ISO instant as a datetime-local box shows it, in this browser's time zone: `2026-12-01T10:00`. */
export function toLocalInput(iso: string | undefined): string {
  const ms = iso ? Date.parse(iso) : NaN
  if (Number.isNaN(ms)) return ''
  const d = new Date(ms)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** What a datetime-local box holds, as an ISO instant in UTC (`2026-12-01T09:00:00.000Z`); `undefined` when empty. */
export function fromLocalInput(value: string): string | undefined {
  if (!value) return undefined
  const ms = new Date(value).getTime()
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString()
}

/** This browser's time zone, for the hint beside the boxes. */
export const localZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'your time zone'
