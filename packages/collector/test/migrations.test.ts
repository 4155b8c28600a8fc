import { describe, expect, it } from 'vitest'
import { migrate, MIGRATIONS, startCollector } from '@touchpoint/collector'
import { envelope, response } from './fixtures.js'
import { post } from './harness/http.js'
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
    } finally {
      await close()
    }
  })
})

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
})
