import type { Database } from './db/database.js'

/** The columns of `table` that are written (not generated), in order. */
async function writable(db: Database, table: string): Promise<string[]> {
  const rows = await db.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position`,
    [table],
  )
  return rows.map((r) => r.column_name)
}

/** Copies one table page by page by id; rows the target has are skipped. */
async function copyTable(
  from: Database,
  to: Database,
  table: 'responses' | 'events',
  pageSize: number,
  onProgress?: (copied: number, skipped: number) => void,
): Promise<{ copied: number; skipped: number }> {
  // The generated columns (the folded comment) are made again by the target.
  const columns = (await writable(to, table)).join(', ')
  let copied = 0
  let skipped = 0
  let after = '00000000-0000-0000-0000-000000000000'
  for (;;) {
    const rows = await from.query<{ id: string }>(`SELECT ${columns} FROM ${table} WHERE id > $1 ORDER BY id LIMIT ${pageSize}`, [after])
    if (!rows.length) break
    // One parameter for the page: the target parses the rows into its own columns by name. The
    // transaction says it is a copy, so that the webhooks' trigger leaves these answers out:
    // they were received (and sent to webhooks) where they come from, whenever that was.
    const inserted = await to.transaction(async (q) => {
      await q(`SET LOCAL touchpoint.copying = 'on'`)
      return q(
        `INSERT INTO ${table} (${columns}) SELECT ${columns} FROM json_populate_recordset(NULL::${table}, $1) ON CONFLICT (id) DO NOTHING RETURNING id`,
        [JSON.stringify(rows)],
      )
    })
    copied += inserted.length
    skipped += rows.length - inserted.length
    onProgress?.(copied, skipped)
    after = rows.at(-1)!.id
  }
  return { copied, skipped }
}

/**
 * Copies every stored answer, and every event (prompts shown and dismissed), from one collector
 * database to another, typically from the embedded store to PostgreSQL when a team outgrows one
 * machine. Pages through the source by id; records the target already has are skipped (deduped
 * by id, like ingest), so a copy that was interrupted can simply be run again. Both databases
 * must be migrated. The copied answers are not sent to the target's webhooks, however recent:
 * they are the source's. `copied` and `skipped` count answers; `events` counts the events.
 */
export async function copyAnswers(
  from: Database,
  to: Database,
  { pageSize = 2000, onProgress }: { pageSize?: number; onProgress?(copied: number, skipped: number): void } = {},
): Promise<{ copied: number; skipped: number; events: { copied: number; skipped: number } }> {
  const answers = await copyTable(from, to, 'responses', pageSize, onProgress)
  return { ...answers, events: await copyTable(from, to, 'events', pageSize) }
}
