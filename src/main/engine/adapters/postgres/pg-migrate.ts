import type { PgPool } from './pg-pool';
import { inTransaction } from './pg-pool';
import { PG_MIGRATIONS, PG_SCHEMA_VERSION } from './pg-migrations';

export class PgSchemaTooNewError extends Error {
  constructor(found: number) {
    super(
      `the database was migrated by a newer DecisionOS (schema ${found}; this build knows up to ${PG_SCHEMA_VERSION}). ` +
        'Upgrade DecisionOS, or point DATABASE_URL at another database. Nothing was changed.',
    );
    this.name = 'PgSchemaTooNewError';
  }
}

export class PgSchemaBehindError extends Error {
  constructor(found: number) {
    super(
      `the database is at schema ${found} and this build needs ${PG_SCHEMA_VERSION}: run \`decisionos migrate\` first ` +
        '(with the same DATABASE_URL). Serving and working never migrate, so that one deliberate step changes the schema.',
    );
    this.name = 'PgSchemaBehindError';
  }
}

/** Serialises migrations across processes (two `decisionos migrate` at once): an arbitrary, fixed advisory lock key. */
const MIGRATION_LOCK = 7_301_905_611;

/** The version a database is at: 0 when it has never been migrated. */
export async function pgSchemaVersion(pool: PgPool): Promise<number> {
  const { rows } = await pool.query<{ version: number | null }>(`
    SELECT CASE WHEN to_regclass('schema_migrations') IS NULL THEN 0 END AS version`);
  if (rows[0]?.version === 0) return 0;
  const found = await pool.query<{ version: number | null }>('SELECT max(version) AS version FROM schema_migrations');
  return found.rows[0]?.version ?? 0;
}

/**
 * Applies the missing migrations, each in its own transaction with its row in schema_migrations. A database from a
 * newer build is refused before anything is written. Returns the versions applied.
 */
export async function migratePostgres(pool: PgPool, now: () => number = Date.now): Promise<number[]> {
  return inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`
      CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL)`);
    const { rows } = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM schema_migrations');
    const current = rows[0]?.version ?? 0;
    if (current > PG_SCHEMA_VERSION) throw new PgSchemaTooNewError(current);
    const applied: number[] = [];
    for (let version = current + 1; version <= PG_SCHEMA_VERSION; version += 1) {
      await client.query(PG_MIGRATIONS[version - 1] as string);
      await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, to_timestamp($2 / 1000.0))', [version, now()]);
      applied.push(version);
    }
    return applied;
  });
}

/** For `serve` and `worker`: the schema must be exactly this build's; they never migrate on their own. */
export async function requireCurrentPgSchema(pool: PgPool): Promise<void> {
  const found = await pgSchemaVersion(pool);
  if (found > PG_SCHEMA_VERSION) throw new PgSchemaTooNewError(found);
  if (found < PG_SCHEMA_VERSION) throw new PgSchemaBehindError(found);
}
