import { afterAll, beforeAll, describe } from 'vitest';
import { openDatabase } from '../../src/main/engine/adapters/sqlite/database';
import { createSqliteStore } from '../../src/main/engine/adapters/sqlite/sqlite-store';
import { createPgPool, type PgPool } from '../../src/main/engine/adapters/postgres/pg-pool';
import { migratePostgres } from '../../src/main/engine/adapters/postgres/pg-migrate';
import { pgAuditExportReads } from '../../src/main/engine/adapters/postgres/pg-audit-export-reads';
import { createPostgresDatabaseForTests } from './backends';
import { auditExportReadsContract } from './audit-export-reads.contract';
import { postgresSeed, sqliteSeed, truncatePostgres } from './store-seed';

describe('Audit export reads contract: SQLite', () => {
  auditExportReadsContract(async () => {
    const db = openDatabase(':memory:');
    return { store: createSqliteStore(db, ':memory:'), seed: sqliteSeed(db) };
  });
});

const database = await createPostgresDatabaseForTests();
let pool: PgPool;

describe.skipIf(database === null)('Audit export reads contract: Postgres', () => {
  beforeAll(async () => {
    pool = createPgPool(database!.url, { max: 4 });
    await migratePostgres(pool);
  });
  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  auditExportReadsContract(async () => {
    await truncatePostgres(pool);
    return { store: pgAuditExportReads(pool), seed: postgresSeed(pool) };
  });
});
