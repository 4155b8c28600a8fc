import type { Database } from './database.js'

/**
 * Schema migrations, in order; each runs once, in a transaction. Never edit a released one:
 * add the next. The same SQL runs on PGlite and on PostgreSQL.
 */
export const MIGRATIONS: { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'responses',
    sql: `
      CREATE TABLE responses (
        id uuid PRIMARY KEY,
        survey_id text NOT NULL,
        type text NOT NULL CHECK (type IN ('nps', 'csat', 'ces')),
        scale_min smallint NOT NULL,
        scale_max smallint NOT NULL,
        score smallint NOT NULL CHECK (score BETWEEN scale_min AND scale_max),
        comment text,
        touchpoint text NOT NULL,
        stage text,
        answered_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        locale text,
        trigger text,
        page_url text,
        page_path text,
        referrer text,
        anonymous_id text,
        user_id text,
        attributes jsonb,
        device text
      );
      CREATE INDEX responses_answered_at ON responses (answered_at);
      CREATE INDEX responses_survey ON responses (survey_id, answered_at);
      CREATE INDEX responses_touchpoint ON responses (touchpoint, answered_at);
    `,
  },
  {
    version: 2,
    name: 'answered_at_id',
    // Comments (newest first) and the CSV export (oldest first) page through answers by
    // (answered_at, id): one index serves both directions and supersedes the answered_at one.
    sql: `
      CREATE INDEX responses_answered_at_id ON responses (answered_at, id);
      DROP INDEX responses_answered_at;
    `,
  },
]

// Any fixed number: collectors sharing one PostgreSQL take this lock so that one of them migrates.
const LOCK = 7_406_202

/** Brings the schema up to date; safe when several collectors start at once on one database. */
export async function migrate(db: Database): Promise<number[]> {
  return db.transaction(async (q) => {
    await q('SELECT pg_advisory_xact_lock($1)', [LOCK])
    await q('CREATE TABLE IF NOT EXISTS schema_migrations (version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())')
    const done = new Set((await q<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => r.version))
    const applied: number[] = []
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue
      await q(m.sql)
      await q('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name])
      applied.push(m.version)
    }
    return applied
  })
}
