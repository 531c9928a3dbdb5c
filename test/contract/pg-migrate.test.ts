import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDatabaseForTests, type TestDatabase } from './backends';
import { createPgPool, type PgPool } from '../../src/main/engine/adapters/postgres/pg-pool';
import { PgSchemaBehindError, PgSchemaTooNewError, migratePostgres, pgSchemaVersion, requireCurrentPgSchema } from '../../src/main/engine/adapters/postgres/pg-migrate';
import { PG_SCHEMA_VERSION } from '../../src/main/engine/adapters/postgres/pg-migrations';

let db: TestDatabase | null = null;
let pool: PgPool;
beforeAll(async () => {
  db = await createPostgresDatabaseForTests();
  if (db) pool = createPgPool(db.url, { max: 4 });
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

describe('Postgres migrations', () => {
  it('refuse to serve an unmigrated database, then migrate it once, and a second run applies nothing', async (ctx) => {
    if (!db) return ctx.skip();
    expect(await pgSchemaVersion(pool)).toBe(0);
    await expect(requireCurrentPgSchema(pool)).rejects.toBeInstanceOf(PgSchemaBehindError);
    const [first, second] = await Promise.all([migratePostgres(pool), migratePostgres(pool)]);
    expect([...first, ...second].sort()).toEqual(Array.from({ length: PG_SCHEMA_VERSION }, (_, i) => i + 1));
    expect(await migratePostgres(pool)).toEqual([]);
    await expect(requireCurrentPgSchema(pool)).resolves.toBeUndefined();
    const { rows } = await pool.query<{ n: number }>(`SELECT count(*) AS n FROM pg_indexes WHERE indexname = 'idx_task_audits_task_id'`);
    expect(rows[0]!.n).toBe(1);
  });

  it('refuse a database from a newer build and change nothing', async (ctx) => {
    if (!db) return ctx.skip();
    await migratePostgres(pool);
    await pool.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, now())', [PG_SCHEMA_VERSION + 1]);
    await expect(migratePostgres(pool)).rejects.toBeInstanceOf(PgSchemaTooNewError);
    await expect(requireCurrentPgSchema(pool)).rejects.toThrow(/newer DecisionOS/);
    await pool.query('DELETE FROM schema_migrations WHERE version = $1', [PG_SCHEMA_VERSION + 1]);
  });
});
