import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe } from 'vitest';
import { openDatabase } from '../../src/main/engine/adapters/sqlite/database';
import { createSqliteStore } from '../../src/main/engine/adapters/sqlite/sqlite-store';
import { sqliteBackupReads, sqliteBackupWrites } from '../../src/main/engine/adapters/sqlite/sqlite-backup';
import { createPgPool, type PgPool } from '../../src/main/engine/adapters/postgres/pg-pool';
import { migratePostgres } from '../../src/main/engine/adapters/postgres/pg-migrate';
import { createPostgresStore } from '../../src/main/engine/adapters/postgres/pg-store';
import { createPgBackup } from '../../src/main/engine/adapters/postgres/pg-backup';
import { tempDataDir } from '../fixtures/engine';
import { createPostgresDatabaseForTests, type TestDatabase } from './backends';
import { databaseBackupContract } from './database-backup.contract';

const cleanup: (() => Promise<unknown> | unknown)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

describe('DatabaseBackup contract: on the embedded SQLite file', () => {
  databaseBackupContract(async () => {
    const dir = tempDataDir('dos-backup-contract-');
    const db = openDatabase(path.join(dir, 'decisionos.sqlite'));
    const store = createSqliteStore(db, path.join(dir, 'decisionos.sqlite'), { checkpoints: false });
    cleanup.push(() => store.close(), () => fs.rmSync(dir, { recursive: true, force: true }));
    return { store, backup: { ...sqliteBackupReads(), ...sqliteBackupWrites(db) }, dir };
  });
});

// One database per case: a restore replaces all of it.
const probe: TestDatabase | null = await createPostgresDatabaseForTests();
await probe?.drop();
describe.skipIf(probe === null)('DatabaseBackup contract: on Postgres (pg_dump / pg_restore)', () => {
  databaseBackupContract(async () => {
    const db = (await createPostgresDatabaseForTests()) as TestDatabase;
    const pool: PgPool = createPgPool(db.url, { max: 2 });
    await migratePostgres(pool);
    const dir = tempDataDir('dos-backup-contract-pg-');
    cleanup.push(() => db.drop(), () => pool.end(), () => fs.rmSync(dir, { recursive: true, force: true }));
    return { store: createPostgresStore(pool), backup: createPgBackup(db.url), dir };
  });
});
