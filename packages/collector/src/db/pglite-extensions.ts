import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { unaccent } from '@electric-sql/pglite/contrib/unaccent'

/**
 * The PostgreSQL extensions the schema uses (migration 6: comment search), as PGlite loads
 * them. Every `PGlite.create` of a collector database must pass them: the search index calls
 * their functions on every write of a comment.
 */
export const PGLITE_EXTENSIONS = { pg_trgm, unaccent }
