import { StartupError } from '../startup-error.js'
import type { Database } from './database.js'

/**
 * The dimension counts of the answers in `rows` (a table, or a trigger's transition table), in
 * the columns of answer_dimensions: one per answer and dimension it has, a device, a locale,
 * each key of its context (values as text: 42, true, pro).
 */
const dimensionsOf = (rows: string) => `
  SELECT d.dimension, (r.answered_at AT TIME ZONE 'UTC')::date AS day, r.survey_id, r.touchpoint, coalesce(r.stage, '') AS stage,
         r.type, r.scale_min, r.scale_max, r.score, d.value, count(*) AS n
  FROM ${rows} r CROSS JOIN LATERAL (
    SELECT 'device', r.device WHERE r.device IS NOT NULL
    UNION ALL SELECT 'locale', r.locale WHERE r.locale IS NOT NULL
    UNION ALL SELECT 'context.' || c.key, c.value
      FROM jsonb_each_text(CASE jsonb_typeof(r.context) WHEN 'object' THEN r.context END) c WHERE c.value IS NOT NULL
  ) d(dimension, value)
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10`

/**
 * Whether the answer `r` matches the filter of the webhook `w`, from migration 10 on: the outbox
 * trigger asks it as answers are stored, and `claimDeliveries` again as a delivery goes, since
 * the filter may have been changed in between (for one, to stop a receiver getting comments).
 * A later change to it is a new migration with a constant of its own: this one stays as it ran.
 * (Migrations 8 and 9 wrote the same test without `scale`.)
 */
export const MATCHES_FILTER = `(w.filter->>'survey' IS NULL OR w.filter->>'survey' = r.survey_id)
            AND (w.filter->>'touchpoint' IS NULL OR w.filter->>'touchpoint' = r.touchpoint)
            AND (w.filter->>'stage' IS NULL OR w.filter->>'stage' = r.stage)
            AND (w.filter->>'type' IS NULL OR w.filter->>'type' = r.type)
            AND (w.filter->'scores' IS NULL OR r.score BETWEEN (w.filter->'scores'->>0)::int AND (w.filter->'scores'->>1)::int)
            AND (w.filter->'scale' IS NULL OR (w.filter->>'scale')::int = r.scale_max)
            AND (w.filter->'withComment' IS NULL OR (w.filter->>'withComment')::boolean = (r.comment IS NOT NULL))`

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
    // The CSV export (oldest first) and the comments (newest first) page through answers by
    // (answered_at, id), with or without a survey or touchpoint filter: these indexes give
    // them in that order, either direction, and supersede the ones without id, which left
    // PostgreSQL sorting every answer of a touchpoint to find its latest ten comments. The
    // partial ones hold only answers with a comment, so that finding the latest comments
    // reads comments, however rare they are among the answers.
    sql: `
      CREATE INDEX responses_answered_at_id ON responses (answered_at, id);
      CREATE INDEX responses_survey_answered_at_id ON responses (survey_id, answered_at, id);
      CREATE INDEX responses_touchpoint_answered_at_id ON responses (touchpoint, answered_at, id);
      CREATE INDEX responses_comments ON responses (answered_at, id) WHERE comment IS NOT NULL;
      CREATE INDEX responses_comments_survey ON responses (survey_id, answered_at, id) WHERE comment IS NOT NULL;
      CREATE INDEX responses_comments_touchpoint ON responses (touchpoint, answered_at, id) WHERE comment IS NOT NULL;
      DROP INDEX responses_answered_at;
      DROP INDEX responses_survey;
      DROP INDEX responses_touchpoint;
    `,
  },
  {
    version: 3,
    name: 'answer_counts',
    // How many answers each score got, per UTC day, survey, touchpoint and stage: what the
    // stats read when they filter by whole days (the dashboard always does), so that their
    // cost follows days × touchpoints × scores rather than the number of answers. Statement
    // triggers keep it exact whatever changes the answers (ingest, a copy, an UPDATE or
    // DELETE by hand, TRUNCATE); only rows that were really inserted reach them, so a
    // duplicate never counts. Inserts upsert in key order, so that concurrent batches that
    // touch the same counts wait for each other instead of deadlocking. A stage-less answer counts
    // under stage '' (a NULL would defeat the primary key).
    sql: `
      CREATE TABLE answer_counts (
        day date NOT NULL,
        survey_id text NOT NULL,
        touchpoint text NOT NULL,
        stage text NOT NULL,
        type text NOT NULL,
        scale_min smallint NOT NULL,
        scale_max smallint NOT NULL,
        score smallint NOT NULL,
        n integer NOT NULL,
        PRIMARY KEY (day, survey_id, touchpoint, stage, type, scale_min, scale_max, score)
      );
      CREATE FUNCTION touchpoint_count_answers() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          TRUNCATE answer_counts;
          RETURN NULL;
        END IF;
        IF TG_OP IN ('DELETE', 'UPDATE') THEN
          UPDATE answer_counts c SET n = c.n - o.n
          FROM (SELECT (answered_at AT TIME ZONE 'UTC')::date AS day, survey_id, touchpoint, coalesce(stage, '') AS stage,
                       type, scale_min, scale_max, score, count(*) AS n
                FROM old_rows GROUP BY 1, 2, 3, 4, 5, 6, 7, 8) o
          WHERE (c.day, c.survey_id, c.touchpoint, c.stage, c.type, c.scale_min, c.scale_max, c.score)
              = (o.day, o.survey_id, o.touchpoint, o.stage, o.type, o.scale_min, o.scale_max, o.score);
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
          INSERT INTO answer_counts AS c
          SELECT (answered_at AT TIME ZONE 'UTC')::date, survey_id, touchpoint, coalesce(stage, ''),
                 type, scale_min, scale_max, score, count(*)
          FROM new_rows GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
          ON CONFLICT (day, survey_id, touchpoint, stage, type, scale_min, scale_max, score) DO UPDATE SET n = c.n + excluded.n;
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER answer_counts_insert AFTER INSERT ON responses
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION touchpoint_count_answers();
      CREATE TRIGGER answer_counts_update AFTER UPDATE ON responses
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION touchpoint_count_answers();
      CREATE TRIGGER answer_counts_delete AFTER DELETE ON responses
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION touchpoint_count_answers();
      CREATE TRIGGER answer_counts_truncate AFTER TRUNCATE ON responses
        FOR EACH STATEMENT EXECUTE FUNCTION touchpoint_count_answers();
      INSERT INTO answer_counts
      SELECT (answered_at AT TIME ZONE 'UTC')::date, survey_id, touchpoint, coalesce(stage, ''),
             type, scale_min, scale_max, score, count(*)
      FROM responses GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
    `,
  },
  {
    version: 4,
    name: 'config_versions',
    // Every survey config ever published, numbered and never changed: the latest one is
    // served, and any earlier one can be published again as a new version (a rollback). The
    // config is kept as the JSON text it was published as (json, not jsonb), so that what is
    // served and shown keeps its order of keys.
    sql: `
      CREATE TABLE config_versions (
        version integer PRIMARY KEY CHECK (version > 0),
        config json NOT NULL,
        published_at timestamptz NOT NULL DEFAULT now(),
        published_by text NOT NULL,
        note text,
        rollback_of integer REFERENCES config_versions (version)
      );
    `,
  },
  {
    version: 5,
    name: 'webhooks',
    // Webhooks, their outbox and their deliveries. A statement trigger on responses writes, per
    // webhook whose filter some of the new answers match, one outbox row listing those answers,
    // in the transaction that stores them: an answer acknowledged with 200 always has its
    // deliveries on disk, whatever code path inserted it, and only rows really inserted reach
    // the trigger, so a duplicate never sends twice. One small row per batch keeps that write
    // cheap; the worker turns outbox rows into one delivery per answer (webhooks/store.ts,
    // expandOutbox), each with the id it keeps on every attempt. Deliveries are ordered by seq
    // (answer order within a batch); a delivery "in line" holds back the later ones of its
    // webhook and survey until it ends (webhooks/worker.ts). A webhook takes the answers
    // received from its creation on, so a copy of old answers (--copy-from-data-dir) does not
    // replay them. The secret is kept as is: signing needs the key itself.
    // Deliveries are many, so their rows are kept cheap to write: their ids are time-ordered
    // UUIDs (version 7), which append to the primary key where random ones would touch a random
    // page each (several times the WAL on PostgreSQL), and they hold no foreign key (a check per
    // row): deleting a webhook deletes its deliveries itself (webhooks/store.ts).
    sql: `
      CREATE TABLE webhooks (
        id uuid PRIMARY KEY,
        url text NOT NULL,
        secret text NOT NULL,
        events text[] NOT NULL,
        filter jsonb NOT NULL DEFAULT '{}',
        format text NOT NULL CHECK (format IN ('json', 'slack')),
        enabled boolean NOT NULL DEFAULT true,
        disabled_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE webhook_outbox (
        seq bigserial PRIMARY KEY,
        webhook_id uuid NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
        response_ids uuid[] NOT NULL,
        survey_ids text[] NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE FUNCTION touchpoint_uuid7() RETURNS uuid LANGUAGE sql VOLATILE AS $$
        SELECT encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
          PLACING substring(int8send((extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3) FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid
      $$;
      CREATE TABLE webhook_deliveries (
        id uuid PRIMARY KEY DEFAULT touchpoint_uuid7(),
        seq bigserial NOT NULL,
        webhook_id uuid NOT NULL,
        event text NOT NULL,
        response_id uuid NOT NULL,
        survey_id text NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
        in_line boolean NOT NULL DEFAULT true,
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        lease_until timestamptz,
        lease_token uuid,
        last_attempt_at timestamptz,
        last_status smallint,
        last_error text,
        created_at timestamptz NOT NULL,
        finished_at timestamptz
      );
      CREATE INDEX webhook_deliveries_list ON webhook_deliveries (webhook_id, seq);
      CREATE INDEX webhook_deliveries_line ON webhook_deliveries (webhook_id, survey_id, seq) WHERE status = 'pending' AND in_line;
      CREATE INDEX webhook_deliveries_out_of_line ON webhook_deliveries (webhook_id, seq) WHERE status = 'pending' AND NOT in_line;
      CREATE INDEX webhook_deliveries_failed ON webhook_deliveries (webhook_id) WHERE status = 'failed';
      CREATE INDEX webhook_deliveries_finished ON webhook_deliveries (finished_at) WHERE finished_at IS NOT NULL;
      CREATE FUNCTION touchpoint_webhook_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO webhook_outbox (webhook_id, response_ids, survey_ids)
        SELECT w.id, array_agg(r.id ORDER BY r.answered_at, r.id), array_agg(r.survey_id ORDER BY r.answered_at, r.id)
        FROM new_rows r JOIN webhooks w ON w.enabled AND 'answer' = ANY (w.events) AND r.received_at >= w.created_at
          AND (w.filter->>'survey' IS NULL OR w.filter->>'survey' = r.survey_id)
          AND (w.filter->>'touchpoint' IS NULL OR w.filter->>'touchpoint' = r.touchpoint)
          AND (w.filter->>'stage' IS NULL OR w.filter->>'stage' = r.stage)
          AND (w.filter->>'type' IS NULL OR w.filter->>'type' = r.type)
          AND (w.filter->'scores' IS NULL OR r.score BETWEEN (w.filter->'scores'->>0)::int AND (w.filter->'scores'->>1)::int)
          AND (w.filter->'withComment' IS NULL OR (w.filter->>'withComment')::boolean = (r.comment IS NOT NULL))
        GROUP BY w.id ORDER BY w.id;
        RETURN NULL;
      END $$;
      CREATE TRIGGER webhook_outbox AFTER INSERT ON responses
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION touchpoint_webhook_outbox();
    `,
  },
  {
    version: 6,
    name: 'events_context_search',
    // Prompts shown and dismissed (events), the context an answer was given in, and comment search.
    //
    // events: one row per prompt shown or dismissed, deduped by id like answers. event_counts
    // counts them per UTC day, survey, touchpoint, stage, type, kind, device and locale ('' for
    // none), kept exact by statement triggers as answer_counts is: the response rate is read
    // from it, so its cost follows days. Devices and locales are few, so they can be part of
    // the key; the number of prompts per visitor (fatigue) reads the events themselves, by time.
    //
    // answer_dimensions: the answers' daily counts per score again, per device, locale and
    // context key (dimension 'device', 'locale' or 'context.<key>', and its value as text), so
    // that a breakdown or a filter on one of them also costs days, not answers. Only values an
    // answer has are counted: the answers without one are answer_counts minus these. A context
    // key with a value per answer (an order id) costs a row per answer here.
    //
    // Comment search: touchpoint_fold() is lower case without accents (unaccent's rules), and a
    // trigram index over the folded comments finds the ones that contain a word without reading
    // the others. The folded text is a stored column rather than an index expression: the
    // planner then has statistics for it (it can tell a rare word from a common one, and take
    // the index or walk the latest comments accordingly), and reading it costs no unaccent per
    // row. Adding it rewrites the table once. unaccent() is not immutable (its rules could be
    // edited): the wrapper names its dictionary and fixes its search_path, the usual way to
    // index it. Both extensions are trusted (a database owner may create them) and ship with
    // PostgreSQL and PGlite.
    sql: `
      CREATE EXTENSION IF NOT EXISTS pg_trgm;
      CREATE EXTENSION IF NOT EXISTS unaccent;
      CREATE FUNCTION touchpoint_fold(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        SET search_path FROM CURRENT AS $$ SELECT lower(unaccent('unaccent'::regdictionary, $1)) $$;
      ALTER TABLE responses ADD COLUMN comment_folded text GENERATED ALWAYS AS (touchpoint_fold(comment)) STORED;
      CREATE INDEX responses_comment_search ON responses USING gin (comment_folded gin_trgm_ops);
      ALTER TABLE responses ADD COLUMN context jsonb;

      CREATE TABLE events (
        id uuid PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('shown', 'dismissed')),
        survey_id text NOT NULL,
        type text NOT NULL CHECK (type IN ('nps', 'csat', 'ces')),
        touchpoint text NOT NULL,
        stage text,
        at timestamptz NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        trigger text,
        page_url text,
        page_path text,
        referrer text,
        anonymous_id text,
        user_id text,
        attributes jsonb,
        device text,
        locale text
      );
      CREATE INDEX events_at ON events (at);
      CREATE INDEX events_visitor ON events (anonymous_id, at) WHERE anonymous_id IS NOT NULL;

      CREATE TABLE event_counts (
        day date NOT NULL,
        survey_id text NOT NULL,
        touchpoint text NOT NULL,
        stage text NOT NULL,
        type text NOT NULL,
        kind text NOT NULL,
        device text NOT NULL,
        locale text NOT NULL,
        n integer NOT NULL,
        PRIMARY KEY (day, survey_id, touchpoint, stage, type, kind, device, locale)
      );
      CREATE FUNCTION touchpoint_count_events() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          TRUNCATE event_counts;
          RETURN NULL;
        END IF;
        IF TG_OP IN ('DELETE', 'UPDATE') THEN
          UPDATE event_counts c SET n = c.n - o.n
          FROM (SELECT (at AT TIME ZONE 'UTC')::date AS day, survey_id, touchpoint, coalesce(stage, '') AS stage, type, kind,
                       coalesce(device, '') AS device, coalesce(locale, '') AS locale, count(*) AS n
                FROM old_rows GROUP BY 1, 2, 3, 4, 5, 6, 7, 8) o
          WHERE (c.day, c.survey_id, c.touchpoint, c.stage, c.type, c.kind, c.device, c.locale)
              = (o.day, o.survey_id, o.touchpoint, o.stage, o.type, o.kind, o.device, o.locale);
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
          INSERT INTO event_counts AS c
          SELECT (at AT TIME ZONE 'UTC')::date, survey_id, touchpoint, coalesce(stage, ''), type, kind,
                 coalesce(device, ''), coalesce(locale, ''), count(*)
          FROM new_rows GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
          ON CONFLICT (day, survey_id, touchpoint, stage, type, kind, device, locale) DO UPDATE SET n = c.n + excluded.n;
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER event_counts_insert AFTER INSERT ON events
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION touchpoint_count_events();
      CREATE TRIGGER event_counts_update AFTER UPDATE ON events
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION touchpoint_count_events();
      CREATE TRIGGER event_counts_delete AFTER DELETE ON events
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION touchpoint_count_events();
      CREATE TRIGGER event_counts_truncate AFTER TRUNCATE ON events
        FOR EACH STATEMENT EXECUTE FUNCTION touchpoint_count_events();

      CREATE TABLE answer_dimensions (
        dimension text NOT NULL,
        day date NOT NULL,
        survey_id text NOT NULL,
        touchpoint text NOT NULL,
        stage text NOT NULL,
        type text NOT NULL,
        scale_min smallint NOT NULL,
        scale_max smallint NOT NULL,
        score smallint NOT NULL,
        value text NOT NULL,
        n integer NOT NULL,
        PRIMARY KEY (dimension, day, survey_id, touchpoint, stage, type, scale_min, scale_max, score, value)
      );
      CREATE FUNCTION touchpoint_count_dimensions() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          TRUNCATE answer_dimensions;
          RETURN NULL;
        END IF;
        IF TG_OP IN ('DELETE', 'UPDATE') THEN
          UPDATE answer_dimensions c SET n = c.n - o.n
          FROM (${dimensionsOf('old_rows')}) o
          WHERE (c.dimension, c.day, c.survey_id, c.touchpoint, c.stage, c.type, c.scale_min, c.scale_max, c.score, c.value)
              = (o.dimension, o.day, o.survey_id, o.touchpoint, o.stage, o.type, o.scale_min, o.scale_max, o.score, o.value);
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
          INSERT INTO answer_dimensions AS c
          ${dimensionsOf('new_rows')} ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
          ON CONFLICT (dimension, day, survey_id, touchpoint, stage, type, scale_min, scale_max, score, value) DO UPDATE SET n = c.n + excluded.n;
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER answer_dimensions_insert AFTER INSERT ON responses
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION touchpoint_count_dimensions();
      CREATE TRIGGER answer_dimensions_update AFTER UPDATE ON responses
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION touchpoint_count_dimensions();
      CREATE TRIGGER answer_dimensions_delete AFTER DELETE ON responses
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION touchpoint_count_dimensions();
      CREATE TRIGGER answer_dimensions_truncate AFTER TRUNCATE ON responses
        FOR EACH STATEMENT EXECUTE FUNCTION touchpoint_count_dimensions();
      INSERT INTO answer_dimensions ${dimensionsOf('responses')};
    `,
  },
  {
    version: 7,
    name: 'answer_counts_survey',
    // The daily counts by survey. Their primary key starts with the day, so a query by survey
    // alone read the whole table: GET /v1/config, which anyone may ask for as often as they
    // like, sums a capped survey's answers (maxResponses), and anyone may add days and
    // touchpoints to the table by sending answers. With the day second, the stats of one
    // survey over a period read that survey's days too. The table is small next to the
    // answers (a row per day, survey, touchpoint, stage and score), so building the index
    // holds up ingest for moments, once.
    sql: `
      CREATE INDEX answer_counts_survey_day ON answer_counts (survey_id, day);
    `,
  },
  {
    version: 8,
    name: 'webhook_outbox_locks_webhooks',
    // The outbox trigger of migration 5 read the webhooks, then let the outbox's foreign key
    // check them: when a webhook was being deleted meanwhile, that check waited for the delete,
    // then failed the whole insert of answers (SQLSTATE 23503, a data error). Ingest then stores
    // the answers one by one, and should another deletion be under way by then, the answers it
    // matches were rejected, and the SDK drops rejected answers. Now the trigger takes the
    // webhooks it writes for with FOR KEY SHARE first, in id order: a webhook deleted meanwhile
    // is skipped (its answers need no delivery), one deleted later waits for the answers'
    // transaction, and its delete takes their outbox row with it. Only the webhooks some new
    // answer matches are locked, as the foreign key did.
    sql: `
      CREATE OR REPLACE FUNCTION touchpoint_webhook_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        WITH matched AS (
          SELECT w.id AS webhook_id, r.id, r.survey_id, r.answered_at
          FROM new_rows r JOIN webhooks w ON w.enabled AND 'answer' = ANY (w.events) AND r.received_at >= w.created_at
            AND (w.filter->>'survey' IS NULL OR w.filter->>'survey' = r.survey_id)
            AND (w.filter->>'touchpoint' IS NULL OR w.filter->>'touchpoint' = r.touchpoint)
            AND (w.filter->>'stage' IS NULL OR w.filter->>'stage' = r.stage)
            AND (w.filter->>'type' IS NULL OR w.filter->>'type' = r.type)
            AND (w.filter->'scores' IS NULL OR r.score BETWEEN (w.filter->'scores'->>0)::int AND (w.filter->'scores'->>1)::int)
            AND (w.filter->'withComment' IS NULL OR (w.filter->>'withComment')::boolean = (r.comment IS NOT NULL))
        ),
        locked AS (
          SELECT id FROM webhooks WHERE id IN (SELECT webhook_id FROM matched) ORDER BY id FOR KEY SHARE
        )
        INSERT INTO webhook_outbox (webhook_id, response_ids, survey_ids)
        SELECT m.webhook_id, array_agg(m.id ORDER BY m.answered_at, m.id), array_agg(m.survey_id ORDER BY m.answered_at, m.id)
        FROM matched m JOIN locked l ON l.id = m.webhook_id
        GROUP BY m.webhook_id ORDER BY m.webhook_id;
        RETURN NULL;
      END $$;
    `,
  },
  {
    version: 9,
    name: 'webhook_outbox_skips_copies',
    // Answers copied in from another database (--copy-from-data-dir, copyAnswers) must not go to
    // the webhooks: they were received, and sent, where they came from. The trigger told them
    // apart by time alone (received_at, which a copy keeps, against the webhook's creation), so
    // answers received by the embedded store after a webhook was made in PostgreSQL were sent
    // when copied. A copy now marks its own transactions (SET LOCAL touchpoint.copying = 'on',
    // which lasts until that transaction ends and needs no privilege), and the trigger writes
    // nothing for them. Otherwise the function is migration 8's.
    sql: `
      CREATE OR REPLACE FUNCTION touchpoint_webhook_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF current_setting('touchpoint.copying', true) = 'on' THEN
          RETURN NULL;
        END IF;
        WITH matched AS (
          SELECT w.id AS webhook_id, r.id, r.survey_id, r.answered_at
          FROM new_rows r JOIN webhooks w ON w.enabled AND 'answer' = ANY (w.events) AND r.received_at >= w.created_at
            AND (w.filter->>'survey' IS NULL OR w.filter->>'survey' = r.survey_id)
            AND (w.filter->>'touchpoint' IS NULL OR w.filter->>'touchpoint' = r.touchpoint)
            AND (w.filter->>'stage' IS NULL OR w.filter->>'stage' = r.stage)
            AND (w.filter->>'type' IS NULL OR w.filter->>'type' = r.type)
            AND (w.filter->'scores' IS NULL OR r.score BETWEEN (w.filter->'scores'->>0)::int AND (w.filter->'scores'->>1)::int)
            AND (w.filter->'withComment' IS NULL OR (w.filter->>'withComment')::boolean = (r.comment IS NOT NULL))
        ),
        locked AS (
          SELECT id FROM webhooks WHERE id IN (SELECT webhook_id FROM matched) ORDER BY id FOR KEY SHARE
        )
        INSERT INTO webhook_outbox (webhook_id, response_ids, survey_ids)
        SELECT m.webhook_id, array_agg(m.id ORDER BY m.answered_at, m.id), array_agg(m.survey_id ORDER BY m.answered_at, m.id)
        FROM matched m JOIN locked l ON l.id = m.webhook_id
        GROUP BY m.webhook_id ORDER BY m.webhook_id;
        RETURN NULL;
      END $$;
    `,
  },
  {
    version: 10,
    name: 'webhook_filter_scale',
    // A CES filter's score range was read on every CES answer alike, though CES runs on 5 or 7
    // points: a "hard effort" alert for 1–4 fired on a 4 of 5, which is "agree", easy. A filter
    // now names its CES scale (filter.scale, required with scores from now on), and takes the
    // answers on that scale alone. A filter without one, made before, is read as it was.
    // Otherwise the function is migration 9's.
    sql: `
      CREATE OR REPLACE FUNCTION touchpoint_webhook_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF current_setting('touchpoint.copying', true) = 'on' THEN
          RETURN NULL;
        END IF;
        WITH matched AS (
          SELECT w.id AS webhook_id, r.id, r.survey_id, r.answered_at
          FROM new_rows r JOIN webhooks w ON w.enabled AND 'answer' = ANY (w.events) AND r.received_at >= w.created_at AND ${MATCHES_FILTER}
        ),
        locked AS (
          SELECT id FROM webhooks WHERE id IN (SELECT webhook_id FROM matched) ORDER BY id FOR KEY SHARE
        )
        INSERT INTO webhook_outbox (webhook_id, response_ids, survey_ids)
        SELECT m.webhook_id, array_agg(m.id ORDER BY m.answered_at, m.id), array_agg(m.survey_id ORDER BY m.answered_at, m.id)
        FROM matched m JOIN locked l ON l.id = m.webhook_id
        GROUP BY m.webhook_id ORDER BY m.webhook_id;
        RETURN NULL;
      END $$;
    `,
  },
]

// Any fixed number: collectors sharing one PostgreSQL take this lock so that one of them migrates.
const LOCK = 7_406_202

/**
 * Brings the schema up to date; safe when several collectors start at once on one database.
 * A schema that a newer collector has migrated past the last migration this one knows is
 * refused with a `StartupError`: this collector's queries were written for an older schema.
 */
export async function migrate(db: Database): Promise<number[]> {
  return db.transaction(async (q) => {
    await q('SELECT pg_advisory_xact_lock($1)', [LOCK])
    await q('CREATE TABLE IF NOT EXISTS schema_migrations (version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())')
    const done = new Set((await q<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => r.version))
    const newest = Math.max(...MIGRATIONS.map((m) => m.version))
    const schema = Math.max(0, ...done)
    if (schema > newest) {
      throw new StartupError(
        `the database's schema is at version ${schema}, and this collector knows versions up to ${newest} only: a newer collector has upgraded it. ` +
          'Upgrade this collector to that newer version (a collector does not run on a schema newer than its own)',
      )
    }
    const applied: number[] = []
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue
      await q(m.sql)
      await q('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name])
      applied.push(m.version)
    }
    return applied
  }, { unbounded: true })
}
