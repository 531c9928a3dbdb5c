import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDatabaseForTests, type TestDatabase } from './backends';
import { createPgPool, type PgPool } from '../../src/main/engine/adapters/postgres/pg-pool';

let db: TestDatabase | null = null;
let pool: PgPool;
beforeAll(async () => {
  db = await createPostgresDatabaseForTests();
  if (db) pool = createPgPool(db.url, { max: 1 });
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

describe('the Postgres pool', () => {
  it('prepares a parameterised statement once per connection and reuses it, with the same answers', async (ctx) => {
    if (!db) return ctx.skip();
    const text = 'SELECT $1::int + 1 AS n';
    expect((await pool.query<{ n: number }>(text, [1])).rows[0]?.n).toBe(2);
    expect((await pool.query<{ n: number }>(text, [41])).rows[0]?.n).toBe(42);
    const prepared = await pool.query<{ name: string; statement: string }>('SELECT name, statement FROM pg_prepared_statements');
    expect(prepared.rows.filter((r) => r.statement === text)).toEqual([{ name: expect.stringMatching(/^dos_[0-9a-f]{20}$/), statement: text }]);
  });

  it('runs a statement without parameters as it is (BEGIN, COMMIT, SET)', async (ctx) => {
    if (!db) return ctx.skip();
    await pool.query('SELECT 1');
    const prepared = await pool.query<{ statement: string }>('SELECT statement FROM pg_prepared_statements');
    expect(prepared.rows.map((r) => r.statement)).not.toContain('SELECT 1');
  });
});
