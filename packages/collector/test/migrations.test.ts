import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AddressInfo, Socket } from 'node:net'
import { describe, expect, inject, it } from 'vitest'
import { migrate, MIGRATIONS, openPostgres, startCollector } from '@touchpoint/collector'
import type { Database } from '@touchpoint/collector'
import { envelope, response } from './fixtures.js'
import { post } from './harness/http.js'
import { openFromDump } from './harness/pglite-templates.js'
import { openTestDatabase, STORES } from './harness/stores.js'

const versions = MIGRATIONS.map((m) => m.version)

describe.each(STORES)('migrations on %s', (store) => {
  it('bring an empty database up to date, once', async () => {
    const { db, close } = await openTestDatabase(store, { migrated: false })
    try {
      expect(await migrate(db)).toEqual(versions)
      expect(await migrate(db)).toEqual([])
      const applied = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')
      expect(applied.map((r) => r.version)).toEqual(versions)
    } finally {
      await close()
    }
  })

  it('upgrade a database made by an older collector, keeping its answers', async () => {
    const { db, close } = await openTestDatabase(store, { migrated: false })
    try {
      const first = MIGRATIONS[0]!
      await db.transaction(async (q) => {
        await q('CREATE TABLE schema_migrations (version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())')
        await q(first.sql)
        await q('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [first.version, first.name])
        await q(`INSERT INTO responses (id, survey_id, type, scale_min, scale_max, score, touchpoint, answered_at, device)
                 VALUES (gen_random_uuid(), 's', 'nps', 0, 10, 9, 'checkout', now(), 'mobile')`)
      })
      expect(await migrate(db)).toEqual(versions.slice(1))
      expect(await db.query('SELECT count(*)::int AS n FROM responses')).toEqual([{ n: 1 }])
      // The daily counts start from the answers already there.
      expect(await db.query('SELECT touchpoint, score, n FROM answer_counts')).toEqual([{ touchpoint: 'checkout', score: 9, n: 1 }])
      // So do the counts per device, locale and context key.
      expect(await db.query('SELECT dimension, value, score, n FROM answer_dimensions')).toEqual([{ dimension: 'device', value: 'mobile', score: 9, n: 1 }])
      // No config is published by an upgrade: a --config file or the dashboard publishes one.
      expect(await db.query('SELECT count(*)::int AS n FROM config_versions')).toEqual([{ n: 0 }])
      const indexes = await db.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE tablename = 'responses' ORDER BY 1`)
      expect(indexes.map((r) => r.indexname)).toEqual([
        'responses_answered_at_id',
        'responses_comment_search',
        'responses_comments',
        'responses_comments_survey',
        'responses_comments_touchpoint',
        'responses_pkey',
        'responses_survey_answered_at_id',
        'responses_touchpoint_answered_at_id',
      ])
      expect(await indexesOf(db, 'answer_counts')).toEqual(['answer_counts_pkey', 'answer_counts_survey_day'])
    } finally {
      await close()
    }
  })

  it('index the daily counts by survey, on a database that has answers (7)', async () => {
    const { db, close } = await openTestDatabase(store, { migrated: false })
    try {
      // A database made by the collector before migration 7, with answers in it.
      await db.transaction(async (q) => {
        await q('CREATE TABLE schema_migrations (version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())')
        for (const m of MIGRATIONS.filter((m) => m.version < 7)) {
          await q(m.sql)
          await q('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name])
        }
        await q(`INSERT INTO responses (id, survey_id, type, scale_min, scale_max, score, touchpoint, answered_at)
                 SELECT gen_random_uuid(), 's' || (i % 50), 'nps', 0, 10, i % 11, 't' || (i % 7), now() - i * interval '1 hour'
                 FROM generate_series(1, 5000) i`)
      })
      expect(await indexesOf(db, 'answer_counts')).toEqual(['answer_counts_pkey'])
      expect(await migrate(db)).toEqual(versions.filter((v) => v >= 7))
      expect(await indexesOf(db, 'answer_counts')).toEqual(['answer_counts_pkey', 'answer_counts_survey_day'])
      const [index] = await db.query<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE indexname = 'answer_counts_survey_day'`)
      expect(index!.indexdef).toMatch(/ON public\.answer_counts USING btree \(survey_id, day\)$/)
      // What GET /v1/config sums for a survey with maxResponses (config-store.ts) takes the index
      // once the planner knows the table, without being pushed to.
      await db.query('ANALYZE answer_counts')
      const capped = 'SELECT survey_id, sum(n)::int AS n FROM answer_counts WHERE survey_id = ANY($1) GROUP BY survey_id'
      const plan = (await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${capped}`, [['s7']])).map((r) => r['QUERY PLAN']).join('\n')
      expect(plan).toMatch(/Index (Only )?Scan using answer_counts_survey_day|Bitmap Index Scan on answer_counts_survey_day/)
      expect(await db.query(capped, [['s7', 'none']])).toEqual([{ survey_id: 's7', n: 100 }])
    } finally {
      await close()
    }
  })
})

describe('a database that a newer collector has migrated', () => {
  const newest = Math.max(...versions)
  const refusal = `the database's schema is at version ${newest + 1}, and this collector knows versions up to ${newest} only: a newer collector has upgraded it. Upgrade this collector to that newer version`
  /** What a newer collector leaves: one more migration recorded (its tables are beside the point). */
  const migrateAhead = (db: Database) => db.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [newest + 1, 'from_the_future'])

  it.each(STORES)('is refused on %s, and left as it is', async (store) => {
    const { db, close } = await openTestDatabase(store)
    try {
      await migrateAhead(db)
      await expect(migrate(db)).rejects.toMatchObject({ name: 'StartupError', message: expect.stringContaining(refusal) })
      expect((await db.query<{ version: number }>('SELECT max(version) AS version FROM schema_migrations'))[0]!.version).toBe(newest + 1)
    } finally {
      await close()
    }
  })

  it('stops the start on PostgreSQL, in one line', async () => {
    const { db, url, close } = await openTestDatabase('postgres')
    try {
      await migrateAhead(db)
      const start = startCollector({ databaseUrl: url, port: 0, webhookWorker: false })
      await expect(start).rejects.toMatchObject({ name: 'StartupError', message: expect.stringMatching(new RegExp(`^${refusal.replace(/[.()]/g, '\\$&')}[^\n]*$`)) })
    } finally {
      await close()
    }
  })

  it('stops the start on an embedded data directory, and lets it go', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tp-newer-'))
    try {
      const db = await openFromDump(inject('pgDump'), dir)
      await migrateAhead(db)
      await db.close()
      const start = startCollector({ dataDir: dir, port: 0, webhookWorker: false })
      await expect(start).rejects.toMatchObject({ name: 'StartupError', message: expect.stringContaining(refusal) })
      // The directory is let go: a second start gets the same answer, not "already open in this process".
      await expect(startCollector({ dataDir: dir, port: 0, webhookWorker: false })).rejects.toMatchObject({ message: expect.stringContaining(refusal) })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

const indexesOf = async (db: Database, table: string) =>
  (await db.query<{ indexname: string }>('SELECT indexname FROM pg_indexes WHERE tablename = $1 ORDER BY 1', [table])).map((r) => r.indexname)

describe('several collectors on one PostgreSQL', () => {
  it('start together on an empty database: one migrates, all serve', async () => {
    const { db, url, close } = await openTestDatabase('postgres', { migrated: false })
    const collectors = await Promise.all([1, 2, 3].map(() => startCollector({ databaseUrl: url, port: 0, ratePerMinute: 0 })))
    try {
      const applied = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')
      expect(applied.map((r) => r.version)).toEqual(versions)
      const batch = envelope([response(), response()])
      const answers = await Promise.all(collectors.map(async (c) => (await post(c.url, batch)).json()))
      expect(answers.map((a) => a.accepted).sort()).toEqual([0, 0, 2])
      expect(await db.query('SELECT count(*)::int AS n FROM responses')).toEqual([{ n: 2 }])
    } finally {
      await Promise.all(collectors.map((c) => c.close()))
      await close()
    }
  })

  it('refuses to start, without the password, when the database cannot be reached', async () => {
    const start = startCollector({ databaseUrl: 'postgres://tp:hunter2@127.0.0.1:1/tp', port: 0 })
    await expect(start).rejects.toThrow(/^cannot connect to PostgreSQL at postgres:\/\/tp@127\.0\.0\.1:1\/tp: /)
  })

  it('leaves out a password given as a parameter of the connection string too', async () => {
    const start = startCollector({ databaseUrl: 'postgres://tp@127.0.0.1:1/tp?sslmode=disable&password=hunter2', port: 0 })
    const e: Error = await start.catch((e) => e)
    expect(e.message).toMatch(/^cannot connect to PostgreSQL at postgres:\/\/tp@127\.0\.0\.1:1\/tp\?sslmode=disable: /)
    expect(e.message).not.toContain('hunter2')
  })

  it('gives up on a server that takes the connection and never answers, and closes that connection', async () => {
    // A firewall or a proxy without its database: the connection is taken, nothing comes back.
    const sockets = new Set<Socket>()
    // It reads what it is sent (so that it sees the client hang up) and says nothing.
    const silent = createServer((s) => (sockets.add(s), s.resume(), s.on('close', () => sockets.delete(s))))
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r))
    try {
      const url = `postgres://tp:hunter2@127.0.0.1:${(silent.address() as AddressInfo).port}/tp`
      await expect(openPostgres(url, 1, 300)).rejects.toThrow(/^no answer within 0\.3 s$/)
      await expect.poll(() => sockets.size).toBe(0)
    } finally {
      await new Promise((r) => silent.close(r))
    }
  })
})
