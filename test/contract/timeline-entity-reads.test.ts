import { afterAll, beforeAll, describe } from 'vitest';
import { openDatabase } from '../../src/main/engine/adapters/sqlite/database';
import { createSqliteStore } from '../../src/main/engine/adapters/sqlite/sqlite-store';
import { createPgPool, type PgPool } from '../../src/main/engine/adapters/postgres/pg-pool';
import { migratePostgres } from '../../src/main/engine/adapters/postgres/pg-migrate';
import { pgTimelineReads } from '../../src/main/engine/adapters/postgres/pg-timeline-reads';
import { pgEntityReads } from '../../src/main/engine/adapters/postgres/pg-entity-reads';
import { createPostgresDatabaseForTests } from './backends';
import { timelineEntityReadsContract } from './timeline-entity-reads.contract';
import { postgresSeed, sqliteSeed, truncatePostgres } from './store-seed';

describe('Timeline and entity reads contract: SQLite', () => {
  timelineEntityReadsContract(async () => {
    const db = openDatabase(':memory:');
    return { store: createSqliteStore(db, ':memory:'), seed: sqliteSeed(db) };
  });
});

const database = await createPostgresDatabaseForTests();
let pool: PgPool;

describe.skipIf(database === null)('Timeline and entity reads contract: Postgres', () => {
  beforeAll(async () => {
    pool = createPgPool(database!.url, { max: 4 });
    await migratePostgres(pool);
  });
  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  timelineEntityReadsContract(async () => {
    await truncatePostgres(pool);
    return { store: { ...pgTimelineReads(pool), ...pgEntityReads(pool) }, seed: postgresSeed(pool) };
  });
});
