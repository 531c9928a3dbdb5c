import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgPool, inTransaction, type PgPool } from '../../src/main/engine/adapters/postgres/pg-pool';
import { unreachableBackend } from '../../src/main/engine/adapters/unreachable-backend';
import { startTcpProxy, type TcpProxy } from '../fixtures/tcp-proxy';
import { createPostgresDatabaseForTests, type TestDatabase } from './backends';

const db: TestDatabase | null = await createPostgresDatabaseForTests();

describe.skipIf(db === null)('Postgres pool while the server goes away', () => {
  let proxy: TcpProxy;
  let pool: PgPool;
  const idleErrors: Error[] = [];
  beforeAll(async () => {
    proxy = await startTcpProxy((db as TestDatabase).url);
    pool = createPgPool(proxy.url((db as TestDatabase).url), { max: 4 }, (error) => idleErrors.push(error));
  });
  afterAll(async () => {
    await pool.end();
    await proxy.close();
    await db?.drop();
  });

  it('fails the transaction in hand (an unreachable-Postgres error) without an unhandled error event, and serves again once the server is back', async () => {
    // Two clients in the pool: one for the transaction, one idle, both cut.
    await Promise.all([pool.query('SELECT pg_sleep(0.05)'), pool.query('SELECT pg_sleep(0.05)')]);
    const inHand = inTransaction(pool, async (client) => {
      await client.query('SELECT 1');
      proxy.cut();
      await new Promise((resolve) => setTimeout(resolve, 200)); // the socket dies while the client is checked out
      return client.query('SELECT 2');
    });
    const error = await inHand.then(() => null, (e: unknown) => e);
    expect(unreachableBackend(error)).toBe('Postgres');
    await expect(pool.query('SELECT 1')).rejects.toSatisfy((e) => unreachableBackend(e) === 'Postgres');
    proxy.restore();
    await expect.poll(() => pool.query('SELECT 3 AS n').then((r) => r.rows[0].n, () => null), { timeout: 5_000 }).toBe(3);
    expect(idleErrors.length).toBeGreaterThan(0); // the idle client's failure was reported, not thrown
  });
});
