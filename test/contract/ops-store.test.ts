import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/main/engine/adapters/sqlite/database';
import { createSqliteStore } from '../../src/main/engine/adapters/sqlite/sqlite-store';
import { createPgPool, type PgPool } from '../../src/main/engine/adapters/postgres/pg-pool';
import { migratePostgres } from '../../src/main/engine/adapters/postgres/pg-migrate';
import { pgPolicyReads, pgPolicyWrites } from '../../src/main/engine/adapters/postgres/pg-policy-repository';
import { pgKeyReads, pgKeyWrites } from '../../src/main/engine/adapters/postgres/pg-key-repository';
import { pgOpsAuditLog } from '../../src/main/engine/adapters/postgres/pg-ops-audit-log';
import { pgRetention } from '../../src/main/engine/adapters/postgres/pg-retention';
import { pgStoreHealth } from '../../src/main/engine/adapters/postgres/pg-store-health';
import { createPostgresDatabaseForTests } from './backends';
import { opsStoreContract, type OpsStore } from './ops-store.contract';
import { postgresSeed, sqliteSeed, truncatePostgres } from './store-seed';

describe('Ops store contract: SQLite', () => {
  opsStoreContract(async () => {
    const db = openDatabase(':memory:');
    return { store: createSqliteStore(db, ':memory:'), seed: sqliteSeed(db) };
  });
});

const database = await createPostgresDatabaseForTests();
let pool: PgPool;

function pgOpsStore(p: PgPool): OpsStore {
  return {
    ...pgPolicyReads(p), ...pgPolicyWrites(p), ...pgKeyReads(p), ...pgKeyWrites(p), ...pgOpsAuditLog(p), ...pgRetention(p), ...pgStoreHealth(p),
  };
}

describe.skipIf(database === null)('Ops store contract: Postgres', () => {
  beforeAll(async () => {
    // Several connections, so concurrent calls really run concurrently (as several API processes would).
    pool = createPgPool(database!.url, { max: 8 });
    await migratePostgres(pool);
  });
  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  opsStoreContract(async () => {
    await truncatePostgres(pool);
    return { store: pgOpsStore(pool), seed: postgresSeed(pool) };
  });

  it('reports the database size Postgres measures, which is more than nothing', async () => {
    expect(await pgStoreHealth(pool).sizeBytes()).toBeGreaterThan(1_000_000);
  });
});
