import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createPostgresDatabaseForTests, type TestDatabase } from './backends';

let db: TestDatabase | null = null;
beforeAll(async () => {
  db = await createPostgresDatabaseForTests();
});
afterAll(async () => {
  await db?.drop();
});

describe('the Postgres test backend', () => {
  it('gives each suite an empty database of its own, dropped afterwards', async (ctx) => {
    if (!db) return ctx.skip();
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'public'`);
      expect(Number(rows[0]!.n)).toBe(0);
    } finally {
      await client.end();
    }
  });
});
