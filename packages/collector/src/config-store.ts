import { createHash } from 'node:crypto'
import { configProblems, surveyState } from '@touchpoint/core'
import type { SurveyConfig } from '@touchpoint/core'
import type { ConfigVersion, VersionSummary } from './config-version.js'
import type { Database, Query } from './db/database.js'

export type { ConfigVersion, VersionSummary }

/** What a publish did: the version now latest, and whether this call made it. */
export interface Published {
  version: number
  /** `false` when the config was already the latest version (nothing was written). */
  created: boolean
}

/** The config served at `GET /v1/config`: its body and strong ETag, from one version. */
export interface Served {
  version: number
  body: string
  etag: string
  /**
   * Whether the SDK may take this body without checking it again: the checks it would run find
   * nothing, and no survey has a click trigger (whether a CSS selector parses only a browser
   * can tell). `GET /v1/config` says so in a header.
   */
  checked: boolean
}

/** Whether `config` passes every check of the SDK's, as `Served.checked` says. */
export const checkedForSdk = (config: SurveyConfig): boolean =>
  !configProblems(config).length && !config.surveys.some((s) => s.triggers.some((t) => t.on === 'click'))

/** Someone published meanwhile: the version a publish expected is no longer the latest. */
export class VersionConflict extends Error {
  constructor(readonly latest: VersionSummary | undefined) {
    super(latest ? `version ${latest.version} is the latest now` : 'there is no published version')
    this.name = 'VersionConflict'
  }
}

// Any fixed number (migrations use another): publishes take it so that versions are numbered
// one after the other, and "if it is still version N" holds until the new one is written,
// across collectors on one PostgreSQL.
const PUBLISH_LOCK = 7_406_203

const SUMMARY = `version, published_at, published_by, note, rollback_of,
  (SELECT coalesce(json_agg(s ->> 'id'), '[]'::json) FROM json_array_elements(config -> 'surveys') s) AS surveys`

interface Row {
  version: number
  published_at: Date | string
  published_by: string
  note: string | null
  rollback_of: number | null
  surveys?: string[]
  config?: SurveyConfig
}

const summary = (r: Row): VersionSummary => ({
  version: r.version,
  publishedAt: new Date(r.published_at).toISOString(),
  publishedBy: r.published_by,
  note: r.note,
  rollbackOf: r.rollback_of,
  surveys: (r.surveys ?? []).filter((id) => typeof id === 'string'),
})

/**
 * A config's `$schema` as `GET /v1/config` serves it. A path (`../touchpoint.schema.json`)
 * pointed at the schema beside the file it was written in: read from the collector, it would
 * point nowhere. It becomes `config/schema`, which leads from `…/v1/config` to this collector's
 * schema, behind a proxy that adds a path prefix too. An http(s) URL is kept.
 */
const servedSchema = (s: unknown) => (typeof s !== 'string' || /^https?:\/\//i.test(s) ? s : 'config/schema')

/** JSON text, for the database and for comparing configs: the same config always gives the same text. */
const text = (config: unknown) => JSON.stringify(config)

const latestSummary = async (q: Query) => {
  const [row] = await q<Row>(`SELECT ${SUMMARY} FROM config_versions ORDER BY version DESC LIMIT 1`)
  return row && summary(row)
}

/** Options of one publish. */
export interface PublishOptions {
  by: string
  note?: string
  rollbackOf?: number
  /** From `If-Match`: publish only while the latest version is one of these (`'*'`: while there is one); else `VersionConflict`. */
  ifMatch?: number[] | '*'
  /** From `If-None-Match: *`: publish only while no version exists (a first publish); else `VersionConflict`. */
  ifNone?: boolean
  /** Only when the database holds no version yet (a seed); otherwise nothing is written. */
  onlyIfEmpty?: boolean
}

/**
 * Versioned survey configs in the database: publish, read, list, and the config to serve now
 * (the latest version without the surveys that are not running: paused, draft, outside their
 * dates, or with `maxResponses` answers stored).
 */
export function configStore(db: Database) {
  // Versions never change: a collector keeps the latest one it read, and what it served from it.
  // Keyed by number and time of publishing: a number alone could come back after rows were
  // deleted by hand.
  let cached: { key: string; config: SurveyConfig; served: Map<string, Served> } | undefined

  return {
    /**
     * Publishes `config` (already validated) as a new version, unless it is the latest one
     * already (same JSON text), which is left as it is.
     */
    async publish(config: SurveyConfig, o: PublishOptions): Promise<Published> {
      return db.transaction(async (q) => {
        await q('SELECT pg_advisory_xact_lock($1)', [PUBLISH_LOCK])
        const [latest] = await q<{ version: number; text: string }>('SELECT version, config::text AS text FROM config_versions ORDER BY version DESC LIMIT 1')
        if (o.ifMatch && !(latest && (o.ifMatch === '*' || o.ifMatch.includes(latest.version)))) throw new VersionConflict(await latestSummary(q))
        if (o.ifNone && latest) throw new VersionConflict(await latestSummary(q))
        if (latest && (o.onlyIfEmpty || latest.text === text(config))) return { version: latest.version, created: false }
        const version = (latest?.version ?? 0) + 1
        await q('INSERT INTO config_versions (version, config, published_by, note, rollback_of) VALUES ($1, $2, $3, $4, $5)', [
          version,
          text(config),
          o.by,
          o.note || null,
          o.rollbackOf ?? null,
        ])
        return { version, created: true }
      })
    },

    /** Version `n`, or the latest with `'latest'`; `undefined` when there is no such version. */
    async read(n: number | 'latest'): Promise<ConfigVersion | undefined> {
      const [row] = await db.query<Row>(
        `SELECT ${SUMMARY}, config FROM config_versions ${n === 'latest' ? 'ORDER BY version DESC LIMIT 1' : 'WHERE version = $1'}`,
        n === 'latest' ? [] : [n],
      )
      return row && { ...summary(row), config: row.config as SurveyConfig }
    },

    /** Versions, newest first: at most `limit`, older than `before` when given. */
    async list({ limit, before }: { limit: number; before?: number }): Promise<VersionSummary[]> {
      const rows = await db.query<Row>(
        `SELECT ${SUMMARY} FROM config_versions ${before ? 'WHERE version < $2' : ''} ORDER BY version DESC LIMIT $1`,
        before ? [limit, before] : [limit],
      )
      return rows.map(summary)
    },

    /** The summary of the latest version, if any. */
    latest: () => latestSummary(db.query),

    /**
     * What `GET /v1/config` serves at `now`: the latest version without the surveys that are
     * not running. A change of version, or a survey that starts, ends or reaches its cap,
     * changes the body and so the ETag.
     */
    async served(now: number): Promise<Served | undefined> {
      const [latest] = await db.query<{ v: number; at: string }>('SELECT version AS v, published_at::text AS at FROM config_versions ORDER BY version DESC LIMIT 1')
      if (!latest) return
      const v = latest.v
      if (cached?.key !== `${v} ${latest.at}`) {
        const [row] = await db.query<{ config: SurveyConfig }>('SELECT config FROM config_versions WHERE version = $1', [v])
        if (!row) return // deleted in between, by hand
        cached = { key: `${v} ${latest.at}`, config: row.config, served: new Map() }
      }
      const { config, served } = cached
      // Answers are counted only for the surveys whose cap can still decide (live by status and dates).
      const capped = config.surveys.filter((s) => s.maxResponses !== undefined && surveyState(s, now) === 'live').map((s) => s.id)
      const counts = new Map<string, number>()
      if (capped.length) {
        const rows = await db.query<{ survey_id: string; n: number }>(
          'SELECT survey_id, sum(n)::int AS n FROM answer_counts WHERE survey_id = ANY($1) GROUP BY survey_id',
          [capped],
        )
        for (const r of rows) counts.set(r.survey_id, r.n)
      }
      const live = config.surveys.filter((s) => surveyState(s, now, counts.get(s.id)) === 'live')
      const key = live.map((s) => config.surveys.indexOf(s)).join(',')
      let out = served.get(key)
      if (!out) {
        const what: SurveyConfig & { $schema?: unknown } = { ...config, surveys: live }
        if ('$schema' in config) what.$schema = servedSchema((config as { $schema?: unknown }).$schema)
        const body = text(what)
        // Checked again as served, by this collector's rules: a version may have been published
        // under an older collector's.
        out = { version: v, body, etag: `"v${v}-${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`, checked: checkedForSdk(what) }
        if (served.size > 100) served.clear()
        served.set(key, out)
      }
      return out
    },
  }
}

export type ConfigStore = ReturnType<typeof configStore>
