import { PGlite } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { unaccent } from '@electric-sql/pglite/contrib/unaccent'
const db = await PGlite.create({ extensions: { pg_trgm, unaccent } })
await db.exec(`CREATE EXTENSION IF NOT EXISTS pg_trgm; CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE FUNCTION touchpoint_fold(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT SET search_path FROM CURRENT AS $$ SELECT lower(unaccent('unaccent'::regdictionary, $1)) $$;
CREATE TABLE t (c text); CREATE INDEX ON t USING gin (touchpoint_fold(c) gin_trgm_ops);`)
console.log((await db.query(`SELECT touchpoint_fold('Très ÉLÉGANT Straße Ærø') AS f`)).rows)
const d = await db.dumpDataDir()
const db2 = await PGlite.create({ loadDataDir: d, extensions: { pg_trgm, unaccent } })
console.log((await db2.query(`SELECT touchpoint_fold('Çà') AS f`)).rows)
