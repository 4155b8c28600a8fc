import type { Database } from './db/database.js'

/**
 * Copies every stored answer from one collector database to another, typically from the
 * embedded store to PostgreSQL when a team outgrows one machine. Pages through the source by
 * id; answers the target already has are skipped (deduped by id, like ingest), so a copy that
 * was interrupted can simply be run again. Both databases must be migrated.
 */
export async function copyAnswers(
  from: Database,
  to: Database,
  { pageSize = 2000, onProgress }: { pageSize?: number; onProgress?(copied: number, skipped: number): void } = {},
): Promise<{ copied: number; skipped: number }> {
  let copied = 0
  let skipped = 0
  let after = '00000000-0000-0000-0000-000000000000'
  for (;;) {
    const rows = await from.query<{ id: string }>(`SELECT * FROM responses WHERE id > $1 ORDER BY id LIMIT ${pageSize}`, [after])
    if (!rows.length) break
    // One parameter for the page: the target parses the rows into its own columns by name.
    const inserted = await to.query(
      'INSERT INTO responses SELECT * FROM json_populate_recordset(NULL::responses, $1) ON CONFLICT (id) DO NOTHING RETURNING id',
      [JSON.stringify(rows)],
    )
    copied += inserted.length
    skipped += rows.length - inserted.length
    onProgress?.(copied, skipped)
    after = rows.at(-1)!.id
  }
  return { copied, skipped }
}
