import { readdirSync } from 'node:fs'
import { join } from 'node:path'

/** Files under `dir` whose name matches `name`, installed packages and build output left out. */
export function filesUnder(dir: string, name: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name)
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'dist' ? [] : filesUnder(path, name)
    return name.test(e.name) ? [path] : []
  })
}
