import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PGlite } from '@electric-sql/pglite'
import { migrate, MIGRATIONS, openPglite } from '@touchpoint/collector'
import { PGLITE_EXTENSIONS } from '../../src/db/pglite-extensions.js'

const pkg = fileURLToPath(new URL('../../', import.meta.url))
const cache = join(pkg, 'node_modules/.cache/touchpoint-collector')

/**
 * Embedded databases to start from, empty and migrated, as dumps that load into memory (no
 * 40 MB directory to copy per test file). Creating a database runs initdb in WebAssembly
 * (about 5 s), so they are kept between runs under node_modules/.cache, named after what makes
 * them: the PGlite version and the migrations. A change to either makes new ones.
 */
export async function pgliteTemplates(): Promise<{ dump: string; emptyDump: string }> {
  const version = JSON.parse(readFileSync(join(pkg, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')).version
  const key = createHash('sha256').update(JSON.stringify([version, MIGRATIONS])).digest('hex').slice(0, 16)
  const dir = join(cache, `pglite-${key}`)
  const out = { dump: join(dir, 'migrated.tar'), emptyDump: join(dir, 'empty.tar') }
  if (Object.values(out).every(existsSync)) return out
  mkdirSync(cache, { recursive: true })
  const fresh = mkdtempSync(join(cache, 'tmp-'))
  const dump = async (pg: PGlite, file: string) => writeFileSync(join(fresh, file), Buffer.from(await (await pg.dumpDataDir('none')).arrayBuffer()))
  const data = join(fresh, 'data')
  const empty = await PGlite.create(data)
  await dump(empty, 'empty.tar')
  await empty.close()
  const db = await openPglite(data)
  await migrate(db)
  await db.close()
  const migrated = await PGlite.create({ dataDir: data, extensions: PGLITE_EXTENSIONS })
  await dump(migrated, 'migrated.tar')
  await migrated.close()
  rmSync(data, { recursive: true, force: true })
  for (const old of readdirSync(cache)) if (old.startsWith('pglite-')) rmSync(join(cache, old), { recursive: true, force: true })
  // Renamed into place when complete: a run that dies halfway leaves no half-made template.
  // Another run may have got there first; its templates are as good.
  try {
    renameSync(fresh, dir)
  } catch {
    rmSync(fresh, { recursive: true, force: true })
  }
  return out
}


/** Opens an embedded database from a template dump: in memory, or written to `dataDir`. */
export async function openFromDump(dump: string, dataDir?: string) {
  const { pgliteDatabase } = await import('../../src/db/pglite.js')
  return pgliteDatabase(await PGlite.create({ dataDir, loadDataDir: new Blob([readFileSync(dump)]), extensions: PGLITE_EXTENSIONS }))
}
